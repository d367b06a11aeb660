"""The memo: read from documented contact attributes, linted for quick, accurate, polite."""

from __future__ import annotations

from aftercall.domain.memo import Memo, Strategy, memo_from_attributes
from aftercall.domain.memo_findings import Rule
from aftercall.domain.memo_lint import lint_memo
from tests.samples import memo_attributes, sample_memo

# The typical memo with every optional customer field filled too: a good memo is linted whole.
OPTIONAL = {
    "occurred_at": "2026-11-20",
    "problem": "동일 요금제 요금이 두 번 청구됨",
    "progress": "환불 요청 접수 완료, 3영업일 내 처리",
}


def attrs(**changes: str) -> dict[str, str]:
    return memo_attributes(**(OPTIONAL | changes))


def rules(memo: Memo) -> list[str]:
    return [f.rule.value for f in lint_memo(memo)]


def test_the_sample_attributes_read_as_the_sample_memo() -> None:
    assert memo_from_attributes(memo_attributes()) == sample_memo()


def test_memo_reads_every_documented_key() -> None:
    memo = memo_from_attributes(
        attrs(
            strategy="Appointment",
            appointment_at="2026-12-01T10:00:00+09:00",
            appointment_place="강남 서비스센터",
            links="https://example.com/a https://example.com/b",
            consent="예",
            locale="ko-KR",
            agent_note="고객이 두 번째 문의",
        )
    )
    assert memo.purpose == "카드 결제 취소 문의"
    assert memo.strategy is Strategy.APPOINTMENT
    assert memo.appointment is not None
    assert memo.appointment.place == "강남 서비스센터"
    assert memo.links == ("https://example.com/a", "https://example.com/b")
    assert memo.consent is True
    assert memo.agent_note == "고객이 두 번째 문의"


def test_agent_note_is_not_a_customer_field() -> None:
    memo = memo_from_attributes(attrs(agent_note="internal only"))
    assert "internal only" not in memo.customer_fields().values()


def test_unknown_strategy_is_left_to_the_default() -> None:
    assert memo_from_attributes(attrs(strategy="shout")).strategy is None


def test_a_good_memo_has_no_findings() -> None:
    assert lint_memo(memo_from_attributes(attrs())) == []


def test_missing_required_parts_are_found() -> None:
    memo = memo_from_attributes(attrs(status="", desired_outcome=""))
    found = lint_memo(memo)
    assert {(f.rule, f.field) for f in found} == {(Rule.MISSING, "status"), (Rule.MISSING, "desired_outcome")}


def test_vague_phrases_are_found_in_both_languages() -> None:
    memo = memo_from_attributes(attrs(status="확인 필요", problem="Router has an issue"))
    found = {(f.field, f.phrase) for f in lint_memo(memo) if f.rule is Rule.VAGUE}
    assert found == {("status", "확인 필요"), ("problem", "has an issue")}


def test_judging_words_about_the_customer_are_found() -> None:
    memo = memo_from_attributes(attrs(agent_note="Customer was rude", problem="진상 고객"))
    assert sorted(f.phrase for f in lint_memo(memo) if f.rule is Rule.JUDGING) == ["rude", "진상"]


def test_latin_phrases_match_whole_words_only() -> None:
    memo = memo_from_attributes(attrs(problem="The angryBirds app crashed on start"))
    assert Rule.JUDGING.value not in rules(memo)


def test_an_empty_memo_is_one_finding() -> None:
    assert rules(memo_from_attributes({})) == [Rule.EMPTY.value]


def test_appointment_without_place_is_incomplete() -> None:
    memo = memo_from_attributes(attrs(strategy="appointment", appointment_at="2026-12-01"))
    assert Rule.APPOINTMENT_INCOMPLETE.value in rules(memo)
