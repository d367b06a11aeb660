"""Following one smoke execution: its states (Step Functions' history) and its text's attempt (the
follow-ups table: the message id, then each delivery receipt), reported as they happen."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.workflow_stopper import execution_arn

Report = Callable[[str, str], None]  # (step, what happened)


class Watch:
    """``client``: a botocore ``stepfunctions`` client."""

    def __init__(self, client: Any, state_machine_arn: str, name: str, followup_id: str) -> None:
        self._client = client
        self._arn = execution_arn(state_machine_arn, name)
        self._followup_id = followup_id
        self._seen_events: set[int] = set()
        self._seen_receipts: set[str] = set()
        self._sent: set[str] = set()

    def follow(self, report: Report, timeout: float, poll: float) -> str | None:
        """Report until the execution ends (its follow-up's outcome) or ``timeout`` (None)."""
        deadline = time.monotonic() + timeout
        while True:
            status = self._client.describe_execution(executionArn=self._arn)["status"]
            for _, step, what in sorted([*self._states(), *self._attempts()], key=lambda seen: seen[0]):
                report(step, what)  # in the order they happened
            if status != "RUNNING":
                followup = FollowupStore().get(self._followup_id)
                outcome = followup.outcome if followup else None
                report("outcome", f"{outcome or 'none recorded'} (execution {status.lower()})")
                return outcome
            if time.monotonic() >= deadline:
                report("timeout", f"still running after {timeout:.0f} s: look at the execution")
                return None
            time.sleep(poll)

    def _states(self) -> list[Seen]:
        seen: list[Seen] = []
        events = self._client.get_execution_history(executionArn=self._arn, maxResults=1000)["events"]
        for event in events:
            if event["id"] in self._seen_events:
                continue
            self._seen_events.add(event["id"])
            kind, at = event["type"], _utc(event["timestamp"])
            if kind.endswith("StateExited") and event["stateExitedEventDetails"]["name"] == "Plan":
                plan = json.loads(event["stateExitedEventDetails"].get("output") or "{}")
                route = ", ".join(c for c in plan.get("route", []) if c != "none")
                send_at = plan.get("sendAt")
                later = send_at and datetime.fromisoformat(send_at) > at + timedelta(seconds=5)
                waits = f", waits until {send_at} (quiet hours)" if later else ""
                seen.append((at, "plan", f"{plan.get('action', '?')} by {route or 'nothing'}{waits}"))
            elif kind.endswith("StateEntered") and event["stateEnteredEventDetails"]["name"] == "SendSms":
                seen.append((at, "send", "queued for the sender"))
        return seen

    def _attempts(self) -> list[Seen]:
        seen: list[Seen] = []
        for attempt in FollowupStore().attempts(self._followup_id):
            if attempt.channel != "sms":
                continue
            if attempt.message_id and attempt.item not in self._sent:
                self._sent.add(attempt.item)
                at = _utc(attempt.claimed_at) if attempt.claimed_at else datetime.now(UTC)
                seen.append((at, "send", f"SendTextMessage accepted: message {attempt.message_id}"))
            for update in attempt.history:
                if update.event_id in self._seen_receipts:
                    continue
                self._seen_receipts.add(update.event_id)
                final = " (final)" if update.final else ""
                seen.append((_utc(update.at), "receipt", f"{update.status}{final}"))
        return seen


Seen = tuple[datetime, str, str]  # (when it happened, step, what)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
