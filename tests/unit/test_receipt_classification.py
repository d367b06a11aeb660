"""The one classification table: its rules, and its agreement with docs/receipts.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aftercall.domain.receipts import (
    CLASSIFICATION,
    ByFinality,
    ReceiptClass,
    ReceiptSource,
    attempt_from_tag,
    attempt_to_tag,
    classify,
    failure_error,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "receipts.md"
_ROW = re.compile(r"^\| (sms|sms-legacy|email|whatsapp) \| ([^|]+?) \| ([^|]+?) \|$")
_SPLIT = re.compile(r"^(\w+) if final, else (\w+)$")


def _documented_table() -> dict[tuple[str, str], ReceiptClass | ByFinality]:
    rows: dict[tuple[str, str], ReceiptClass | ByFinality] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line.strip())
        if not match:
            continue
        source, status, cell = match.groups()
        split = _SPLIT.match(cell)
        rows[(source, status)] = (
            ByFinality(ReceiptClass(split.group(1)), ReceiptClass(split.group(2)))
            if split
            else ReceiptClass(cell)
        )
    return rows


def test_the_documented_table_and_the_code_agree() -> None:
    # Given the table in docs/receipts.md
    documented = _documented_table()
    # When it is compared with the table in code
    in_code = {
        (str(source), status): entry
        for source, table in CLASSIFICATION.items()
        for status, entry in table.items()
    }
    # Then both hold the same rows with the same classes
    assert documented == in_code


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("TEXT_DELIVERED", ReceiptClass.DELIVERED),
        ("TEXT_CARRIER_UNREACHABLE", ReceiptClass.TRANSIENT),
        ("TEXT_TTL_EXPIRED", ReceiptClass.TRANSIENT),
        ("TEXT_UNKNOWN", ReceiptClass.TRANSIENT),
        ("TEXT_SPAM", ReceiptClass.PERMANENT),
        ("TEXT_PROTECT_BLOCKED", ReceiptClass.PERMANENT),
        ("TEXT_PENDING", ReceiptClass.INTERMEDIATE),
        ("TEXT_QUEUED", ReceiptClass.INTERMEDIATE),
    ],
)
def test_sms_statuses_fall_in_their_class(status: str, expected: ReceiptClass) -> None:
    assert classify(ReceiptSource.SMS, status) is expected


def test_carrier_acceptance_is_delivery_only_when_the_provider_says_it_is_final() -> None:
    # Given TEXT_SUCCESSFUL (the carrier accepted the text)
    # When it is final, and when it is not
    final = classify(ReceiptSource.SMS, "TEXT_SUCCESSFUL", provider_final=True)
    not_final = classify(ReceiptSource.SMS, "TEXT_SUCCESSFUL", provider_final=False)
    # Then only the final one counts as delivered
    assert (final, not_final) == (ReceiptClass.DELIVERED, ReceiptClass.INTERMEDIATE)


def test_a_status_missing_from_the_table_is_unknown_and_never_final() -> None:
    result = classify(ReceiptSource.SMS, "TEXT_SOMETHING_NEW")
    assert result is ReceiptClass.UNKNOWN
    assert not result.is_final


def test_only_delivered_transient_and_permanent_end_the_wait() -> None:
    finals = {c for c in ReceiptClass if c.is_final}
    assert finals == {ReceiptClass.DELIVERED, ReceiptClass.TRANSIENT, ReceiptClass.PERMANENT}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("Bounce.Permanent", ReceiptClass.PERMANENT),
        ("Bounce.Transient", ReceiptClass.TRANSIENT),
        ("Complaint", ReceiptClass.PERMANENT),
        ("Reject", ReceiptClass.PERMANENT),
        ("Rendering Failure", ReceiptClass.PERMANENT),
        ("DeliveryDelay", ReceiptClass.INTERMEDIATE),
        ("Send", ReceiptClass.INTERMEDIATE),
        ("Delivery", ReceiptClass.DELIVERED),
    ],
)
def test_email_events_fall_in_their_class(status: str, expected: ReceiptClass) -> None:
    assert classify(ReceiptSource.EMAIL, status) is expected


@pytest.mark.parametrize(
    ("channel", "classification", "error"),
    [
        ("sms", ReceiptClass.TRANSIENT, "SmsTransientError"),
        ("sms", ReceiptClass.PERMANENT, "SmsPermanentError"),
        ("email", ReceiptClass.PERMANENT, "EmailFailedError"),
        ("email", ReceiptClass.TRANSIENT, "EmailFailedError"),
        ("sms", ReceiptClass.DELIVERED, None),
        ("whatsapp", ReceiptClass.TRANSIENT, "WhatsAppTransientError"),
        ("whatsapp", ReceiptClass.PERMANENT, "WhatsAppPermanentError"),
        ("whatsapp", ReceiptClass.DELIVERED, None),
    ],
)
def test_a_final_failure_names_the_error_the_state_machine_catches(
    channel: str, classification: ReceiptClass, error: str | None
) -> None:
    assert failure_error(channel, classification) == error


def test_the_attempt_survives_the_trip_through_an_ses_tag() -> None:
    # Given an attempt item, which SES would refuse as a tag value ("#")
    tag = attempt_to_tag("attempt#email#2")
    # Then the tag uses allowed characters and reads back as the same item
    assert re.fullmatch(r"[A-Za-z0-9_-]+", tag)
    assert attempt_from_tag(tag) == "attempt#email#2"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("sent", ReceiptClass.INTERMEDIATE),  # on WhatsApp's servers, not yet on the phone
        ("delivered", ReceiptClass.DELIVERED),
        ("read", ReceiptClass.DELIVERED),
        ("failed:131026", ReceiptClass.PERMANENT),  # not on WhatsApp
        ("failed:131047", ReceiptClass.PERMANENT),  # the 24-hour window had closed
        ("failed:132001", ReceiptClass.PERMANENT),  # no such template in this language
        ("failed:130429", ReceiptClass.TRANSIENT),  # the number's rate limit
        ("failed:131016", ReceiptClass.TRANSIENT),  # Meta's service unavailable
        ("failed:999999", ReceiptClass.PERMANENT),  # a code the table does not list: the next channel
        ("failed:unknown", ReceiptClass.PERMANENT),  # a failure with no code at all
        ("warning", ReceiptClass.UNKNOWN),
    ],
)
def test_whatsapp_statuses_fall_in_their_class_by_metas_error_code(
    status: str, expected: ReceiptClass
) -> None:
    assert classify(ReceiptSource.WHATSAPP, status) is expected
