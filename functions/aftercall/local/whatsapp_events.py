"""WhatsApp events as End User Messaging Social publishes them to a business account's SNS destination.

AWS's header (``context`` with the account's and number's ids and ARNs, ``aws_account_id``,
``message_timestamp``, ``messageId``) around ``whatsAppWebhookEntry``: Meta's webhook entry as a JSON
string, with ``statuses`` of our messages or ``messages`` from the customer (the Cloud API's webhook
payload). Used by the stand-in and the demo to publish what the service would.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from aftercall.local import ACCOUNT

WABA_ID = "waba-0123456789abcdef0123456789abcdef"  # the linked account's AWS id (demo)
PHONE_NUMBER_ID = "phone-number-id-0123456789abcdef0123456789abcdef"  # the linked number's AWS id (demo)
META_WABA_ID = "102290129340398"
META_PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "15550783881"


def envelope(value: dict[str, Any], at: datetime, region: str) -> dict[str, Any]:
    """One SNS message of the event destination around a webhook ``value``."""
    entry = {"id": META_WABA_ID, "changes": [{"value": value, "field": "messages"}]}
    arn = f"arn:aws:social-messaging:{region}:{ACCOUNT}"
    return {
        "context": {
            "MetaWabaIds": [{"wabaId": META_WABA_ID, "arn": f"{arn}:waba/{WABA_ID.removeprefix('waba-')}"}],
            "MetaPhoneNumberIds": [
                {
                    "metaPhoneNumberId": META_PHONE_NUMBER_ID,
                    "arn": f"{arn}:phone-number-id/{PHONE_NUMBER_ID.removeprefix('phone-number-id-')}",
                }
            ],
        },
        "whatsAppWebhookEntry": json.dumps(entry),
        "aws_account_id": ACCOUNT,
        "message_timestamp": at.isoformat().replace("+00:00", "Z"),
        "messageId": str(uuid.uuid4()),
    }


def _value(**parts: Any) -> dict[str, Any]:
    metadata = {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": META_PHONE_NUMBER_ID}
    return {"messaging_product": "whatsapp", "metadata": metadata, **parts}


def status_value(
    message_id: str, status: str, at: datetime, recipient: str, callback: str | None, error_code: int | None
) -> dict[str, Any]:
    """The webhook value of one status of one of our messages."""
    entry: dict[str, Any] = {
        "id": message_id,
        "status": status,
        "timestamp": str(int(at.timestamp())),
        "recipient_id": recipient.removeprefix("+"),
    }
    if callback:
        entry["biz_opaque_callback_data"] = callback
    if status in ("sent", "delivered"):
        entry["pricing"] = {"billable": True, "pricing_model": "PMP", "category": "utility"}
    if error_code is not None:
        entry["errors"] = [{"code": error_code, "title": "Simulated failure", "message": "Simulated failure"}]
    return _value(statuses=[entry])


def message_value(
    sender: str, body: str, message_id: str, at: datetime, reply_to: str | None
) -> dict[str, Any]:
    """The webhook value of a customer's text message to our number."""
    message: dict[str, Any] = {
        "from": sender.removeprefix("+"),
        "id": message_id,
        "timestamp": str(int(at.timestamp())),
        "type": "text",
        "text": {"body": body},
    }
    if reply_to:
        message["context"] = {"from": DISPLAY_NUMBER, "id": reply_to}
    contact = {"profile": {"name": "Customer"}, "wa_id": sender.removeprefix("+")}
    return _value(contacts=[contact], messages=[message])
