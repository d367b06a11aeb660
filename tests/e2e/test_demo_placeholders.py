"""A placeholder ("-", ".", "N/A", "없음") is the agent's "nothing here": it never reaches a customer.

Through the real send path: the contact record goes through ingest, the plan, the Step Functions
execution and the sender to the carrier stand-in, and the text the customer got is read there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from aftercall.local.builtin_scenarios import contact_id, contact_record
from aftercall.local.demo_runner import DemoRunner
from aftercall.local.scenario import Scenario

pytestmark = pytest.mark.e2e

CLOCK = datetime.fromisoformat("2026-11-25T10:30:00+09:00")
PLACEHOLDERS = {"-", ".", "n/a", "없음"}
KO_CONFIRM = {
    "aftercall_purpose": "요금 이중 청구 문의",
    "aftercall_status": "-",
    "aftercall_desired_outcome": "없음",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}
EN_DETAIL = {
    "aftercall_purpose": "Router keeps dropping the connection",
    "aftercall_status": "N/A",
    "aftercall_desired_outcome": "A stable connection",
    "aftercall_problem": ".",
    "aftercall_progress": "-",
    "aftercall_strategy": "detail",
    "aftercall_consent": "yes",
    "aftercall_locale": "en-US",
}


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoRunner]:
    with DemoRunner() as runner:
        yield runner


def _values(text: str) -> list[str]:
    """What follows each label in the text ("문의 내용: X" → "X")."""
    return [line.partition(": ")[2].strip().casefold() for line in text.splitlines() if ": " in line]


@pytest.mark.parametrize(
    ("label", "number", "attributes", "kept"),
    [
        ("placeholder/ko", "+821020000041", KO_CONFIRM, "요금 이중 청구 문의"),
        ("placeholder/en", "+12065550161", EN_DETAIL, "Router keeps dropping the connection"),
    ],
)
def test_a_placeholder_line_is_left_out_of_the_text_the_customer_gets(
    demo: DemoRunner, label: str, number: str, attributes: dict[str, str], kept: str
) -> None:
    # Given a memo whose agent typed placeholders into some fields
    record = contact_record(contact_id(label), CLOCK, number, attributes)
    scenario = Scenario.model_validate(
        {
            "name": label,
            "clock": CLOCK.isoformat(),
            "records": [record],
            "expect": {record["ContactId"]: "delivered_sms"},
        }
    )
    # When the call's follow-up runs through ingest, the plan and the sender
    result = demo.run(scenario)
    # Then the customer got a text with the real lines and no line that only says "nothing here"
    assert result.ok
    [contact] = result.contacts
    [text] = contact.texts
    assert kept in text
    assert not PLACEHOLDERS & set(_values(text)), text
    assert "missing" in contact.memo_findings  # the lint still tells the agent the field is empty
