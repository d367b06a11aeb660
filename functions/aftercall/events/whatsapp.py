"""WhatsApp events from the business account's event destination (End User Messaging Social → SNS).

The SNS ``Message`` is AWS's header (``context`` with the account and number ids, ``messageId``,
``message_timestamp``) and ``whatsAppWebhookEntry``: Meta's webhook entry as a JSON string, whose
``changes[].value`` holds ``statuses`` (of the messages we sent: sent, delivered, read, failed with
``errors[].code``) and ``messages`` (the customer wrote to us). A status carries the
``biz_opaque_callback_data`` our send set (the attempt and the claim's receipt key).

Read without ever raising, keeping only ids, statuses, codes and times, and, of a customer's message,
its text (an agent may have to read it); names and profile data are left out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aftercall.domain.receipts import Receipt, ReceiptSource, classify, from_callback_data
from aftercall.domain.replies import InboundMessage
from aftercall.events.bounds import EARLIEST, LATEST

CHANNEL = "whatsapp"
MAX_ID = 256
MAX_BODY = 4096  # the longest text a WhatsApp message holds
MAX_ITEMS = 100  # statuses or messages read from one event (Meta batches far fewer)


@dataclass
class WhatsAppEvents:
    """What one SNS message said: status receipts and the customer's messages."""

    receipts: list[Receipt] = field(default_factory=list)
    messages: list[InboundMessage] = field(default_factory=list)


def whatsapp_events(raw: Any) -> WhatsAppEvents | None:
    """One SNS ``Message``; None when it is not an event of the WhatsApp event destination."""
    outer = _json(raw)
    entry = _json(outer.get("whatsAppWebhookEntry")) if isinstance(outer, dict) else None
    changes = entry.get("changes") if isinstance(entry, dict) else None
    if not isinstance(changes, list):
        return None
    out = WhatsAppEvents()
    for change in changes[:MAX_ITEMS]:
        value = change.get("value") if isinstance(change, dict) else None
        if not isinstance(value, dict):
            continue
        out.receipts.extend(r for r in map(_receipt, _items(value, "statuses")) if r is not None)
        out.messages.extend(m for m in map(_message, _items(value, "messages")) if m is not None)
    return out


def _json(raw: Any) -> Any:
    if not isinstance(raw, str):
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _items(value: dict[str, Any], name: str) -> list[dict[str, Any]]:
    items = value.get(name)
    return [i for i in items[:MAX_ITEMS] if isinstance(i, dict)] if isinstance(items, list) else []


def _text(value: Any, limit: int = MAX_ID) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def _time(value: Any) -> datetime | None:
    """Meta's timestamps are epoch seconds, as a string."""
    try:
        seconds = int(str(value))
    except ValueError:
        return None
    if not EARLIEST.timestamp() <= seconds < LATEST.timestamp():
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)


def _receipt(status: dict[str, Any]) -> Receipt | None:
    message_id, name = _text(status.get("id")), _text(status.get("status"), 32)
    at = _time(status.get("timestamp"))
    if message_id is None or name is None or at is None:
        return None
    name = name.lower()
    if name == "failed":
        name = f"failed:{_error_code(status)}"
    correlation = from_callback_data(_text(status.get("biz_opaque_callback_data"), 512) or "")
    followup_id, attempt, key = correlation or (None, None, None)
    return Receipt(
        channel=CHANNEL,
        status=name,
        classification=classify(ReceiptSource.WHATSAPP, name),
        message_id=message_id,
        at=at,
        event_id=f"{message_id}:{name}:{int(at.timestamp())}",
        followup_id=followup_id,
        attempt=attempt,
        key=key,
    )


def _error_code(status: dict[str, Any]) -> str:
    errors = status.get("errors")
    first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else {}
    code = first.get("code")
    return str(code) if isinstance(code, int) and not isinstance(code, bool) else "unknown"


def _message(message: dict[str, Any]) -> InboundMessage | None:
    sender, message_id = _text(message.get("from"), 32), _text(message.get("id"))
    if sender is None or message_id is None:
        return None
    context = message.get("context")
    replied_to = _text(context.get("id")) if isinstance(context, dict) else None
    return InboundMessage(
        origination_number=sender if sender.startswith("+") else f"+{sender}",  # Meta omits the "+"
        body=_body(message),
        inbound_message_id=message_id,
        previous_message_id=replied_to,
        channel=CHANNEL,
        at=_time(message.get("timestamp")),
    )


def _body(message: dict[str, Any]) -> str:
    """The text the customer sent, or a button's label; other kinds are named, not fetched."""
    kind = _text(message.get("type"), 32) or "unknown"
    part = message.get(kind)
    if kind == "text" and isinstance(part, dict):
        return _text(part.get("body"), MAX_BODY) or ""
    if kind == "button" and isinstance(part, dict):
        return _text(part.get("text"), MAX_BODY) or ""
    return f"[{kind}]"


def event_digest(raw: str) -> str:
    """A content-free id of one SNS message, for logs (never the message itself)."""
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:16]
