"""The gate: which memo lines may reach a customer, and the held task's words (domain/gate*.py)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from aftercall.domain.composer import ComposeContext, compose_sms
from aftercall.domain.email_composer import compose_email
from aftercall.domain.gate import Action, Check, GateDecision, GatePolicy, apply_summary, gate_memo
from aftercall.domain.gate_notice import agent_locale, hold_task_description, hold_task_name
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.memo_lint import lint_memo

CTX = ComposeContext("에이스카드", "1588-0000", "https://d.example.com/l/abc")
GOOD = Memo(purpose="11월 요금 중복 청구 문의", status="환불 접수 완료", desired_outcome="중복 청구분 환불")


def decide(memo: Memo, policy: GatePolicy | None = None) -> GateDecision:
    return gate_memo(memo, lint_memo(memo), policy)


def memo_with(**fields: Any) -> Memo:
    return dataclasses.replace(GOOD, **fields)


def test_a_good_memo_passes_untouched() -> None:
    decision = decide(GOOD)
    assert (decision.action, decision.findings, decision.memo) == (Action.SEND, (), GOOD)


def test_a_judging_purpose_is_held_by_default_and_nothing_of_the_memo_is_left() -> None:
    memo = Memo(purpose="진상 고객이 무례하게 환불 요구", status="환불 접수", desired_outcome="환불")
    decision = decide(memo)
    assert decision.held
    assert {(f.check, f.field) for f in decision.findings} == {(Check.JUDGING, "purpose")}
    assert (decision.memo.purpose, decision.memo.status, decision.memo.desired_outcome) == ("", "", "")


def test_a_judging_purpose_dropped_by_configuration_gives_the_generic_text() -> None:
    memo = Memo(purpose="진상 고객이 무례하게 환불 요구", status="환불 접수", desired_outcome="환불")
    decision = decide(memo, GatePolicy({Check.JUDGING: Action.DROP}))
    assert (decision.action, decision.neutral) == (Action.DROP, True)
    for strategy in Strategy:
        generic = compose_sms(Memo(), strategy, "ko-KR", CTX).text
        assert compose_sms(decision.memo, strategy, "ko-KR", CTX).text == generic
        assert "진상" not in compose_email(decision.memo, strategy, "ko-KR", CTX).text


def test_markup_on_an_optional_line_drops_that_line_only() -> None:
    memo = memo_with(problem='<a href="http://x.example">여기</a> 참고')
    decision = decide(memo)
    assert (decision.action, decision.neutral) == (Action.DROP, False)
    assert decision.memo.problem == ""
    assert decision.memo.purpose == GOOD.purpose


@pytest.mark.parametrize(
    ("field", "text", "check"),
    [
        ("status", "고객님 {name} 환불 접수", Check.PLACEHOLDER),
        ("status", "카드 4111-1111-1111-1111 취소", Check.CARD_NUMBER),
        ("desired_outcome", "900101-1234567 본인 확인 후 환불", Check.RESIDENT_NUMBER),
        ("desired_outcome", "110-123-456789 계좌로 환불", Check.ACCOUNT_NUMBER),
        ("purpose", "요금 &amp; 수수료 문의", Check.MARKUP),
    ],
)
def test_a_required_line_with_a_never_sent_finding_takes_the_neutral_form(
    field: str, text: str, check: Check
) -> None:
    memo = memo_with(**{field: text})
    decision = decide(memo)
    assert (decision.action, decision.neutral) == (Action.DROP, True)
    assert [(f.check, f.field) for f in decision.findings] == [(check, field)]
    sms = compose_sms(decision.memo, Strategy.DETAIL, "ko-KR", CTX).text
    assert text not in sms
    assert sms == compose_sms(Memo(), Strategy.DETAIL, "ko-KR", CTX).text


def test_full_width_and_invisible_variants_are_caught() -> None:
    memo = memo_with(progress="＜ｂ＞완료＜／ｂ＞ 4111\u200b1111 1111 1111")
    checks = {f.check for f in decide(memo).findings}
    assert {Check.MARKUP, Check.CARD_NUMBER} <= checks


def test_the_appointment_place_and_bring_are_gated_too() -> None:
    appointment = Appointment("2026-12-01T10:00:00+09:00", place="강남 <b>센터</b>", bring="{준비물}")
    decision = decide(memo_with(appointment=appointment))
    assert decision.memo.appointment == Appointment("2026-12-01T10:00:00+09:00", "", "")


def test_vague_is_sent_by_default_and_configurable() -> None:
    memo = memo_with(progress="확인 필요")
    assert decide(memo).memo == memo
    assert decide(memo, GatePolicy({Check.VAGUE: Action.DROP})).memo.progress == ""
    assert decide(memo, GatePolicy({Check.VAGUE: Action.HOLD})).held


def test_spelling_findings_follow_their_own_setting() -> None:
    memo = GOOD
    spelling = [Finding(Rule.SPELLING, "status")]
    assert gate_memo(memo, spelling).action is Action.SEND
    assert gate_memo(memo, spelling, GatePolicy({Check.SPELLING: Action.DROP})).neutral


@pytest.mark.parametrize("check", [c for c in Check if c not in {Check.VAGUE, Check.SPELLING}])
def test_never_sent_classes_refuse_send(check: Check) -> None:
    with pytest.raises(ValueError, match="never sent"):
        GatePolicy({check: Action.SEND})


def test_the_agent_note_is_never_gated() -> None:
    memo = memo_with(agent_note="진상, 카드 4111 1111 1111 1111 <b>")
    assert decide(memo).action is Action.SEND


def test_the_recorded_summary_lets_out_what_the_decision_did() -> None:
    memo = memo_with(problem="<b>x</b>", progress="확인 필요")
    for policy in (None, GatePolicy({Check.VAGUE: Action.DROP}), GatePolicy({Check.MARKUP: Action.HOLD})):
        decision = decide(memo, policy)
        assert apply_summary(memo, decision.summary()) == decision.memo


def test_the_held_task_says_what_to_fix_in_the_agents_language_without_quoting() -> None:
    memo = Memo(purpose="진상 고객 환불 요구", status="카드 4111 1111 1111 1111 취소", desired_outcome="환불")
    summary = decide(memo).summary()
    ko = hold_task_description(summary, agent_locale(memo))
    for label in ("문의 목적", "현재 상황", "카드 번호"):
        assert label in ko
    for fragment in ("진상", "4111", "1111", "환불 요구"):
        assert fragment not in ko
    en_memo = Memo(
        purpose="Rude customer yelling about a refund", status="refund filed", desired_outcome="refund"
    )
    en = hold_task_description(decide(en_memo).summary(), agent_locale(en_memo))
    assert en.startswith("The follow-up of this call was held")
    assert "Purpose: it has emotional or judging words" in en
    assert "Rude" not in en
    assert "yelling" not in en
    assert hold_task_name("ko-KR", "reminder") == "예약 알림 보류: 메모 수정 필요"
    assert agent_locale(Memo(), "en-US") == "en-US"


def test_each_finding_acted_on_is_counted_by_rule(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from aftercall.usecases.gating import observe

    memo = memo_with(purpose="진상 고객 환불 요구", problem="<b>x</b>", progress="확인 필요")
    observe(decide(memo), "f-1")
    metrics = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    counted = sorted(m["rule"] for m in metrics if "Gated" in m)
    assert counted == ["judging", "markup"]  # vague is sent: not counted as gated
    assert all("진상" not in json.dumps(m, ensure_ascii=False) for m in metrics)
