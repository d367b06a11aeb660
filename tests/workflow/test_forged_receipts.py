"""A forged publish to the SMS receipt topic cannot end a follow-up (issue 13, point 4).

Anyone allowed to publish to the receipt topics could mark a text delivered before it was sent, or
force the fallback by reporting it blocked. Receipts are now recorded only for an attempt we sent
and only with the receipt key its send carried (docs/receipts.md, "Which receipts count"); a
forgery is counted (``ReceiptIgnored``) and changes nothing. Published through moto's SNS topic, as
the carrier's own events are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from aftercall.domain.followup import attempt_item
from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import MEMO, contact_record, finish, new_customer

pytestmark = pytest.mark.workflow

SMS_1 = attempt_item("sms", 1)


def _forged(contact_id: str, event_type: str) -> dict[str, Any]:
    """A final End User Messaging event naming the follow-up's first text, without its receipt key."""
    return {
        "eventType": event_type,
        "eventVersion": "1.0",
        "eventTimestamp": int(datetime.now(UTC).timestamp() * 1000),
        "isFinal": True,
        "messageId": "forged-message",
        "messageStatus": event_type.removeprefix("TEXT_"),
        "context": {"followup_id": contact_id, "attempt": SMS_1},
    }


def test_a_forged_blocked_receipt_while_the_text_is_on_its_way_forces_no_fallback(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the text is claimed and on its way when a forged "blocked" report is published
    contact_id, phone = new_customer()
    aws.carrier.script(phone, ["TEXT_DELIVERED"])
    carrier = aws.carrier.send_text_message

    def send(**params: Any) -> Any:
        if params["DestinationPhoneNumber"] == phone:
            aws.carrier.topic.emit([_forged(contact_id, "TEXT_BLOCKED")])
        return carrier(**params)

    monkeypatch.setattr(aws.carrier, "send_text_message", send)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the forgery is not on the attempt, and the genuine receipts deliver the follow-up
    assert run.followup.outcome == "delivered_sms"
    assert run.followup.path == ("sms",)
    assert [u.status for u in run.attempts()[0].history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert len(run.texts_sent()) == 1
