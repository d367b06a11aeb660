"""The WhatsApp event destination's messages: statuses become receipts, customers' messages replies.

The samples are in the documented format (AWS's header around Meta's webhook entry as a JSON string,
local/whatsapp_events.py); the fuzz mutates the entry and the header: the parser never raises.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftercall.domain.receipts import ReceiptClass, callback_data
from aftercall.events.whatsapp import whatsapp_events
from aftercall.local.whatsapp_events import envelope, message_value, status_value
from tests.fuzzing import payloads

AT = datetime(2026, 12, 4, 5, 0, tzinfo=UTC)
CALLBACK = callback_data("contact-1", "attempt#whatsapp#1", "k3y")
STATUS = status_value("wamid.HBgL", "failed", AT, "+821012345678", CALLBACK, 131026)
MESSAGE = message_value("+821012345678", "네", "wamid.IN1", AT, reply_to="wamid.HBgL")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _sns_message(value: Any) -> str:
    return json.dumps(envelope(value, AT, "ap-northeast-2"))


def test_a_failed_status_is_a_receipt_of_its_attempt_classified_by_metas_code() -> None:
    events = whatsapp_events(_sns_message(STATUS))
    assert events is not None
    (receipt,) = events.receipts
    assert (receipt.channel, receipt.status, receipt.classification) == (
        "whatsapp",
        "failed:131026",
        ReceiptClass.PERMANENT,
    )
    assert (receipt.followup_id, receipt.attempt, receipt.key) == ("contact-1", "attempt#whatsapp#1", "k3y")
    assert (receipt.message_id, receipt.at) == ("wamid.HBgL", AT)
    assert events.messages == []


def test_a_customers_message_keeps_the_number_text_and_the_message_it_answers() -> None:
    events = whatsapp_events(_sns_message(MESSAGE))
    assert events is not None
    (message,) = events.messages
    assert (message.origination_number, message.body, message.channel) == ("+821012345678", "네", "whatsapp")
    assert (message.previous_message_id, message.at) == ("wamid.HBgL", AT)


def test_a_status_without_our_callback_data_is_kept_for_the_message_id_lookup() -> None:
    value = status_value("wamid.X", "delivered", AT, "+821012345678", None, None)
    events = whatsapp_events(_sns_message(value))
    assert events is not None
    (receipt,) = events.receipts
    assert (receipt.followup_id, receipt.classification) == (None, ReceiptClass.DELIVERED)


def test_media_is_named_not_fetched() -> None:
    value = message_value("+821012345678", "x", "wamid.IN2", AT, None)
    value["messages"][0] = {
        "from": "821012345678",
        "id": "wamid.IN2",
        "timestamp": "1796360400",
        "type": "image",
    }
    events = whatsapp_events(_sns_message(value))
    assert events is not None
    assert events.messages[0].body == "[image]"


def test_anything_else_is_not_a_whatsapp_event() -> None:
    assert whatsapp_events("not json") is None
    assert whatsapp_events(json.dumps({"eventType": "TEXT_DELIVERED"})) is None
    assert whatsapp_events(json.dumps({"whatsAppWebhookEntry": "{"})) is None


@FUZZ
@given(st.sampled_from([STATUS, MESSAGE]).flatmap(payloads))
def test_a_mutated_entry_gives_events_or_none_never_an_error(value: Any) -> None:
    whatsapp_events(_sns_message(value) if isinstance(value, dict) else json.dumps(value))


@FUZZ
@given(payloads(envelope(STATUS, AT, "ap-northeast-2")))
def test_a_mutated_header_gives_events_or_none_never_an_error(message: Any) -> None:
    whatsapp_events(json.dumps(message))
