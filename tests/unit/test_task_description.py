"""The callback task an agent gets (issue 16): the failure in plain words in the agent's language,
what the call was about (the customer-facing lines the customer was to read, never the agent-only
note nor a line the gate left out), the number to call, and a time in the opening hours."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from aftercall.domain.callback_task import OpeningHours
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import AttemptView, FollowupView, attempt_item
from aftercall.domain.gate import Action, Check, GateFinding, GateSummary
from aftercall.domain.outbound import TaskRequest
from aftercall.usecases.fallback import CreateTask
from tests.samples import sample_contact_memo, sample_memo

MEMO = sample_memo(
    purpose="카드 결제 취소 문의",
    status="취소 접수 완료, 카드사 반영 대기",
    desired_outcome="3영업일 내 환불 확인",
    agent_note="고객이 두 번째 문의",
)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Followups:
    def __init__(self, attempts: list[AttemptView] | None, gate: GateSummary | None) -> None:
        self._attempts = attempts or []
        self._gate = gate

    def get(self, followup_id: str) -> FollowupView:
        return FollowupView(
            followup_id,
            "c-1",
            "followup",
            "c_key",
            "planned",
            None,
            (),
            (),
            None,
            NOW,
            None,
            "",
            gate=self._gate,
        )

    def attempts(self, followup_id: str) -> list[AttemptView]:
        return self._attempts

    def claim(self, *args: Any, **kwargs: Any) -> None:
        return None

    def mark_sent(self, *args: Any) -> None:
        return None


class Memos:
    def get(self, contact_id: str) -> ContactMemo:
        return sample_contact_memo(contact_id, memo=MEMO)


class Connect:
    def __init__(self) -> None:
        self.requests: list[TaskRequest] = []

    def start_task(self, request: TaskRequest) -> str:
        self.requests.append(request)
        return "task-1"


def _task(
    attempts: list[AttemptView] | None = None, now: datetime = NOW, gate: GateSummary | None = None, **kw: Any
) -> TaskRequest:
    connect = Connect()
    followups = Followups(attempts, gate)
    CreateTask(followups, Memos(), connect, "flow-1", clock=lambda: now, **kw)("c-1")  # type: ignore[arg-type]
    [request] = connect.requests
    return request


def _attempt(channel: str, status: str) -> AttemptView:
    return AttemptView("c-1", attempt_item(channel, 1), channel, 1, "claimed", "t", "m", status, True)


def test_the_task_says_in_korean_what_failed_why_to_call_and_the_number() -> None:
    request = _task([_attempt("sms", "TEXT_BLOCKED"), _attempt("email", "Bounce.Permanent")])

    assert request.name == "후속 안내 미전달: 고객에게 전화해 주세요"
    lines = request.description.splitlines()
    assert lines[0] == "문자와 이메일이 모두 전달되지 않았습니다."
    assert f"문의 목적: {MEMO.purpose}" in lines
    assert f"원하는 결과: {MEMO.desired_outcome}" in lines
    assert "연락처: +821023456789" in lines
    assert request.references["customer_number"] == "+821023456789"
    for raw in ("TEXT_BLOCKED", "Bounce", "sms #1", MEMO.agent_note):
        assert raw not in request.description + request.name
    assert request.previous_contact_id == "c-1"


def test_english_for_english_speaking_agents() -> None:
    request = _task([_attempt("sms", "TEXT_BLOCKED")], agent_locale="en-US")
    assert request.name == "Follow-up not delivered: please call the customer"
    assert request.description.startswith("The text was not delivered, and there is no email address to try.")


def test_a_line_the_gate_left_out_of_the_text_is_left_out_of_the_task() -> None:
    finding = GateFinding(Check.JUDGING, "status", Action.DROP)
    request = _task([_attempt("sms", "TEXT_BLOCKED")], gate=GateSummary(Action.DROP, False, (finding,)))
    assert MEMO.status not in request.description
    assert MEMO.purpose in request.description


@pytest.mark.parametrize(
    ("now", "scheduled"),
    [
        (datetime(2026, 11, 23, 1, 0, tzinfo=UTC), None),  # Monday 10:00 in Seoul: open
        (
            datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
            datetime(2026, 11, 24, 0, 0, tzinfo=UTC),
        ),  # 19:00: tomorrow 9
        (
            datetime(2026, 11, 28, 3, 0, tzinfo=UTC),
            datetime(2026, 11, 30, 0, 0, tzinfo=UTC),
        ),  # Saturday: Monday
    ],
)
def test_a_task_created_out_of_hours_is_scheduled_for_the_next_opening(
    now: datetime, scheduled: datetime | None
) -> None:
    hours = OpeningHours(time(9), time(18), frozenset(range(5)), ZoneInfo("Asia/Seoul"))
    request = _task([_attempt("sms", "TEXT_BLOCKED")], now=now, hours=hours)
    assert request.scheduled_time == scheduled
