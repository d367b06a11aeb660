"""Text normalisation before the memo lint: what a person reads as the same text is the same text."""

from __future__ import annotations

import unicodedata

import pytest

from aftercall.domain.text_normal import is_blank, normalise


def test_given_full_width_letters_when_normalised_then_they_are_plain_ascii() -> None:
    assert normalise("Customer was ｒｕｄｅ") == "customer was rude"


def test_given_a_full_width_space_and_colon_when_normalised_then_they_are_plain() -> None:
    assert normalise("확인　요망：서류") == "확인 요망:서류"


def test_given_zero_width_characters_when_normalised_then_they_are_gone() -> None:
    assert normalise("확\u200b인\u200c 필\u200d요\ufeff\u2060") == "확인 필요"


def test_given_no_break_spaces_when_normalised_then_they_are_one_plain_space() -> None:
    assert normalise("문제\u00a0\u00a0있음\u202f끝") == "문제 있음 끝"


def test_given_decomposed_hangul_when_normalised_then_it_is_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "확인 필요")
    assert len(decomposed) > len("확인 필요")
    assert normalise(decomposed) == "확인 필요"


def test_given_curly_and_corner_quotes_when_normalised_then_they_are_straight_double_quotes() -> None:
    assert normalise("“rude” 「무례」") == '"rude" "무례"'


def test_given_several_lines_when_normalised_then_line_breaks_stay_and_blank_lines_go() -> None:
    assert normalise("목적: 환불\r\n\r\n  상태:\t접수  ") == "목적: 환불\n상태: 접수"


@pytest.mark.parametrize(
    "value", ["", "  ", "-", ".", "N/A", "n/a", "없음", "해당없음", "해당 없음", "x", "?", "TBD"]
)
def test_given_a_placeholder_when_checked_then_it_counts_as_blank(value: str) -> None:
    assert is_blank(value)


@pytest.mark.parametrize("value", ["환불", "0원 청구", "x2 charge", "N/A 아님: 12월 1일"])
def test_given_real_content_when_checked_then_it_is_not_blank(value: str) -> None:
    assert not is_blank(value)
