"""The memo lint reads like a person: variants, conjugations, reported speech, names, requirements."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import pytest

from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.memo_lint import judging_words, lint_memo, vague_phrases

FULL = {
    "purpose": "요금 청구 문의",
    "status": "11월 요금에서 중복 청구 12,000원 확인",
    "desired_outcome": "중복 청구 금액 환불",
    "occurred_at": "2026-11-20",
    "problem": "동일 요금제 요금이 두 번 청구됨",
    "progress": "환불 요청 접수 완료, 3영업일 내 처리",
}


def memo(**fields: str) -> Memo:
    return Memo(**{**FULL, **fields})  # type: ignore[arg-type]


# --- spacing, typing and conjugation variants ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "확인 필요",
        "확인필요",
        "확인요망",
        "확인 요망",
        "확인이 필요함",
        "확인해야 함",
        "확인해봐야 됨",
        "재확인 바람",
        "확인 바랍니다",
        "확인 부탁드립니다",
        "검토필요",
        "체크 요망",
    ],
)
def test_given_a_variant_of_needs_checking_when_linted_then_it_is_one_vague_phrase(text: str) -> None:
    assert vague_phrases(text) == ["확인 필요"]


@pytest.mark.parametrize(
    "text",
    [
        "문제 있음",
        "문제있음",
        "문제가있음",
        "문제가 있음",
        "문제 잇음",
        "문제 있슴",
        "문제가 발생함",
        "문제가 좀 있는 듯",
    ],
)
def test_given_a_variant_of_has_a_problem_when_linted_then_it_is_one_vague_phrase(text: str) -> None:
    assert vague_phrases(text) == ["문제 있음"]


@pytest.mark.parametrize("text", ["처리 예정", "처리예정임", "조치 예정입니다", "연락드릴 예정"])
def test_given_a_promise_without_a_date_when_linted_then_it_is_vague(text: str) -> None:
    assert vague_phrases(text) == ["처리 예정"]


@pytest.mark.parametrize("text", ["12월 5일 처리 예정", "3영업일 내 처리 예정", "금요일 오후 연락드릴 예정"])
def test_given_a_promise_with_a_when_when_linted_then_it_is_precise(text: str) -> None:
    assert vague_phrases(text) == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Will look into it", "will look into it"),
        ("we'll look in to this", "will look into it"),
        ("Pending review", "pending review"),
        ("under review", "pending review"),
        ("TBD", "tbd"),
        ("to be checked", "needs checking"),
        ("Needs to be verified", "needs checking"),
        ("Follow up later", "will follow up"),
        ("We'll get back to her", "will follow up"),
        ("has some issues", "has an issue"),
        ("Some sort of issue", "some issue"),
        ("As discussed", "as discussed"),
        ("Advised customer accordingly", "advised accordingly"),
    ],
)
def test_given_polite_but_empty_english_when_linted_then_it_is_vague(text: str, phrase: str) -> None:
    assert vague_phrases(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("보험료 인상 사유 파악 필요", "확인 필요"),
        ("금액 확인 요청드림", "확인 요청"),
        ("알림 설정 쪽 뭔가 이상함", "뭔가 이상함"),
        ("Will double-check the rating factors", "will check"),
        ("Asked billing to take a look", "take a look"),
        ("Something seems off with the settings", "some issue"),
    ],
)
def test_given_a_phrasing_found_after_the_first_freeze_when_linted_then_it_is_vague(
    text: str, phrase: str
) -> None:
    assert vague_phrases(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("반송 사유 알아봐야 함", "알아봐야 함"),
        ("속도 저하 원인 분석 중", "검토 중"),
        ("분석 결과 나오면 연락", "확인 후 연락"),
        ("PG사 쪽 이슈 있음", "문제 있음"),
        ("Need to figure out why it was returned", "needs checking"),
        ("Root cause under investigation", "pending review"),
        ("Will reach out once we know more", "will follow up"),
        ("Some glitch on the provider side", "some issue"),
    ],
)
def test_given_a_phrasing_found_after_the_second_freeze_when_linted_then_it_is_vague(
    text: str, phrase: str
) -> None:
    assert vague_phrases(text) == [phrase]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("고객이 노발대발하며 전화", "화냄"),
        ("Caller flew off the handle", "angry"),
        ("totally unhinged", "crazy"),
    ],
)
def test_given_a_colloquial_outburst_when_linted_then_it_is_judging(text: str, word: str) -> None:
    assert judging_words(text) == [word]


def test_given_a_done_step_written_check_then_inform_when_linted_then_it_is_not_a_promise() -> None:
    assert vague_phrases("대리점 재고 확인 후 안내") == []
    assert vague_phrases("재고 확인 후 안내드리기로 함") == ["확인 후 연락"]


@pytest.mark.parametrize("text", ["좀 이상한 소리가 남", "Took a look at the router logs: no errors"])
def test_given_a_symptom_or_a_past_check_with_its_result_when_linted_then_it_is_not_vague(text: str) -> None:
    assert vague_phrases(text) == []


def test_given_a_check_requested_with_a_date_when_linted_then_it_is_precise() -> None:
    assert vague_phrases("녹취 확인 요청, 12월 4일까지 결과 회신") == []


def test_given_an_english_promise_with_a_date_when_linted_then_it_is_precise() -> None:
    assert vague_phrases("Will follow up by Friday Dec 5 with the decision") == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("진상고객", "진상"),
        ("블랙 컨슈머 의심", "블랙컨슈머"),
        ("막무가내로 요구", "막무가내"),
        ("억지를 부림", "억지"),
        ("무례하게 말함", "무례"),
        ("짜증을 내심", "짜증"),
        ("화를 많이 내시며", "화냄"),
        ("소리 지름", "소리지름"),
        ("욕설함", "욕설"),
        ("욕을 함", "욕설"),
        ("거짓말하는 듯", "거짓말"),
        ("계속 우김", "우김"),
        ("우기는 중", "우김"),
        ("말이 안 통함", "말이 안 통함"),
        ("악성 민원", "악성 고객"),
        ("고객님께서 화가 나신 상태", "화냄"),
    ],
)
def test_given_a_korean_judging_word_in_any_form_when_linted_then_it_is_found(text: str, word: str) -> None:
    assert judging_words(text) == [word]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Customer was RUDE", "rude"),
        ("kept yelling", "yelling"),
        ("Irate caller", "angry"),
        ("Difficult customer", "difficult customer"),
        ("Swore at me", "abusive"),
        ("is lying about it", "liar"),
    ],
)
def test_given_an_english_judging_word_in_any_form_when_linted_then_it_is_found(text: str, word: str) -> None:
    assert judging_words(text) == [word]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("고객 성격이 급해서 설명을 듣지 않음", "성격이 급함"),
        ("Customer was impatient and wouldn't listen", "impatient"),
        ("Exhausting caller", "exhausting"),
    ],
)
def test_given_a_character_judgement_when_linted_then_it_is_judging(text: str, word: str) -> None:
    assert judging_words(text) == [word]


# --- characters a person does not see --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "확\u200b인 필요",
        "확인\u00a0필요",
        "확인　필요",
        unicodedata.normalize("NFD", "확인 필요"),
        "\ufeff확인필요",
    ],
)
def test_given_invisible_or_variant_characters_when_linted_then_the_phrase_is_still_found(text: str) -> None:
    assert vague_phrases(text) == ["확인 필요"]


def test_given_full_width_english_when_linted_then_the_judging_word_is_found() -> None:
    assert judging_words("Customer was ｒｕｄｅ") == ["rude"]


# --- words that only look like listed ones ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "욕실 천장 누수",
        "우기에 생긴 누수",
        "잠긴 문을 억지로 열다 파손",
        "결제 실패 진상 규명 요청",
        "전화 내역 발송",
        "요금을 따져 보니 정상",
        "3회 이상 발생한 장애",
        "The angryBirds app crashed",
    ],
)
def test_given_an_ordinary_word_containing_a_listed_one_when_linted_then_nothing_is_found(text: str) -> None:
    assert judging_words(text) == []
    assert vague_phrases(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Angry Birds subscription charged twice",
        "Rude Health oat drink out of stock",
        "Crazy Shirts gift card",
    ],
)
def test_given_a_brand_on_the_allow_list_when_linted_then_it_is_not_judging(text: str) -> None:
    assert judging_words(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "확인 필요 서류: 주민등록등본",
        "추가 확인 필요 항목: 재직증명서",
        "확인이 필요한 서류는 신분증",
        "추가 확인 필요 없음",
        "추가 확인이 필요할 경우 연락",
        "이상이 있으면 재연락 요청",
        "문제가 있을 경우 연락",
        "To be checked: passport number",
        "no need to check again",
    ],
)
def test_given_a_precise_requirement_or_a_negation_when_linted_then_it_is_not_vague(text: str) -> None:
    assert vague_phrases(text) == []


# --- reported speech and words about someone else --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "고객님 말씀: 배송기사가 불친절했다",
        "고객이 매장 직원이 무례했다고 하심",
        "지난번 상담원이 화를 냈대요",
        '고객 왈 "대리점 직원이 완전 막무가내였다"',
        "기사님이 너무 무례하게 굴었다고 하심",
        "수리비가 터무니없다고 하심",
    ],
)
def test_given_korean_reported_speech_when_linted_then_it_is_not_judging(text: str) -> None:
    assert judging_words(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Customer said the technician was rude",
        'She says the last agent was "really rude"',
        "Customer reported that the store manager was aggressive",
        "Per customer: the neighbour is angry",
    ],
)
def test_given_english_reported_speech_when_linted_then_it_is_not_judging(text: str) -> None:
    assert judging_words(text) == []


@pytest.mark.parametrize(
    "text", ["배송기사 불친절 민원", "불친절한 기사 응대에 사과", "Rude driver complaint"]
)
def test_given_a_judging_word_about_a_third_party_when_linted_then_it_is_not_found(text: str) -> None:
    assert judging_words(text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("진상 고객이 환불하라고 함", "진상"),
        ("고객이 무례하게 환불하라고 소리침", "무례"),
        ("Rude customer said he wants a refund", "rude"),
        ("고집을 부리며 위약금 못 낸다고 함", "고집 부림"),
    ],
)
def test_given_a_judging_word_outside_reported_speech_when_linted_then_it_is_found(
    text: str, word: str
) -> None:
    assert word in judging_words(text)


# --- findings: shape and the accurate rules --------------------------------------------------------


def test_given_a_variant_when_linted_then_the_finding_carries_our_phrase_not_the_agents_text() -> None:
    assert Finding(Rule.VAGUE, "status", "확인 필요") in lint_memo(memo(status="결제 내역 확인요망임"))


@pytest.mark.parametrize("field", ["occurred_at", "problem", "progress"])
def test_given_an_empty_accurate_part_when_linted_then_it_is_missing_detail(field: str) -> None:
    assert lint_memo(memo(**{field: ""})) == [Finding(Rule.MISSING_DETAIL, field)]


@pytest.mark.parametrize("placeholder", ["-", ".", "N/A", "없음", "해당없음", "x", "?"])
def test_given_a_placeholder_in_a_required_part_when_linted_then_it_is_missing(placeholder: str) -> None:
    assert lint_memo(memo(status=placeholder)) == [Finding(Rule.MISSING, "status")]


def test_given_only_placeholders_when_linted_then_the_memo_is_empty() -> None:
    blank = Memo(purpose="-", status=".", desired_outcome="N/A", occurred_at="없음")
    assert lint_memo(blank) == [Finding(Rule.EMPTY, "memo")]


@pytest.mark.parametrize(
    ("when", "word"),
    [
        ("최근", "최근"),
        ("요즘 들어 자주", "최근"),
        ("어제 밤부터", "어제"),
        ("지난주", "다음 주"),
        ("Recently", "recently"),
        ("a few days ago", "a few days ago"),
        ("last week", "next week"),
    ],
)
def test_given_an_undated_time_word_in_occurred_at_when_linted_then_it_is_undated(
    when: str, word: str
) -> None:
    assert lint_memo(memo(occurred_at=when)) == [Finding(Rule.UNDATED, "occurred_at", word)]


@pytest.mark.parametrize("when", ["어제(12월 2일) 밤 11시", "Recently, on Nov 28", "2026-11-20", "11월 말"])
def test_given_a_time_word_with_a_date_when_linted_then_it_is_not_undated(when: str) -> None:
    assert lint_memo(memo(occurred_at=when)) == []


def booked(at: str) -> Memo:
    return replace(memo(), strategy=Strategy.APPOINTMENT, appointment=Appointment(at, "자택"))


def test_given_an_appointment_time_typed_as_free_text_without_a_date_when_linted_then_it_is_undated() -> None:
    assert lint_memo(booked("내일 오후 2시")) == [Finding(Rule.UNDATED, "appointment_at", "내일")]


def test_given_an_appointment_time_typed_as_free_text_with_a_date_when_linted_then_it_is_fine() -> None:
    assert lint_memo(booked("12월 5일(금) 오후 3시")) == []


def test_given_an_iso_appointment_time_when_linted_then_it_is_not_undated() -> None:
    assert lint_memo(booked("2026-12-04T14:00:00+09:00")) == []


def test_given_missing_detail_when_its_severity_is_read_then_it_is_advice_and_judging_must_be_fixed() -> None:
    assert Finding(Rule.MISSING_DETAIL, "problem").severity.value == "advice"
    assert Finding(Rule.JUDGING, "status", "진상").severity.value == "fix"
