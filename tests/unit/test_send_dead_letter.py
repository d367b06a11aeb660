"""The send queue's dead letters: what was sent decides whether the wait fails now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest

from aftercall.domain.followup import AttemptView, attempt_item
from aftercall.usecases.send_dead_letter import DeadLetterVerdict, FailDeadLetteredSend

pytestmark = pytest.mark.unit

ITEM = attempt_item("sms", 3)  # retryCount 2


def _attempt(state: str, resolved: bool = False) -> AttemptView:
    claimed = datetime(2026, 1, 1, tzinfo=UTC) if state == "claimed" else None
    return AttemptView("f-1", ITEM, "sms", 3, state, "token", None, None, resolved, claimed)


@dataclass
class _Followups:
    attempt: AttemptView | None
    resolved: list[tuple[str, str, str]] = field(default_factory=list)
    resolvable: bool = True

    def get_attempt(self, followup_id: str, item: str) -> AttemptView | None:
        assert (followup_id, item) == ("f-1", ITEM)
        return self.attempt

    def mark_resolved(self, followup_id: str, item: str, final_status: str) -> bool:
        self.resolved.append((followup_id, item, final_status))
        return self.resolvable


@dataclass
class _Tasks:
    failed: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    def succeed(self, token: str, output: dict[str, Any]) -> bool:
        raise AssertionError("a dead letter never succeeds a wait")

    def fail(self, token: str, error: str, cause: dict[str, Any]) -> bool:
        self.failed.append((token, error, cause))
        return True


def _run(followups: _Followups) -> tuple[DeadLetterVerdict, _Tasks]:
    tasks = _Tasks()
    use_case = FailDeadLetteredSend(followups=followups, tasks=tasks)  # type: ignore[arg-type]
    return use_case("token", "f-1", 2), tasks


def test_nothing_claimed_fails_the_wait_with_send_dead_lettered_error() -> None:
    verdict, tasks = _run(_Followups(None))

    assert verdict is DeadLetterVerdict.FAILED
    assert tasks.failed == [("token", "SendDeadLetteredError", {"followupId": "f-1", "attempt": ITEM})]


@pytest.mark.parametrize("state", ["released", "failed"])
def test_an_attempt_that_sent_nothing_is_resolved_once_then_fails_the_wait(state: str) -> None:
    followups = _Followups(_attempt(state))
    verdict, tasks = _run(followups)

    assert verdict is DeadLetterVerdict.FAILED
    assert followups.resolved == [("f-1", ITEM, "SendDeadLetteredError")]
    assert len(tasks.failed) == 1


def test_another_party_resolving_first_wins() -> None:
    verdict, tasks = _run(_Followups(_attempt("released"), resolvable=False))

    assert verdict is DeadLetterVerdict.ALREADY_RESOLVED
    assert tasks.failed == []


@pytest.mark.parametrize("state", ["claimed", "receipt_first"])
def test_an_attempt_that_may_have_sent_is_left_to_its_receipt(state: str) -> None:
    followups = _Followups(_attempt(state))
    verdict, tasks = _run(followups)

    assert verdict is DeadLetterVerdict.LEFT_TO_RECEIPT
    assert (followups.resolved, tasks.failed) == ([], [])


def test_a_resolved_attempt_is_left_alone() -> None:
    verdict, tasks = _run(_Followups(_attempt("claimed", resolved=True)))

    assert verdict is DeadLetterVerdict.ALREADY_RESOLVED
    assert tasks.failed == []
