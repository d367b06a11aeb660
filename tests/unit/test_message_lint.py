"""Message lint: one rule per test, on texts the composer could produce."""

from __future__ import annotations

import pytest

from aftercall.domain.message_lint import LintCode, finding_codes, lint_message

CLEAN_EN = (
    "Thank you for calling Acme today.\nDetails: https://d.example.com/l/Ab3d.\nQuestions? Call 1588-1234."
)
CLEAN_KO = "[에이스카드] 고객님, 오늘 문의해 주셔서 감사합니다.\n요청하신 사항: 3월 6일까지 35,000원 환불…"


@pytest.mark.parametrize("text", [CLEAN_EN, CLEAN_KO, "Wait... really?! Yes (today)."])
def test_a_clean_text_has_no_findings(text: str) -> None:
    assert lint_message(text) == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Hello ${purpose}.", LintCode.UNFILLED_PLACEHOLDER),
        ("Hello {{ name }}.", LintCode.UNFILLED_PLACEHOLDER),
        ("Hello {name}.", LintCode.UNFILLED_PLACEHOLDER),
        ("Status:\nCall us.", LintCode.EMPTY_VALUE),
        ("Your request: None", LintCode.EMPTY_VALUE),
        ("Refund () today.", LintCode.EMPTY_VALUE),
        ("We will call the the customer.", LintCode.REPEATED_WORD),
        ("환불 환불 완료", LintCode.REPEATED_WORD),
        ("Thanks  for calling.", LintCode.DOUBLED_SPACE),
        ("Thanks!! Bye.", LintCode.DOUBLED_PUNCTUATION),
        ("Thanks,, bye.", LintCode.DOUBLED_PUNCTUATION),
        ("See https//d.example.com/x", LintCode.MALFORMED_LINK),
        ("See https://localhost/x", LintCode.MALFORMED_LINK),
        ("See http:/d.example.com", LintCode.MALFORMED_LINK),
        ("Refund (35,000 won today.", LintCode.UNBALANCED_BRACKETS),
        ("Refund 35,000 won] today.", LintCode.UNBALANCED_BRACKETS),
        ("[에이스카드 안내", LintCode.UNBALANCED_BRACKETS),
    ],
)
def test_each_rule_finds_its_fault(text: str, code: LintCode) -> None:
    # Given a text with one fault  When linted  Then the fault's code is among the findings
    assert code in {f.code for f in lint_message(text)}


def test_a_link_ending_a_sentence_is_well_formed() -> None:
    assert lint_message("Details at https://d.example.com/l/x?a=1.") == []


def test_banned_phrases_match_whole_words_case_insensitively() -> None:
    findings = lint_message("This is a FREE gift, freedom aside.", banned_phrases=("free", "무료"))
    assert [f.fragment for f in findings] == ["free"]


def test_korean_banned_phrases_match_inside_words() -> None:
    assert finding_codes(lint_message("무료로 드립니다.", banned_phrases=("무료",))) == ("banned_phrase",)


def test_repeated_numbers_are_not_repeated_words() -> None:
    assert lint_message("Room 12 12 is ready.") == []


def test_codes_are_distinct_and_in_order() -> None:
    findings = lint_message("Hi  ${a}  ${b}")
    assert finding_codes(findings) == ("unfilled_placeholder", "doubled_space")
