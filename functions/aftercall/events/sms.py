"""Parser models of SMS delivery events, and their mapping to ``Receipt``.

Two formats reach the receipt handler as the ``Message`` of an SNS notification:
- End User Messaging SMS configuration-set events (``eventType`` ``TEXT_*``, ``context`` echoed from
  SendTextMessage; it is absent when none was sent);
- legacy Amazon Pinpoint ``_SMS.*`` events, for installations still streaming them (no context:
  they are correlated by ``attributes.message_id``).

The models declare only what correlation and classification need. The destination number, the
message body and the carrier details are left out on purpose, so they never reach a log or an error.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from aftercall.domain.receipts import RECEIPT_KEY, Receipt, ReceiptSource, classify

CHANNEL = "sms"
# Bounds that keep hostile input out of datetime and DynamoDB key errors (real ids are UUIDs).
MAX_MILLIS = 7_258_118_399_999  # 2199-12-31T23:59:59.999Z: events.bounds.LATEST (9999 overflows)
MAX_ID_LENGTH = 256
# Legacy event types that are still on the way; every other `_SMS.*` type is the message's last word.
_LEGACY_IN_FLIGHT = frozenset({"_SMS.BUFFERED", "_SMS.SEND"})
_LEGACY_OPT_OUT = "_SMS.OPTOUT"


class EumSmsEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, alias_generator=to_camel, populate_by_name=True)

    event_type: str = Field(pattern=r"^TEXT_[A-Z_]+$")
    event_timestamp: int = Field(ge=0, le=MAX_MILLIS)  # epoch milliseconds
    is_final: bool = False
    message_id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    message_status: str | None = None
    context: dict[str, str] | None = None
    total_message_parts: int | None = None


class LegacySmsAttributes(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    message_id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    record_status: str | None = None


class LegacySmsEvent(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: str = Field(pattern=r"^_SMS\.[A-Z_]+$")
    event_timestamp: int = Field(ge=0, le=MAX_MILLIS)  # epoch milliseconds
    attributes: LegacySmsAttributes


def receipt_from_eum(event: EumSmsEvent) -> Receipt:
    context = event.context or {}
    return Receipt(
        channel=CHANNEL,
        status=event.event_type,
        classification=classify(ReceiptSource.SMS, event.event_type, provider_final=event.is_final),
        message_id=event.message_id,
        at=_from_millis(event.event_timestamp),
        event_id=f"{event.message_id}:{event.event_type}:{event.event_timestamp}",
        followup_id=context.get("followup_id"),
        attempt=context.get("attempt"),
        key=context.get(RECEIPT_KEY),
    )


def receipt_from_legacy(event: LegacySmsEvent) -> Receipt:
    status = legacy_status(event)
    final = event.event_type not in _LEGACY_IN_FLIGHT
    return Receipt(
        channel=CHANNEL,
        status=status,
        classification=classify(ReceiptSource.SMS_LEGACY, status, provider_final=final),
        message_id=event.attributes.message_id,
        at=_from_millis(event.event_timestamp),
        event_id=f"{event.attributes.message_id}:{event.event_type}:{status}:{event.event_timestamp}",
    )


def legacy_status(event: LegacySmsEvent) -> str:
    """The record status; an opt-out reply may carry none, and is an opt-out whatever it says."""
    if event.event_type == _LEGACY_OPT_OUT:
        return "OPTED_OUT"
    return event.attributes.record_status or event.event_type  # not in the table: counted as unknown


def _from_millis(millis: int) -> datetime:
    return datetime.fromtimestamp(millis / 1000, tz=UTC)
