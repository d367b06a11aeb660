"""Spelling: which words are asked about and how the answer is read (domain/spelling.py), and the
real Hunspell dictionaries through Enchant (adapters/speller.py) where they are installed."""

from __future__ import annotations

import pytest

from aftercall.adapters.hunspell_library import load_library_speller
from aftercall.adapters.speller import HunspellSpeller, load_speller
from aftercall.domain.memo import Appointment, Memo
from aftercall.domain.memo_findings import Rule
from aftercall.domain.spelling import misspelled, spelling_findings, spelling_issues
from aftercall.errors import ConfigurationError

KO = {
    "환불",
    "요청",
    "중복",
    "청구",
    "분",
    "카드",
    "사",
    "사에",
    "재",
    "배송",
    "예정",
    "회사에서",
    "환",
    "물",
    "영업일",
    "안에",
}
EN = {"refund", "the", "call", "at", "branch", "will", "receive", "address", "sent", "screen", "fi", "wi"}


def known(word: str, language: str) -> bool:
    return word in (KO if language == "ko" else EN)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("환불 요청", []),
        ("환뷸 요청", ["환뷸"]),
        ("중복청구분 환불", []),  # a compound of known words
        ("카드사에 요청", []),
        ("재배송 예정", []),  # a one-syllable prefix
        ("환물 요청", ["환물"]),  # two one-syllable words are not a compound: a typo
        ("3영업일 안에 환불", []),  # the number is not part of the word
        ("KT에서 환불", []),  # a particle after a Latin word
        ("맞추ㄴ 요청", ["맞추ㄴ"]),  # a stray jamo
        ("환불 https://example.com/환뷸 요청", []),  # links are not words
        ('<a href="x">환불</a>', []),  # tags are the gate's business, their words are not text
    ],
)
def test_korean_words(text: str, wrong: list[str]) -> None:
    assert misspelled(text, known) == wrong


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Will receive the refund", []),
        ("will recieve the adress", ["recieve", "adress"]),
        ("call Mr. Kim at the Gangnam branch", []),  # names inside a sentence
        ("SMS sent", []),  # acronyms
        ("iPhone screen", []),  # capitals inside a word
        ("Wi-Fi sent", []),
        ("Refnud sent", ["Refnud"]),  # a capital at the start of a sentence is checked
    ],
)
def test_english_words(text: str, wrong: list[str]) -> None:
    assert misspelled(text, known) == wrong


def test_findings_name_the_field_never_the_word() -> None:
    memo = Memo(
        purpose="환뷸 요청",
        status="환불 요청",
        agent_note="환뷸",  # the agent note is not checked: it never reaches the customer
        appointment=Appointment("2026-12-01T10:00:00+09:00", place="테헤란로 152", bring="환뷸"),
    )
    assert [(i.field, i.word) for i in spelling_issues(memo, known)] == [
        ("purpose", "환뷸"),
        ("appointment_bring", "환뷸"),
    ]
    findings = spelling_findings(memo, known)
    assert [(f.rule, f.field, f.phrase) for f in findings] == [
        (Rule.SPELLING, "purpose", ""),
        (Rule.SPELLING, "appointment_bring", ""),
    ]


def test_decomposed_hangul_is_read_as_composed() -> None:
    import unicodedata

    assert misspelled(unicodedata.normalize("NFD", "환불 요청"), known) == []


HUNSPELL_FILES = "/usr/share/hunspell"  # Debian's hunspell-ko and hunspell-en-us (make spelling)


@pytest.fixture(scope="module", params=["enchant", "library"])
def hunspell(request: pytest.FixtureRequest) -> HunspellSpeller:
    """Both ways to the same dictionaries: Enchant (the CLI) and Hunspell's C library (the Lambda)."""
    try:
        if request.param == "enchant":
            return load_speller()
        return load_library_speller(HUNSPELL_FILES)
    except ConfigurationError as exc:  # CI and `make test` install them (make spelling)
        pytest.skip(str(exc))


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("11월 요금 중복 청구 문의", []),
        ("중복 청구 12,000원 확인, 환불 접수 완료", []),
        ("환뷸 접수", ["환뷸"]),
        ("확인햇습니다", ["확인햇습니다"]),
        ("맞추ㄴ 시간에 방문", ["맞추ㄴ"]),
        ("Firmware update guide sent; remote check booked", []),
        ("We will recieve the adress tomorrow", ["recieve", "adress"]),
    ],
)
def test_the_real_dictionaries(hunspell: HunspellSpeller, text: str, wrong: list[str]) -> None:
    assert misspelled(text, hunspell) == wrong


def test_the_real_dictionaries_suggest(hunspell: HunspellSpeller) -> None:
    assert "환불" in hunspell.suggest("환뷸", "ko")
    assert "receive" in hunspell.suggest("recieve", "en")


def test_the_lambdas_library_and_the_clis_enchant_agree_on_the_whole_corpus() -> None:
    """The check_memo Lambda's speller flags exactly what `aftercall lint-memo` flags."""
    from benchmarks.spelling_quality import good_memos, seeded_typos

    try:
        enchant, library = load_speller(), load_library_speller(HUNSPELL_FILES)
    except ConfigurationError as exc:
        pytest.skip(str(exc))
    memos = [m for ms in good_memos().values() for m in ms] + [t.memo for t in seeded_typos()]
    for memo in memos:
        assert spelling_issues(memo, library) == spelling_issues(memo, enchant)
