"""A number the customer can dial: per destination country (issue 16, point 7)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aftercall.domain.composer import compose_sms
from aftercall.domain.memo import Strategy
from aftercall.settings.texts import TextSettings
from tests.samples import sample_memo

NUMBERS = "JP=+81 3 1234 5678,*=+82 2 1234 5678"


def _settings(numbers: str = NUMBERS) -> TextSettings:
    return TextSettings(company_name="Aftercall", callback_number="1588-0000", callback_numbers=numbers)


@pytest.mark.parametrize(
    ("region", "number"),
    [
        ("KR", "1588-0000"),  # at home: the domestic number as written
        ("GB", "+82 2 1234 5678"),  # abroad: the international one
        ("DE", "+82 2 1234 5678"),
        ("JP", "+81 3 1234 5678"),  # a country of its own
        (None, "1588-0000"),
    ],
)
def test_each_country_gets_a_number_it_can_dial(region: str | None, number: str) -> None:
    assert _settings().compose_context(None, "Asia/Seoul", region).callback_number == number


def test_a_uk_customers_text_never_says_a_domestic_only_number() -> None:
    ctx = _settings().compose_context(None, "Europe/London", "GB")
    memo = sample_memo(purpose="Billing question", status="Refund filed", desired_outcome="Refund")
    text = compose_sms(memo, Strategy.CONFIRM, "en-US", ctx).text
    assert "+82 2 1234 5678" in text
    assert "1588" not in text


def test_without_an_international_number_the_configured_one_is_used() -> None:
    assert _settings("").compose_context(None, "Europe/London", "GB").callback_number == "1588-0000"


@pytest.mark.parametrize("numbers", ["KR:1588", "KOR=1588-0000", "*=call us", "=1588-0000"])
def test_a_malformed_entry_is_refused_at_cold_start(numbers: str) -> None:
    with pytest.raises(ValidationError, match="COUNTRY=NUMBER"):
        _settings(numbers)
