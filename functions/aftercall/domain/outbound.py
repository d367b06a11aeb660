"""What the use cases ask a channel to send: one text, one email, one callback task."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SmsRequest:
    """One text to send, with the attempt it belongs to."""

    destination: str  # E.164
    text: str
    followup_id: str
    attempt: str  # the attempt item, "attempt#sms#1"
    message_type: str = "TRANSACTIONAL"
    receipt_key: str | None = None  # the claim's key: Context carries it back on every event


@dataclass(frozen=True, slots=True)
class EmailRequest:
    """One email to send, with the attempt it belongs to."""

    to: str
    subject: str
    text: str
    html: str
    followup_id: str
    attempt: str  # the attempt item, "attempt#email#1"
    receipt_key: str | None = None  # the claim's key: a mail tag carries it back on every event


@dataclass(frozen=True, slots=True)
class TaskRequest:
    """A callback task for an agent, linked to the call it follows up.

    ``client_token`` makes the call idempotent (derive it from the follow-up: the SDK's default is
    random). Set ``previous_contact_id`` to chain the task to the call; when that chain is full
    (``TaskChainLimitError``) send the same request with ``related_contact_id`` instead.
    ``references`` maps a reference name to a URL (an ``http(s)://`` value) or a plain string.
    """

    instance_id: str
    contact_flow_id: str
    name: str
    description: str
    client_token: str
    previous_contact_id: str | None = None
    related_contact_id: str | None = None
    scheduled_time: datetime | None = None  # in the contact center's opening hours (≤ 6 days ahead)
    references: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WhatsAppRequest:
    """One WhatsApp message to send: free-form ``text`` (only inside the 24-hour customer-service
    window) or an approved template (``template`` name, ``language``, body ``parameters``)."""

    destination: str  # E.164
    followup_id: str
    attempt: str  # the attempt item, "attempt#whatsapp#1"
    text: str | None = None
    template: str | None = None
    language: str | None = None
    parameters: tuple[str, ...] = ()
    receipt_key: str | None = None  # the claim's key, echoed with every status event (callback data)
