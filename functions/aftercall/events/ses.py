"""Parser model of SES event publishing records (the ``Message`` of an SNS notification).

The configuration set publishes the mail tags with every event; ``followup_id``, ``attempt`` and
``receipt_key`` come back as one-element lists. Addresses (``mail.destination``, the recipients of
a bounce or a complaint), headers and diagnostic codes are left out of the models on purpose. Times
without a zone are UTC; times outside 2000-2199 are invalid (``aftercall.events.bounds.AwsTime``).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from aftercall.domain.receipts import RECEIPT_KEY, Receipt, ReceiptSource, attempt_from_tag, classify
from aftercall.events.bounds import AwsTime

CHANNEL = "email"
BOUNCE = "Bounce"


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class SesMail(_Model):
    message_id: str = Field(alias="messageId", min_length=1, max_length=256)  # a DynamoDB key
    timestamp: AwsTime
    tags: dict[str, list[str]] = Field(default_factory=dict)

    def tag(self, name: str) -> str | None:
        values = self.tags.get(name) or []
        return values[0] if values else None


class SesEventDetail(_Model):
    """The type-specific object (``delivery``, ``bounce``, ...): only its time matters here."""

    timestamp: AwsTime | None = None


class SesBounce(SesEventDetail):
    bounce_type: str = Field(alias="bounceType")  # Permanent | Transient | Undetermined


class SesEvent(_Model):
    event_type: str = Field(alias="eventType", min_length=1)
    mail: SesMail
    bounce: SesBounce | None = None
    complaint: SesEventDetail | None = None
    delivery: SesEventDetail | None = None
    delivery_delay: SesEventDetail | None = Field(default=None, alias="deliveryDelay")

    def status(self) -> str:
        """The classification key: the event type, a bounce qualified by its type."""
        if self.event_type == BOUNCE and self.bounce is not None:
            return f"{BOUNCE}.{self.bounce.bounce_type}"
        return self.event_type

    def occurred_at(self) -> datetime:
        """When the event happened; the mail's send time for types that carry no time of their own."""
        details = (self.bounce, self.complaint, self.delivery, self.delivery_delay)
        times = [d.timestamp for d in details if d is not None and d.timestamp is not None]
        return times[0] if times else self.mail.timestamp


def receipt_from_ses(event: SesEvent) -> Receipt:
    status = event.status()
    at = event.occurred_at()
    attempt_tag = event.mail.tag("attempt")
    return Receipt(
        channel=CHANNEL,
        status=status,
        classification=classify(ReceiptSource.EMAIL, status),
        message_id=event.mail.message_id,
        at=at,
        event_id=f"{event.mail.message_id}:{status}:{at.isoformat()}",
        followup_id=event.mail.tag("followup_id"),
        attempt=attempt_from_tag(attempt_tag) if attempt_tag else None,
        key=event.mail.tag(RECEIPT_KEY),
    )
