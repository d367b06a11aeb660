"""Texts stay within what End User Messaging SMS sends, counted in NFC (issue 13, point 10).

AWS documents 1,600 GSM-7 characters or 630 UCS-2 characters as the longest message; ten UCS-2
parts would hold 670. Decomposed Hangul (NFD, as some keyboards and clipboards produce it) costs
three UTF-16 units a syllable where the composed form costs one.
"""

from __future__ import annotations

import unicodedata

import pytest

from aftercall.domain.composer import ComposeContext, compose_sms
from aftercall.domain.encoding import GSM7, MAX_UNITS, UCS2, analyze, fits, normalize_for_gsm
from aftercall.domain.memo import Strategy
from aftercall.domain.templates import Template, validate_template
from tests.samples import sample_memo

KOREAN = "카드 결제 취소 문의에 대해 안내드립니다"


def test_the_longest_messages_are_630_ucs2_and_1600_gsm7_characters() -> None:
    assert MAX_UNITS == {UCS2: 630, GSM7: 1600}
    assert fits(analyze("가" * 630), 10)
    assert not fits(analyze("가" * 631), 10)  # 10 parts, yet longer than AWS sends
    assert fits(analyze("a" * 1530), 10)


def test_decomposed_hangul_is_counted_and_sent_composed() -> None:
    decomposed = unicodedata.normalize("NFD", KOREAN)
    # two or three units a syllable (one per jamo) where the composed text costs one
    assert analyze(decomposed).units >= 2 * len(KOREAN.replace(" ", "")) + KOREAN.count(" ")
    normalized = normalize_for_gsm(decomposed)
    assert normalized == KOREAN
    assert analyze(normalized) == analyze(KOREAN)


def test_a_decomposed_accent_that_makes_a_text_gsm7_once_composed() -> None:
    assert normalize_for_gsm("Cafe\u0301 open") == "Café open"
    assert analyze(normalize_for_gsm("Cafe\u0301 open")).encoding == GSM7


def test_a_template_over_630_ucs2_characters_is_refused_even_within_ten_parts() -> None:
    # Given a Korean override whose typical rendering is 650 UCS-2 characters: 10 parts, in budget
    filler = "가" * 620
    template = Template(
        "confirm#ko-KR", "[${company_name}] " + filler + " ${callback_number}", 10, "override"
    )
    sizing = analyze(normalize_for_gsm(f"[회사] {filler} 1588-0000"))
    assert (sizing.encoding, sizing.parts) == (UCS2, 10)
    assert sizing.units > 630
    # When it is validated
    reasons = validate_template(template, "회사", "1588-0000")
    # Then the AWS maximum refuses it
    assert any("over the 630 End User Messaging SMS sends" in r for r in reasons)


def test_a_decomposed_template_is_counted_as_it_will_be_sent() -> None:
    # A template pasted in NFD: 3 units a syllable uncounted would be refused; in NFC it fits
    body = unicodedata.normalize("NFD", "[${company_name}] " + "가" * 250 + " ${callback_number}")
    assert validate_template(Template("confirm#ko-KR", body, 4, "override"), "회사", "1588-0000") == ()


@pytest.mark.parametrize("decomposed", [False, True])
def test_composed_texts_are_nfc_and_within_the_limit(decomposed: bool) -> None:
    purpose = "환불 요청 " * 120
    memo = sample_memo(purpose=unicodedata.normalize("NFD", purpose) if decomposed else purpose)
    body = "[${company_name}] ${purpose} ${status} ${callback_number}"
    sms = compose_sms(
        memo,
        Strategy.CONFIRM,
        "ko-KR",
        ComposeContext(company_name="회사", callback_number="1588-0000"),
        template=Template("confirm#ko-KR", body, 10, "override"),
    )
    assert sms.text == unicodedata.normalize("NFC", sms.text)
    assert analyze(sms.text).units <= 630
    assert sms.parts <= 10
