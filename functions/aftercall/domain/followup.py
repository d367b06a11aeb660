"""A follow-up and its attempts as the use cases see them: plain values, no table in sight.

``adapters/followup_store.py`` maps these to and from the followups table; the attempt key format
(``attempt#sms#1``) is defined here once because receipts carry it back in SMS Context and SES tags.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from aftercall.domain.gate_values import GateSummary
from aftercall.domain.resend import Resend

ATTEMPT_PREFIX = "attempt#"
PLANNED = "planned"  # the follow-up's status while its text may still be sent
# The most receipts one attempt keeps. A text has two or three, an email a few more (opens and clicks
# included); the cap keeps an attempt far below DynamoDB's 400 KB item limit whatever is published.
MAX_HISTORY = 50


def new_receipt_key() -> str:
    """An unguessable key for one claim, sent with the message (SMS Context, SES tag) and checked on
    every receipt: a receipt that does not carry it is not about a send we made."""
    return secrets.token_urlsafe(16)  # 22 characters of [A-Za-z0-9_-]: a valid SES tag value


def attempt_item(channel: str, number: int) -> str:
    """``("sms", 1)`` → ``"attempt#sms#1"``: the attempt's sort key, carried in SMS Context and SES tags."""
    return f"{ATTEMPT_PREFIX}{channel}#{number}"


_ATTEMPT_ITEM = re.compile(rf"{ATTEMPT_PREFIX}([a-z]+)#([0-9]{{1,6}})")


def is_attempt_item(item: str) -> bool:
    """True for a key ``attempt_item`` writes (receipts carry it back; a forged one is not)."""
    return _ATTEMPT_ITEM.fullmatch(item) is not None


def parse_attempt_item(item: str) -> tuple[str, int]:
    match = _ATTEMPT_ITEM.fullmatch(item)
    if match is None:
        raise ValueError("not an attempt key")
    return match.group(1), int(match.group(2))


@dataclass(frozen=True)
class StatusUpdate:
    """One delivery status a receipt reported for an attempt."""

    status: str
    at: datetime
    final: bool
    source: str  # the channel that reported it: "sms" | "email"
    event_id: str
    message_id: str | None
    key: str | None = None  # the claim's receipt key the message carried back (None: none carried)
    by_message_id: bool = False  # correlated through the message id a receipt already recorded


@dataclass(frozen=True)
class AttemptView:
    """One send attempt of a follow-up (``attempt#<channel>#<n>``) and its receipts."""

    followup_id: str
    item: str
    channel: str
    number: int
    state: str
    task_token: str | None
    message_id: str | None
    final_status: str | None
    resolved: bool
    claimed_at: datetime | None = None
    history: tuple[StatusUpdate, ...] = ()
    receipt_key: str | None = None  # written by the claim; None on attempts claimed without one

    @property
    def claimed(self) -> bool:
        return self.claimed_at is not None

    @property
    def history_full(self) -> bool:
        return len(self.history) >= MAX_HISTORY

    def recorded(self, event_id: str) -> bool:
        return any(u.event_id == event_id for u in self.history)

    @property
    def final_update(self) -> StatusUpdate | None:
        """The first final status received (a later duplicate or contradiction does not change it)."""
        return next((u for u in self.history if u.final), None)


@dataclass(frozen=True)
class TextClaim:
    """What an SMS claim records besides the token: known before sending, so no write follows it."""

    parts: int
    encoding: str
    customer_key: str | None  # the HMAC key (never the number): the frequency cap counts it


@dataclass(frozen=True)
class SmsText:
    """The text a follow-up's SMS says, fixed when the follow-up is planned."""

    text: str
    parts: int
    encoding: str
    template_id: str = ""


@dataclass(frozen=True)
class NewFollowup:
    """A follow-up as the plan creates it."""

    followup_id: str
    contact_id: str
    kind: str  # followup | reminder
    customer_key: str | None
    call_ended_at: datetime | None
    send_at: datetime | None
    route: tuple[str, ...]
    reminder_at: datetime | None = None
    skip_reason: str | None = None
    sms: SmsText | None = None
    locale: str = ""
    reminder_skip: str | None = None  # why an appointment gets no reminder (the plan's own reason)
    gate: GateSummary | None = None  # what the gate decided about the memo's lines
    resend: Resend | None = None  # an operator's resend: which, by which channel, who asked
    channel_skip: str | None = None  # why the customer's preferred WhatsApp is not in the route
    detail_url: str | None = None  # the detail page's link the text carries (a WhatsApp template too)


@dataclass(frozen=True)
class FollowupView:
    """A stored follow-up as the later steps read it."""

    followup_id: str
    contact_id: str
    kind: str
    customer_key: str | None
    status: str
    outcome: str | None
    path: tuple[str, ...]
    route: tuple[str, ...]
    send_at: datetime | None
    call_ended_at: datetime | None
    sms: SmsText | None
    locale: str
    delivered_at: datetime | None = None
    appointment_confirmed_at: datetime | None = None  # the customer confirmed it by replying
    reminder_skip: str | None = None
    gate: GateSummary | None = None
    channel_skip: str | None = None  # why WhatsApp did not carry it (left out by the plan, or skipped)
    detail_url: str | None = None
