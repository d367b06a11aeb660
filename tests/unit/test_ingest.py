"""Normalising Connect payloads into CallEnded, and the ingest use case with in-memory fakes."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from aftercall.domain.call import ContactDetails, Source
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.policy import SkipReason
from aftercall.events.connect import ContactEventModel, call_from_event
from aftercall.events.contact_record import ContactRecord, call_from_record
from aftercall.usecases.ingest import Eligibility, IngestCall, skip_reason_for
from tests.helpers import load_event, mutate
from tests.samples import memo_attributes, sample_memo

KOREAN_MOBILE = "+821023456789"
MEMO_ATTRS = memo_attributes()


def completed_event(**changes: object) -> dict:
    return mutate(load_event("connect_contact_event_completed.SYNTHESIZED.json"), **changes)


def ctr(**changes: object) -> dict:
    return mutate(load_event("connect_ctr_voice_inbound_with_acw.json"), **changes)


class FakeContacts:
    def __init__(self, details: ContactDetails) -> None:
        self.details = details
        self.calls: list[tuple[str, str]] = []

    def describe_contact(self, instance_id: str, contact_id: str) -> ContactDetails:
        self.calls.append((instance_id, contact_id))
        return self.details


class FakeMemos:
    def __init__(self) -> None:
        self.saved: dict[str, ContactMemo] = {}

    def save_if_newer(self, record: ContactMemo, retention: timedelta, now: datetime) -> bool:
        old = self.saved.get(record.contact_id)
        if old is not None and old.last_update >= record.last_update:
            return False
        self.saved[record.contact_id] = record
        return True


class FakePlanner:
    """Plans a fresh copy (the real rules are PlanFollowup.at_ingest's, tested with the plan step)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, bool]] = []

    def at_ingest(self, record: ContactMemo, fresh: bool) -> dict[str, Any]:
        self.calls.append((record.contact_id, fresh))
        if not fresh:
            return {"contactId": record.contact_id}
        return {"contactId": record.contact_id, "followupId": record.contact_id, "action": "send"}


class FakeWorkflow:
    def __init__(self) -> None:
        self.started: list[str] = []
        self.inputs: list[Mapping[str, Any]] = []

    def start(self, contact_id: str, workflow_input: Mapping[str, Any], suffix: str = "") -> bool:
        self.inputs.append(workflow_input)
        if contact_id in self.started:
            return False
        self.started.append(contact_id)
        return True


class FakeKeyer:
    def key_for(self, e164: str) -> str:
        return "key-of-" + e164[-4:]


def make_ingest(
    details: ContactDetails | None = None, settle_transfer: Callable[[str], bool] | None = None
) -> tuple[IngestCall, FakeMemos, FakeWorkflow, FakeContacts]:
    contacts = FakeContacts(details or ContactDetails(customer_number=KOREAN_MOBILE, attributes=MEMO_ATTRS))
    memos, workflow = FakeMemos(), FakeWorkflow()
    ingest = IngestCall(
        memos=memos,
        planner=FakePlanner(),
        workflow=workflow,
        keyer=FakeKeyer(),
        contacts=lambda: contacts,
        rules=Eligibility(),
        retention=timedelta(days=30),
        clock=lambda: datetime(2026, 11, 25, tzinfo=UTC),
        settle_transfer=settle_transfer,
    )
    return ingest, memos, workflow, contacts


def test_completed_event_normalises_with_acw_end_as_its_version() -> None:
    call = call_from_event(ContactEventModel.model_validate(completed_event()))
    assert call.source is Source.CONTACT_EVENT
    assert call.channel == "VOICE"
    assert call.instance_id == "12345678-1234-1234-1234-123456789012"
    assert call.last_update == datetime(2021, 8, 4, 17, 45, 7, tzinfo=UTC)
    assert call.agent_connected
    assert call.needs_contact_details  # events carry no attributes


def test_documented_event_with_capitalised_keys_parses() -> None:
    event = load_event("connect_contact_event_disconnected.json")
    call = call_from_event(ContactEventModel.model_validate(event))
    assert call.agent_connected
    assert call.channel == "VOICE"


def test_contact_record_normalises_with_transfer_detected() -> None:
    call = call_from_record(ContactRecord.model_validate(ctr()))
    assert call.source is Source.CONTACT_RECORD
    assert call.transferred
    assert call.last_update == datetime(2022, 1, 5, 17, 48, 35, tzinfo=UTC)
    assert not call.needs_contact_details


def test_malformed_record_raises_the_typed_validation_error() -> None:
    with pytest.raises(ValidationError):
        ContactRecord.from_bytes(json.dumps({"ContactId": "x"}).encode())


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"Channel": "CHAT"}, SkipReason.CHANNEL_EXCLUDED),
        (
            {"Agent": None, "TransferCompletedTimestamp": None, "TransferredToEndpoint": None},
            SkipReason.NO_AGENT,
        ),
        (
            {"TransferCompletedTimestamp": None, "TransferredToEndpoint": None, "CustomerEndpoint": None},
            SkipReason.NO_NUMBER,
        ),
        ({}, SkipReason.TRANSFERRED_ONWARD),  # the sample record was handed on to another leg
        (
            {
                "TransferCompletedTimestamp": None,
                "TransferredToEndpoint": None,
                "InitiationMethod": "DISCONNECT",
            },
            SkipReason.INITIATION_EXCLUDED,
        ),
    ],
)
def test_contacts_not_followed_up_get_a_reason(changes: dict, reason: SkipReason) -> None:
    call = call_from_record(ContactRecord.model_validate(ctr(**changes)))
    assert skip_reason_for(call, Eligibility()) == reason


