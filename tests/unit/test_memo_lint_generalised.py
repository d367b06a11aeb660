"""Rules added after the 2026-12-05 held-out corpus: each shown on phrasings that are not in it."""

from __future__ import annotations

import pytest

from aftercall.domain.memo import Memo
from aftercall.domain.memo_findings import Rule
from aftercall.domain.memo_lint import judging_words, lint_memo, vague_phrases


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("처리 중입니다", "검토 중"),
        ("진행중이며 결과 미정", "검토 중"),
        ("최대한 빠르게 해결해 드리기로", "빠른 시일 내"),
        ("조속히 조치하겠습니다", "빠른 시일 내"),
        ("경과 관찰 후 판단", "지켜보기로 함"),
        ("조금만 기다려 주시라고 말씀드림", "지켜보기로 함"),
        ("해결해 드리겠습니다", "처리하겠음"),
        ("조치 할게요", "처리하겠음"),
        ("교체될 예정", "처리 예정"),
        ("단순 문의", "기타 문의"),
        ("Misc question", "general inquiry"),
        ("caller had some concerns", "a few questions"),
        ("In progress.", "in progress"),
        ("Ticket is being worked on", "being handled"),
        ("Will resolve shortly", "asap"),
    ],
)
def test_given_an_empty_promise_or_topic_when_linted_then_it_is_vague(text: str, phrase: str) -> None:
    assert phrase in vague_phrases(text)


@pytest.mark.parametrize(
    "text",
    [
        "확인 중요 서류: 신분증",  # 중요 "important", not 중 "in progress"
        "진행 중인 설치는 12/8 오전 방문",  # a date says when
        "기타 요금 항목(부가세) 설명",  # a topic is named
        "Checking account balance explained",  # "checking" is not the whole field
        "Under review; decision by Dec 9",  # a semicolon joins the promise to its date
        "As soon as the part arrives, technician visit on Dec 8",
        "곧바로 재부팅하여 해결됨",  # done, not promised
    ],
)
def test_given_a_precise_lookalike_when_linted_then_it_is_not_vague(text: str) -> None:
    assert vague_phrases(text) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("진 상 짓 함", "진상"),
        ("불 친절한 고객", "불친절"),
        ("버릇이 없으심", "무례"),
        ("동일 문의 반복 -_-", "ㅡㅡ"),
        ("과민 반응하심", "예민함"),
        ("지나친 환불 요구", "무리한 요구"),
        ("고집을 엄청 부리심", "고집 부림"),
        ("골치 아픈 타입", "까다로운 고객"),
        ("a real piece of work", "nightmare"),
        ("classic karen", "karen"),
        ("he did not listen at all", "impatient"),
    ],
)
def test_given_an_indirect_judgement_when_linted_then_it_is_judging(text: str, word: str) -> None:
    assert word in judging_words(text)


@pytest.mark.parametrize(
    "text",
    [
        "설 진상품 배송 일정",
        "예민한 피부용 크림 교환",
        "Karen Park called about her bill",
        "과도한 요금 청구 이의",
    ],
)
def test_given_a_lookalike_word_when_linted_then_it_is_not_judging(text: str) -> None:
    assert judging_words(text) == []


def test_given_a_counted_act_in_the_agent_note_when_linted_then_it_is_a_record_not_a_judgement() -> None:
    memo = Memo(
        purpose="해지 문의",
        status="12/31자 해지 접수",
        desired_outcome="월말 해지",
        occurred_at="2026-12-04",
        problem="타사 이동",
        progress="해지 접수 완료",
        agent_note="통화 중 소리 지름 2회, 녹취 보관",
    )
    assert [f for f in lint_memo(memo) if f.rule is Rule.JUDGING] == []


def test_given_the_same_counted_act_in_a_customer_field_when_linted_then_it_is_still_judging() -> None:
    assert judging_words("통화 중 욕설 2회") == ["욕설"]
    assert judging_words("Swore 3 times, call ended", agent_only=True) == []
