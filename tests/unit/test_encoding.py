"""SMS encoding and part counting, checked against the gsm0338 codec as an independent reference."""

from __future__ import annotations

import math
import unicodedata

import gsm0338  # noqa: F401 - registers the "gsm03.38" codec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercall.domain.encoding import GSM7, UCS2, analyze, is_gsm7, normalize_for_gsm

GSM_SAMPLES = "@£$¥èéùìòÇ\nØøÅåΔ_ΦΓÆæßÉ !\"#%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà"
EXTENSION = "^{}\\[~]|€\f"
OTHERS = "한국어안녕“”‘’–—…\u00a0ç😀𝄞"
# Any encodable character (lone surrogates are not text) except the bare GSM escape.
ANY = st.sampled_from(GSM_SAMPLES + EXTENSION + OTHERS) | st.characters(
    codec="utf-8", exclude_characters="\x1b"
)
GSM = st.sampled_from(GSM_SAMPLES + EXTENSION)
# Short texts and texts around and beyond the part limits.
texts = st.text(ANY, max_size=80) | st.text(ANY, min_size=60, max_size=500)
gsm_texts = st.text(GSM, max_size=80) | st.text(GSM, min_size=150, max_size=500)


def reference(text: str) -> tuple[str, int, int]:
    """Encoding, units and parts, from the codec's bytes (GSM-7) or UTF-16 (UCS-2)."""
    try:
        costs = [len(c.encode("gsm03.38")) for c in text]
        encoding, single, per_part = GSM7, 160, 153
    except UnicodeEncodeError:
        costs = [len(c.encode("utf-16-be")) // 2 for c in text]
        encoding, single, per_part = UCS2, 70, 67
    units = sum(costs)
    if units <= single:
        return encoding, units, 1 if units else 0
    parts, room = 1, per_part
    for cost in costs:
        if cost > room:
            parts, room = parts + 1, per_part
        room -= cost
    return encoding, units, parts


@given(texts)
def test_analysis_matches_the_codec_reference(text: str) -> None:
    # Given any text  When it is analysed  Then encoding, units and parts agree with the reference
    result = analyze(text)
    assert (result.encoding, result.units, result.parts) == reference(text)


@given(gsm_texts)
def test_gsm_parts_stay_within_the_arithmetic_bounds(text: str) -> None:
    # Given GSM-7 text  When it is split  Then parts lie between units/153 and units/152 rounded up
    result = analyze(text)
    if result.units > 160:
        assert math.ceil(result.units / 153) <= result.parts <= math.ceil(result.units / 152)


def test_an_extension_character_costs_two_septets() -> None:
    # Given a text with one euro sign  When analysed  Then it is GSM-7 and costs 2 septets for it
    assert analyze("a€").units == 3


def test_one_hangul_character_makes_the_whole_text_ucs2() -> None:
    assert analyze("a" * 100 + "가").encoding == UCS2


def test_a_character_beyond_the_bmp_costs_two_units() -> None:
    assert analyze("😀").units == 2


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("가" * 70, 1),
        ("가" * 71, 2),
        ("가" * 134, 2),
        ("가" * 135, 3),
        ("", 0),
    ],
)
def test_part_limits(text: str, parts: int) -> None:
    assert analyze(text).parts == parts


def test_an_escape_pair_is_never_split_across_parts() -> None:
    # Given 152 septets, a euro sign, then 152 more: 306 units, but the euro cannot straddle parts
    text = "a" * 152 + "€" + "a" * 152
    # Then the euro opens part 2 and the last septet spills into part 3
    assert (analyze(text).units, analyze(text).parts) == (306, 3)


def test_a_surrogate_pair_is_never_split_across_parts() -> None:
    text = "가" * 66 + "😀" + "가" * 66
    assert (analyze(text).units, analyze(text).parts) == (134, 3)


def test_curly_quotes_and_dashes_in_english_become_gsm7() -> None:
    # Given English text with look-alikes  When normalised  Then it is GSM-7 with plain punctuation
    text = "We\u2019ll call you \u201ctomorrow\u201d \u2013 thanks\u2026\u00a0bye"
    assert normalize_for_gsm(text) == 'We\'ll call you "tomorrow" - thanks... bye'


def test_korean_text_is_left_as_it_is() -> None:
    # Given Hangul with a curly quote  When normalised  Then nothing changes (UCS-2 either way)
    text = "“환불” 완료…"
    assert normalize_for_gsm(text) == text


@given(texts)
def test_normalisation_gives_gsm7_or_the_original(text: str) -> None:
    normalized = normalize_for_gsm(text)
    assert normalized == unicodedata.normalize("NFC", text) or is_gsm7(normalized)
    assert normalize_for_gsm(normalized) == normalized
