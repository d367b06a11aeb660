"""The state machine on moto with the real handlers in-process: one embedded AWS per test module.

Each test makes its own contact (a unique id and phone number), scripts what the carrier and SES
answer for that number and address, ingests the contact record, and reads back what happened.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftercall.domain.followup import AttemptView, FollowupView
from aftercall.local.embedded import EmbeddedAws
from tests.helpers import korean_mobile, load_event, mutate

MEMO = {
    "aftercall_purpose": "카드 결제 취소 문의",
    "aftercall_status": "취소 접수 완료, 카드사 반영 대기",
    "aftercall_desired_outcome": "3영업일 내 환불 확인",
    "aftercall_consent": "yes",
}
MEMO_TEXTS = tuple(MEMO[k] for k in ("aftercall_purpose", "aftercall_status", "aftercall_desired_outcome"))


@pytest.fixture(scope="module")
def aws() -> Iterator[EmbeddedAws]:
    # The carrier throttles beyond one part per second, as a new 10DLC number would: the pacer must keep up.
    with EmbeddedAws(carrier_parts_per_second=1) as embedded:
        yield embedded


@dataclass
class Run:
    contact_id: str
    phone: str
    email: str | None
    execution: dict[str, Any]
    aws: EmbeddedAws

    @property
    def followup(self) -> FollowupView:
        view = self.aws.followup(self.contact_id)
        assert view is not None
        return view

    def attempts(self, followup_id: str | None = None) -> list[AttemptView]:
        return self.aws.attempts(followup_id or self.contact_id)

    @property
    def states(self) -> list[str]:
        return self.aws.states_entered(self.execution["executionArn"])

    @property
    def history_text(self) -> str:
        return json.dumps(self.aws.history(self.execution["executionArn"]), default=str, ensure_ascii=False)

    def texts_sent(self) -> list[str]:
        return [t.text for t in self.aws.carrier.sent if t.destination == self.phone]

    def emails_sent(self) -> int:
        return sum(1 for e in self.aws.email.sent if e.to == self.email)

    def tasks(self) -> list[Any]:
        return [t for t in self.aws.connect.tasks if self.contact_id in json.dumps(t, default=str)]

    def assert_private(self) -> None:
        """No phone number, email address or memo text in any state's input or output."""
        history = self.history_text
        assert self.phone not in history
        assert self.phone.removeprefix("+") not in history
        if self.email:
            assert self.email not in history
        for text in MEMO_TEXTS:
            assert text not in history


def contact_record(contact_id: str, phone: str, attributes: dict[str, str]) -> dict[str, Any]:
    record = load_event("connect_ctr_voice_inbound_with_acw.json")
    now = datetime.now(UTC)
    return mutate(
        record,
        ContactId=contact_id,
        InitialContactId=contact_id,
        TransferredToEndpoint=None,
        TransferCompletedTimestamp=None,
        Attributes=attributes,
        DisconnectTimestamp=(now - timedelta(minutes=2)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        LastUpdateTimestamp=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **{"CustomerEndpoint.Address": phone},
    )


def follow_up(
    aws: EmbeddedAws,
    sms: list[str] | None = None,
    email: list[str] | None = None,
    with_email: bool = False,
    extra: dict[str, str] | None = None,
) -> Run:
    """Ingest one new contact with scripted provider answers and wait for its execution to end."""
    contact_id, phone = new_customer()
    address = f"customer-{contact_id[:8]}@example.com" if with_email else None
    attributes = {**MEMO, **(extra or {})}
    if address:
        attributes["aftercall_email"] = address
        aws.email.script(address, email or ["Delivery"])
    aws.carrier.script(phone, sms or ["TEXT_DELIVERED"])
    ingested = aws.dispatch_contact_records([contact_record(contact_id, phone, attributes)])
    assert not ingested.get("batchItemFailures"), ingested
    return finish(aws, contact_id, phone, address)


def finish(aws: EmbeddedAws, contact_id: str, phone: str, address: str | None = None) -> Run:
    """Wait for the contact's execution; every scenario also checks the execution carried no personal data."""
    execution = next(e for e in aws.wait_for_executions(names=(contact_id,)) if e["name"] == contact_id)
    run = Run(contact_id, phone, address, execution, aws)
    run.assert_private()
    return run


def new_customer() -> tuple[str, str]:
    return str(uuid.uuid4()), korean_mobile()
