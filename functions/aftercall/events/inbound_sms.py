"""Two-way SMS: End User Messaging SMS publishes each inbound message to an SNS topic.

The SNS ``Message`` is a JSON object: ``originationNumber`` (the customer), ``destinationNumber``
(ours), ``messageKeyword``, ``messageBody``, ``inboundMessageId`` and ``previousPublishedMessageId``
(the message id our ``SendTextMessage`` got, when the customer replied to it). Read without ever
raising: a record that is not such a message reads as None.
"""

from __future__ import annotations

import json
from typing import Any

from aftercall.domain.replies import InboundMessage

MAX_BODY = 1600  # characters kept of a reply (the longest SMS AWS documents)
MAX_ID = 256


def _text(value: Any, limit: int) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def inbound_messages(event: Any) -> list[InboundMessage | None]:
    """One entry per SNS record: the message, or None for one that is not an inbound SMS."""
    records = event.get("Records") if isinstance(event, dict) else None
    return [_read(r) for r in records] if isinstance(records, list) else []


def _read(record: Any) -> InboundMessage | None:
    sns = record.get("Sns") if isinstance(record, dict) else None
    raw = sns.get("Message") if isinstance(sns, dict) else None
    try:
        message = json.loads(raw) if isinstance(raw, str) else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict):
        return None
    number = _text(message.get("originationNumber"), 32)
    inbound_id = _text(message.get("inboundMessageId"), MAX_ID)
    body = message.get("messageBody")
    if number is None or inbound_id is None or not isinstance(body, str):
        return None
    return InboundMessage(
        number, body[:MAX_BODY], inbound_id, _text(message.get("previousPublishedMessageId"), MAX_ID)
    )
