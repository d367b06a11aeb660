"""In-memory stand-ins for what the sender talks to besides the SMS adapter: the follow-up store, the
memos, the workflow's callbacks, SNS and the preferences; and the SMS adapter kept busy a while."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aftercall.adapters.sms import EumSms
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import AttemptView, FollowupView
from aftercall.domain.outbound import SmsRequest
from aftercall.domain.preferences import Preferences
from benchmarks.virtual_clock import ConcurrentClock


class NullSns:
    def publish(self, **_kwargs: Any) -> dict[str, str]:
        return {"MessageId": "local"}


@dataclass
class FakeFollowups:
    """The follow-up store's contract in memory: one claim per attempt, released only by the sender."""

    views: dict[str, FollowupView] = field(default_factory=dict)
    claims: dict[tuple[str, str], str] = field(default_factory=dict)  # → state
    resolved: set[tuple[str, str]] = field(default_factory=set)

    def get(self, followup_id: str) -> FollowupView | None:
        return self.views.get(followup_id)

    def claim(
        self,
        followup_id: str,
        item: str,
        kind: str,
        task_token: str | None,
        now: datetime,
        text: Any = None,
        receipt_key: str | None = None,
    ) -> AttemptView | None:
        if (followup_id, item) in self.claims:
            return None
        self.claims[(followup_id, item)] = "claimed"
        return AttemptView(followup_id, item, "sms", 1, "claimed", task_token, None, None, False, now)

    def attempts(self, followup_id: str) -> list[AttemptView]:
        """No other try is ever claimed here: every benchmark message is a follow-up's first."""
        return []

    def release(self, followup_id: str, item: str) -> None:
        self.claims.pop((followup_id, item), None)

    def mark_sent(self, followup_id: str, item: str, *_args: Any) -> None:
        self.claims[(followup_id, item)] = "sent"

    def mark_failed(self, followup_id: str, item: str, error: str) -> None:
        self.claims[(followup_id, item)] = f"failed:{error}"

    def mark_resolved(self, followup_id: str, item: str, final_status: str) -> bool:
        if (followup_id, item) in self.resolved:
            return False
        self.resolved.add((followup_id, item))
        return True


@dataclass
class FakeMemos:
    records: dict[str, ContactMemo] = field(default_factory=dict)

    def get(self, contact_id: str) -> ContactMemo | None:
        return self.records.get(contact_id)


@dataclass
class FakeCallbacks:
    failures: list[tuple[str, str]] = field(default_factory=list)

    def succeed(self, token: str, output: dict[str, Any]) -> bool:
        return True

    def fail(self, token: str, error: str, cause: dict[str, Any]) -> bool:
        self.failures.append((token, error))
        return True


class NoPreferences:
    """No customer opted out: the sender reads this before each text and sends."""

    def get(self, customer_key: str) -> Preferences:
        return Preferences()

    def record_opt_out(self, customer_key: str, source: str, at: datetime) -> None:
        return None


@dataclass
class BusySms:
    """The SMS adapter, keeping its consumer busy for ``seconds`` after each call."""

    sms: EumSms
    clock: ConcurrentClock
    seconds: float

    def send(self, request: SmsRequest) -> str:
        try:
            return self.sms.send(request)
        finally:
            if self.seconds:
                self.clock.sleep(self.seconds)
