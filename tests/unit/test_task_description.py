"""The callback task tells the agent what happened without copying the memo into Connect (issue 13).

A task lives in Connect's contact records, which ``aftercall forget`` cannot erase; the memo is one
click away on the call the task is chained (or related) to.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import AttemptView, FollowupView, attempt_item
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
    def get(self, followup_id: str) -> FollowupView:
        return FollowupView(
            followup_id, "c-1", "followup", "c_key", "planned", None, (), (), None, NOW, None, ""
        )

    def attempts(self, followup_id: str) -> list[AttemptView]:
        sms = AttemptView(
            followup_id, attempt_item("sms", 1), "sms", 1, "claimed", "t", "m", "TEXT_BLOCKED", True
        )
        return [sms]

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


def test_the_task_says_what_was_tried_and_where_the_memo_is_without_memo_text() -> None:
    connect = Connect()
    CreateTask(Followups(), Memos(), connect, "flow-1", clock=lambda: NOW)("c-1")  # type: ignore[arg-type]
    [request] = connect.requests
    assert "sms #1: TEXT_BLOCKED" in request.description
    assert request.previous_contact_id == "c-1"
    assert request.references == {"followup": "c-1", "call": "c-1"}
    for text in (MEMO.purpose, MEMO.status, MEMO.desired_outcome, MEMO.agent_note):
        assert text
        assert text not in request.description + request.name
