"""One SNS message of either receipt topic, in whichever format it came, as one ``Receipt``.

End User Messaging SMS events, legacy Pinpoint SMS events and SES events share the receipt
function; each format is recognised by its content.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Discriminator, Tag, TypeAdapter

from aftercall.domain.receipts import Receipt
from aftercall.events.ses import SesEvent, receipt_from_ses
from aftercall.events.sms import EumSmsEvent, LegacySmsEvent, receipt_from_eum, receipt_from_legacy


def _message_format(payload: Any) -> str:
    if isinstance(payload, dict) and "mail" in payload:
        return "email"
    if isinstance(payload, dict) and "event_type" in payload:
        return "sms-legacy"
    return "sms"


_RECEIPT_MESSAGE: TypeAdapter[EumSmsEvent | LegacySmsEvent | SesEvent] = TypeAdapter(
    Annotated[
        Annotated[EumSmsEvent, Tag("sms")]
        | Annotated[LegacySmsEvent, Tag("sms-legacy")]
        | Annotated[SesEvent, Tag("email")],
        Discriminator(_message_format),
    ]
)


def receipt_from_message(message: str) -> Receipt:
    """Parse one SNS ``Message``; raises pydantic's ValidationError when it is none of the formats."""
    event = _RECEIPT_MESSAGE.validate_json(message)
    if isinstance(event, SesEvent):
        return receipt_from_ses(event)
    if isinstance(event, LegacySmsEvent):
        return receipt_from_legacy(event)
    return receipt_from_eum(event)
