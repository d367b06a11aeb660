"""A reminder checks, before it is sent, that no later call of the customer moved or cancelled its
appointment (PlanFollowup._superseded, with the memo table faked in memory)."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest

from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Appointment, MemoKey
from aftercall.usecases.plan import PlanFollowup
from tests.samples import SAMPLE_CALL_ENDED, sample_contact_memo, sample_memo

VISIT = Appointment(at="2026-12-01T10:00:00+09:00", place="강남 서비스센터")


class Memos:
    """The memo table: get by contact, and the by-customer index (newest first, since ``since``)."""

    def __init__(self, *records: ContactMemo) -> None:
        self.records = {r.contact_id: r for r in records}

    def get(self, contact_id: str) -> ContactMemo | None:
        return self.records.get(contact_id)

    def history(self, customer_key: str, since: datetime, limit: int) -> list[str]:
        mine = [r for r in self.records.values() if r.customer_key == customer_key and r.ended_at >= since]
        return [r.contact_id for r in sorted(mine, key=lambda r: r.ended_at, reverse=True)][:limit]


def _call(contact_id: str, minutes_later: int, appointment: Appointment | None, **extra: str) -> ContactMemo:
    memo = dataclasses.replace(sample_memo(), appointment=appointment, extra=extra)
    return sample_contact_memo(
        contact_id,
        memo=memo,
        customer_key="k-1",
        ended_at=SAMPLE_CALL_ENDED + timedelta(minutes=minutes_later),
    )


def _superseded(first: ContactMemo, *others: ContactMemo) -> bool:
    memos = Memos(first, *others)
    fakes: dict[str, Any] = dict.fromkeys(("preferences", "followups", "compose", "links", "config"))
    plan = PlanFollowup(memos=memos, history=memos, **fakes)
    return plan._superseded(first)


FIRST = _call("c-1", 0, VISIT)


@pytest.mark.parametrize(
    ("later", "superseded"),
    [
        (_call("c-2", 30, dataclasses.replace(VISIT, at="2026-12-02T14:00:00+09:00")), True),  # moved
        (_call("c-2", 30, VISIT, **{MemoKey.APPOINTMENT_STATUS.value: "cancelled"}), True),  # cancelled
        (_call("c-2", 30, VISIT), False),  # the same visit confirmed again
        (_call("c-2", 30, None), False),  # a call about something else
        (_call("c-0", -30, dataclasses.replace(VISIT, at="2026-11-30T09:00:00+09:00")), False),  # earlier
        (dataclasses.replace(_call("c-2", 30, None), customer_key="k-2"), False),  # another customer
    ],
)
def test_only_a_later_call_that_moves_or_cancels_the_visit_supersedes_its_reminder(
    later: ContactMemo, superseded: bool
) -> None:
    assert _superseded(FIRST, later) is superseded


def test_a_reminder_without_a_customer_key_is_never_superseded() -> None:
    lone = dataclasses.replace(FIRST, customer_key=None)
    moved = _call("c-2", 30, dataclasses.replace(VISIT, at="2026-12-02T14:00:00+09:00"))
    assert _superseded(lone, moved) is False