@pytest.mark.parametrize("method", ["TRANSFER", "QUEUE_TRANSFER"])
def test_a_transferred_call_is_followed_up_once_from_its_last_leg(method: str) -> None:
    handed_on = call_from_record(ContactRecord.model_validate(ctr()))
    last = call_from_record(
        ContactRecord.model_validate(
            ctr(TransferCompletedTimestamp=None, TransferredToEndpoint=None, InitiationMethod=method)
        )
    )
    assert skip_reason_for(handed_on, Eligibility()) == SkipReason.TRANSFERRED_ONWARD
    assert skip_reason_for(last, Eligibility()) is None
    for leg in (handed_on, last):
        assert skip_reason_for(leg, Eligibility(follow_transfers=False)) == SkipReason.TRANSFER


def test_event_without_endpoint_is_filled_by_one_describe_contact() -> None:
    ingest, memos, workflow, contacts = make_ingest()
    event = completed_event(**{"detail.customerEndpoint": ...})
    result = ingest(call_from_event(ContactEventModel.model_validate(event)))
    assert len(contacts.calls) == 1
    saved = memos.saved[result.contact_id]
    assert saved.phone is not None
    assert saved.phone.e164 == KOREAN_MOBILE
    assert saved.memo == sample_memo()
    assert result.skip_reason is None
    assert workflow.started == [result.contact_id]


def test_event_endpoint_wins_over_describe_contact() -> None:
    ingest, memos, _, contacts = make_ingest(
        ContactDetails(customer_number="+821099998888", attributes=MEMO_ATTRS)
    )
    event = completed_event(**{"detail.customerEndpoint.address": KOREAN_MOBILE})
    result = ingest(call_from_event(ContactEventModel.model_validate(event)))
    assert len(contacts.calls) == 1  # still needed, for the attributes
    saved = memos.saved[result.contact_id]
    assert saved.phone is not None
    assert saved.phone.e164 == KOREAN_MOBILE


def test_invalid_number_is_stored_with_a_skip_reason_and_no_key() -> None:
    ingest, memos, _, _ = make_ingest()
    record = ctr(TransferCompletedTimestamp=None, TransferredToEndpoint=None)
    result = ingest(call_from_record(ContactRecord.model_validate(record)))
    assert result.skip_reason == SkipReason.INVALID_NUMBER
    stored = memos.saved[result.contact_id]
    assert stored.phone is None
    assert stored.customer_key is None


def test_an_older_copy_never_overwrites_a_newer_one() -> None:
    ingest, memos, workflow, _ = make_ingest()
    newer = ctr(LastUpdateTimestamp="2022-01-11T04:09:47Z", **{"Attributes.aftercall_purpose": "new"})
    older = ctr(**{"Attributes.aftercall_purpose": "old"})
    first = ingest(call_from_record(ContactRecord.model_validate(newer)))
    second = ingest(call_from_record(ContactRecord.model_validate(older)))
    assert (first.memo_saved, second.memo_saved) == (True, False)
    assert memos.saved[first.contact_id].memo.purpose == "new"
    assert (first.execution_started, second.execution_started) == (True, False)
    assert workflow.started == [first.contact_id]
    # The newest copy was planned and its plan is the workflow's input; the older one plans nothing
    assert workflow.inputs[0]["action"] == "send"
    assert workflow.inputs[1] == {"contactId": first.contact_id}


class FakeSettle:
    def __init__(self) -> None:
        self.earlier: list[str] = []

    def __call__(self, contact_id: str) -> bool:
        self.earlier.append(contact_id)
        return True


@pytest.mark.parametrize(
    ("method", "settled"), [("TRANSFER", ["c-0"]), ("QUEUE_TRANSFER", ["c-0"]), ("INBOUND", [])]
)
def test_only_a_transfer_leg_settles_the_leg_it_came_from(method: str, settled: list[str]) -> None:
    settle = FakeSettle()
    ingest, *_ = make_ingest(settle_transfer=settle)
    call = call_from_event(
        ContactEventModel.model_validate(
            completed_event(**{"detail.initiationMethod": method, "detail.previousContactId": "c-0"})
        )
    )
    ingest(call)
    assert settle.earlier == settled
