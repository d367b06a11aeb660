"""Local stand-in for SES event publishing: the events a configuration set sends to SNS.

moto does not publish SES events, so local runs and the workflow tests use this.
``EmailEventSimulator`` publishes, for each email sent, the records SES event publishing would (Send,
then the scripted outcome), in the documented format, to an SNS topic through a real boto3 ``sns``
client (moto's in tests). Its SMS counterpart is ``aftercall.local.carrier``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from aftercall.local.scripted_events import EVENT_SPACING, NO_RECEIPT, EventTopic, Scripts

EMAIL_OUTCOMES = frozenset(
    {"Delivery", "Bounce.Permanent", "Bounce.Transient", "Complaint", "DeliveryDelay", NO_RECEIPT}
)


@dataclass(frozen=True, slots=True)
class SentEmail:
    message_id: str
    to: str
    tags: dict[str, str]
    outcome: str
    sent_at: datetime


class EmailEventSimulator:
    """Publishes the SES event-publishing records (Send, then the scripted outcome) for sent emails.

    Either call ``on_sent`` yourself, or hand ``wrap(sesv2_client)`` to the email adapter: the
    wrapper sends through the real (moto) client and reports every email here.
    """

    def __init__(
        self,
        sns_client: Any,
        topic_arn: str,
        *,
        default_outcome: str = "Delivery",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        publish_immediately: bool = True,
        configuration_set: str = "aftercall",
    ) -> None:
        self.topic = EventTopic(sns_client, topic_arn, publish_immediately)
        self.scripts = Scripts(default_outcome, EMAIL_OUTCOMES)
        self.sent: list[SentEmail] = []
        self._now = now
        self._configuration_set = configuration_set

    def script(self, to: str, outcomes: Iterable[str]) -> None:
        self.scripts.set(to, outcomes)

    def flush(self) -> int:
        return self.topic.flush()

    def wrap(self, ses_client: Any) -> Any:
        return _ReportingSesClient(ses_client, self)

    def on_sent(self, message_id: str, to: str, tags: dict[str, str]) -> SentEmail:
        email = SentEmail(message_id, to, dict(tags), self.scripts.next_for(to), self._now())
        self.sent.append(email)
        self.topic.emit(self._events(email))
        return email

    def _events(self, email: SentEmail) -> list[dict[str, Any]]:
        events = [self._event(email, "Send", None)]
        if email.outcome != NO_RECEIPT:
            events.append(self._event(email, email.outcome, email.sent_at + EVENT_SPACING))
        return events

    def _event(self, email: SentEmail, outcome: str, at: datetime | None) -> dict[str, Any]:
        event_type, _, bounce_type = outcome.partition(".")
        tags = {"ses:configuration-set": [self._configuration_set]} | {k: [v] for k, v in email.tags.items()}
        event: dict[str, Any] = {
            "eventType": event_type,
            "mail": {
                "timestamp": _iso(email.sent_at),
                "source": "aftercall@example.com",
                "sendingAccountId": "123456789012",
                "messageId": email.message_id,
                "destination": [email.to],
                "headersTruncated": False,
                "tags": tags,
            },
        }
        detail = _email_detail(event_type, bounce_type, email.to, at)
        if detail is not None:
            event[detail[0]] = detail[1]
        return event


def _email_detail(
    event_type: str, bounce_type: str, to: str, at: datetime | None
) -> tuple[str, dict[str, Any]] | None:
    """The type-specific object of an SES event, shaped like the documented samples."""
    when = _iso(at) if at else None
    if event_type == "Delivery":
        return "delivery", {
            "timestamp": when,
            "recipients": [to],
            "smtpResponse": "250 2.6.0 Message received",
        }
    if event_type == "Bounce":
        recipient = {
            "emailAddress": to,
            "action": "failed",
            "status": "5.1.1" if bounce_type == "Permanent" else "4.4.7",
        }
        sub_type = "General" if bounce_type == "Permanent" else "MailboxFull"
        return "bounce", {
            "bounceType": bounce_type,
            "bounceSubType": sub_type,
            "bouncedRecipients": [recipient],
            "timestamp": when,
            "feedbackId": str(uuid.uuid4()),
        }
    if event_type == "Complaint":
        return "complaint", {"complainedRecipients": [{"emailAddress": to}], "timestamp": when}
    if event_type == "DeliveryDelay":
        return "deliveryDelay", {"timestamp": when, "delayType": "TransientCommunicationFailure"}
    if event_type == "Send":
        return "send", {}
    return None


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _ReportingSesClient:
    """A ``sesv2`` client that reports each sent email to the simulator; everything else passes through."""

    def __init__(self, client: Any, simulator: EmailEventSimulator) -> None:
        self._client = client
        self._simulator = simulator

    def send_email(self, **params: Any) -> dict[str, Any]:
        response: dict[str, Any] = self._client.send_email(**params)
        tags = {tag["Name"]: tag["Value"] for tag in params.get("EmailTags", [])}
        for to in params.get("Destination", {}).get("ToAddresses", []):
            self._simulator.on_sent(response["MessageId"], to, tags)
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)
