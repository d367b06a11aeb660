"""SMS and SES event parsers, on the documented sample payloads."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from aftercall.domain.receipts import ReceiptClass
from aftercall.events.ses import SesEvent, receipt_from_ses
from aftercall.events.sms import EumSmsEvent, LegacySmsEvent, receipt_from_eum, receipt_from_legacy
from aftercall.handlers.receipts import receipt_from_message
from tests.helpers import load_event, mutate

CONTEXT = {"followup_id": "f-1", "attempt": "attempt#sms#1"}


def _eum(**changes: object) -> EumSmsEvent:
    return EumSmsEvent.model_validate(mutate(load_event("eum_sms_event_text_successful.json"), **changes))


def test_an_sms_event_with_our_context_names_its_attempt() -> None:
    # Given the documented SMS event carrying our Context
    receipt = receipt_from_eum(_eum(context=CONTEXT))
    # Then the receipt is correlated and classified
    assert (receipt.followup_id, receipt.attempt) == ("f-1", "attempt#sms#1")
    assert receipt.classification is ReceiptClass.DELIVERED
    assert receipt.message_id == "862a8790-60c0-4430-9b2b-658bdexample"


def test_an_sms_event_keeps_the_provider_time() -> None:
    receipt = receipt_from_eum(_eum())
    assert receipt.at == datetime(2023, 6, 17, 4, 11, 43, 470000, tzinfo=UTC)


def test_an_sms_event_without_context_is_not_correlated() -> None:
    # Given a real-world event that carries no context key at all
    event = EumSmsEvent.model_validate(load_event("eum_sms_event_text_delivered.cds_notify.json"))
    # When it becomes a receipt
    receipt = receipt_from_eum(event)
    # Then it must be found by message id
    assert not receipt.correlated
    assert receipt.classification is ReceiptClass.DELIVERED


def test_an_sms_event_with_a_foreign_context_is_not_correlated() -> None:
    receipt = receipt_from_eum(_eum())  # the sample's context is {"account": "bar"}
    assert not receipt.correlated


def test_carrier_acceptance_that_is_not_final_is_intermediate() -> None:
    receipt = receipt_from_eum(_eum(isFinal=False))
    assert receipt.classification is ReceiptClass.INTERMEDIATE
    assert not receipt.is_final


def test_a_redelivered_copy_has_the_same_event_id() -> None:
    first, copy = receipt_from_eum(_eum()), receipt_from_eum(_eum())
    assert first.event_id == copy.event_id


def test_statuses_of_one_message_have_different_event_ids() -> None:
    accepted = receipt_from_eum(_eum(isFinal=False))
    delivered = receipt_from_eum(_eum(eventType="TEXT_DELIVERED", eventTimestamp=1686975109000))
    assert accepted.event_id != delivered.event_id


def test_an_sms_event_without_a_message_id_is_rejected() -> None:
    with pytest.raises(ValidationError):
        _eum(messageId=...)


def test_the_parsed_sms_event_holds_no_number() -> None:
    # The model declares no destination: it cannot leak through a repr or an error
    assert "+14255550156" not in repr(_eum())


def test_a_legacy_pinpoint_event_is_classified_by_its_record_status() -> None:
    # Given the documented legacy `_SMS.SUCCESS` event (record_status DELIVERED)
    event = LegacySmsEvent.model_validate(load_event("pinpoint_legacy_sms_event_success.json"))
    # When it becomes a receipt
    receipt = receipt_from_legacy(event)
    # Then it is delivered, and correlated by message id only
    assert (receipt.status, receipt.classification) == ("DELIVERED", ReceiptClass.DELIVERED)
    assert receipt.message_id == "1111-2222-3333"
    assert not receipt.correlated


def test_a_buffered_legacy_acceptance_is_intermediate() -> None:
    payload = mutate(
        load_event("pinpoint_legacy_sms_event_success.json"),
        event_type="_SMS.BUFFERED",
        **{"attributes.record_status": "SUCCESSFUL"},
    )
    receipt = receipt_from_legacy(LegacySmsEvent.model_validate(payload))
    assert receipt.classification is ReceiptClass.INTERMEDIATE


def test_a_legacy_opt_out_is_permanent() -> None:
    payload = mutate(
        load_event("pinpoint_legacy_sms_event_success.json"),
        event_type="_SMS.OPTOUT",
        **{"attributes.record_status": ...},
    )
    receipt = receipt_from_legacy(LegacySmsEvent.model_validate(payload))
    assert (receipt.status, receipt.classification) == ("OPTED_OUT", ReceiptClass.PERMANENT)


def _ses(name: str, **changes: object) -> SesEvent:
    return SesEvent.model_validate(mutate(load_event(f"ses_v2_event_{name}.sns_message.json"), **changes))


OUR_TAGS = {"followup_id": ["f-1"], "attempt": ["attempt-email-1"]}


def test_an_ses_event_with_our_tags_names_its_attempt() -> None:
    receipt = receipt_from_ses(_ses("delivery", **{"mail.tags": OUR_TAGS}))
    assert (receipt.followup_id, receipt.attempt) == ("f-1", "attempt#email#1")
    assert receipt.classification is ReceiptClass.DELIVERED


@pytest.mark.parametrize(
    ("name", "status", "expected"),
    [
        ("bounce", "Bounce.Permanent", ReceiptClass.PERMANENT),
        ("complaint", "Complaint", ReceiptClass.PERMANENT),
        ("delivery", "Delivery", ReceiptClass.DELIVERED),
        ("delivery_delay", "DeliveryDelay", ReceiptClass.INTERMEDIATE),
    ],
)
def test_documented_ses_events_are_classified(name: str, status: str, expected: ReceiptClass) -> None:
    receipt = receipt_from_ses(_ses(name))
    assert (receipt.status, receipt.classification) == (status, expected)


def test_a_soft_bounce_is_transient() -> None:
    receipt = receipt_from_ses(_ses("bounce", **{"bounce.bounceType": "Transient"}))
    assert receipt.classification is ReceiptClass.TRANSIENT


def test_an_ses_event_takes_the_time_of_its_own_detail() -> None:
    receipt = receipt_from_ses(_ses("bounce"))
    assert receipt.at == datetime(2017, 8, 5, 0, 41, 2, 669000, tzinfo=UTC)


def test_the_parsed_ses_event_holds_no_address() -> None:
    assert "recipient@example.com" not in repr(_ses("bounce"))


@pytest.mark.parametrize(
    ("sample", "channel"),
    [
        ("eum_sms_event_text_successful.json", "sms"),
        ("pinpoint_legacy_sms_event_success.json", "sms"),
        ("ses_v2_event_complaint.sns_message.json", "email"),
    ],
)
def test_an_sns_message_is_recognised_by_its_format(sample: str, channel: str) -> None:
    receipt = receipt_from_message(json.dumps(load_event(sample)))
    assert receipt.channel == channel


@pytest.mark.parametrize("message", ["not json", "[]", '{"eventType": "TEXT_DELIVERED"}', '{"mail": {}}'])
def test_a_message_in_no_known_format_raises_a_validation_error(message: str) -> None:
    with pytest.raises(ValidationError):
        receipt_from_message(message)
