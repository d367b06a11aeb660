"""Built-in demo scenarios of the agent's side (issue 15): what the agent sees in Amazon Connect.

- ``returning-customer``: the same number calls again; the history module's Lambda tells the second
  agent what the first call was about and what became of its follow-up;
- ``memo-check``: the memo form checks a draft (judging words, a vague status, a card number), the
  agent fixes it, the check passes, and the memo that is saved is the fixed one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aftercall.local.scenario import Scenario

KST = "+09:00"
FIRST_CALL = {
    "aftercall_purpose": "11월 요금 중복 청구 문의",
    "aftercall_status": "중복 청구 12,000원 확인, 환불 접수 완료",
    "aftercall_desired_outcome": "중복 청구분 환불",
    "aftercall_occurred_at": "2026-11-20",
    "aftercall_progress": "3영업일 안에 환불 예정",
    "aftercall_agent_note": "첫 상담원만 보는 메모",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}
SECOND_CALL = {
    "aftercall_purpose": "환불 입금 일정 재문의",
    "aftercall_status": "환불 접수 내역 확인, 12월 1일 입금 예정 안내",
    "aftercall_desired_outcome": "입금 예정일 확인",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}
DRAFT = {
    "aftercall_purpose": "진상 고객이 요금 환불 요구",
    "aftercall_status": "확인 필요",
    "aftercall_desired_outcome": "중복 청구분 환뷸",  # a typo: the check's spelling finds it
    "aftercall_agent_note": "카드 4111 1111 1111 1111 로 결제했다고 함",
    "aftercall_consent": "yes",
}
FIXED = {
    "aftercall_purpose": "11월 요금 중복 청구에 대한 환불 요청",
    "aftercall_status": "중복 청구 12,000원 확인, 12월 1일까지 환불 예정",
    "aftercall_desired_outcome": "중복 청구분 환불",
    "aftercall_occurred_at": "2026-11-20",
    "aftercall_problem": "같은 요금제가 두 번 청구됨",
    "aftercall_progress": "환불 요청 완료",
    "aftercall_agent_note": "카드 끝자리 1111 로 결제했다고 함",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}

Event = Callable[[str, datetime, str | None], dict[str, Any]]


def agent_scenarios(completed_event: Event, contact_id: Callable[[str], str]) -> list[Scenario]:
    return [_returning_customer(completed_event, contact_id), _memo_check(completed_event, contact_id)]


def _returning_customer(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T14:00:00{KST}")
    number = "+821020000021"
    first, second = contact_id("returning-customer/1"), contact_id("returning-customer/2")
    return Scenario.model_validate(
        {
            "name": "returning-customer",
            "description": "The same customer calls again: the next agent sees the first call and its end.",
            "clock": clock.isoformat(),
            "events": [
                completed_event(first, clock - timedelta(minutes=50), None),
                completed_event(second, clock, None),
            ],
            "contacts": [
                {"contactId": first, "customerNumber": number, "attributes": FIRST_CALL},
                {"contactId": second, "customerNumber": number, "attributes": SECOND_CALL},
            ],
            "agentFlows": [{"contactId": second, "function": "customer_history", "customerNumber": number}],
            "expect": {first: "delivered_sms", second: "delivered_sms"},
        }
    )


def _memo_check(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T14:10:00{KST}")
    cid = contact_id("memo-check")
    number = "+821020000022"
    return Scenario.model_validate(
        {
            "name": "memo-check",
            "description": "The memo form checks a draft, the agent fixes it, and the fixed memo is saved.",
            "clock": clock.isoformat(),
            "events": [completed_event(cid, clock, None)],
            "contacts": [{"contactId": cid, "customerNumber": number, "attributes": FIXED}],
            "agentFlows": [
                {"contactId": cid, "function": "check_memo", "label": "draft", "parameters": DRAFT},
                {"contactId": cid, "function": "check_memo", "label": "fixed", "parameters": FIXED},
            ],
            "expect": {cid: "delivered_sms"},
        }
    )
