"""The ingest handlers on moto: DynamoDB through PynamoDB, Step Functions, SSM, SQS; Connect faked."""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftercall import clients, container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.tables import MemoModel
from aftercall.composition.ingest import ingest_use_case
from aftercall.handlers import ingest_event, ingest_records
from aftercall.local.lambda_context import lambda_context
from tests.helpers import load_event, mutate
from tests.integration.aws import MotoAws
from tests.samples import memo_attributes

KOREAN_MOBILE = "+821023456789"
MEMO_TEXT = "중복 청구 12,000원 환불 요청"
CONTACT = "11111111-1111-1111-1111-111111111111"


class FakeConnect:
    """Stands in for the boto3 connect client (moto has no DescribeContact)."""

    def __init__(self) -> None:
        self.contacts: dict[str, dict[str, Any]] = {}
        self.calls = 0

    def describe_contact(self, InstanceId: str, ContactId: str) -> dict[str, Any]:  # noqa: N803 - boto3 names
        self.calls += 1
        return {"Contact": self.contacts[ContactId]}


@dataclass
class IngestEnv:
    connect: FakeConnect
    sfn: Any
    sqs: Any
    state_machine_arn: str
    dlq_url: str

    def executions(self) -> list[dict[str, Any]]:
        return self.sfn.list_executions(stateMachineArn=self.state_machine_arn)["executions"]

    def inputs(self) -> list[dict[str, Any]]:
        return [
            json.loads(self.sfn.describe_execution(executionArn=e["executionArn"])["input"])
            for e in self.executions()
        ]

    def dead_letters(self) -> list[dict[str, Any]]:
        out = self.sqs.receive_message(QueueUrl=self.dlq_url, MaxNumberOfMessages=10)
        return [json.loads(m["Body"]) for m in out.get("Messages", [])]


@pytest.fixture
def env(aws: MotoAws) -> IngestEnv:
    """What ingest needs beside the tables: the key, the state machine, the dead-letter queue, Connect."""
    aws.client("ssm").put_parameter(Name="/aftercall/customer-key", Value="test-secret", Type="SecureString")
    sfn = aws.client("stepfunctions")
    role = "arn:aws:iam::123456789012:role/followup"
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
    arn = sfn.create_state_machine(name="followup", definition=definition, roleArn=role)["stateMachineArn"]
    sqs = aws.client("sqs")
    dlq = sqs.create_queue(QueueName="ingest-dlq")["QueueUrl"]
    aws.setenv(
        CUSTOMER_KEY_PARAMETER="/aftercall/customer-key",
        STATE_MACHINE_ARN=arn,
        INGEST_DLQ_URL=dlq,
        COMPANY_NAME="Aftercall",
        CALLBACK_NUMBER="1588-0000",
    )
    connect = FakeConnect()
    clients.override("connect", connect)  # after setenv: its reset forgets overrides too
    return IngestEnv(connect, sfn, sqs, arn, dlq)


def kinesis_batch(records: list[dict[str, Any] | bytes]) -> dict[str, Any]:
    template = load_event("connect_ctr_kinesis_lambda_event.SYNTHESIZED.json")["Records"][0]
    out = []
    for i, record in enumerate(records):
        data = record if isinstance(record, bytes) else json.dumps(record).encode()
        entry = mutate(
            template,
            **{"kinesis.data": base64.b64encode(data).decode(), "kinesis.sequenceNumber": f"4959{i:04d}"},
        )
        out.append(entry)
    return {"Records": out}


def followable_ctr(**changes: Any) -> dict[str, Any]:
    base = {
        "CustomerEndpoint.Address": KOREAN_MOBILE,
        "TransferCompletedTimestamp": None,
        "TransferredToEndpoint": None,
        # the typical memo beside the record's other attributes
        **{f"Attributes.{key}": value for key, value in memo_attributes(purpose=MEMO_TEXT).items()},
    }
    return mutate(load_event("connect_ctr_voice_inbound_with_acw.json"), **{**base, **changes})


def test_completed_event_with_endpoint_saves_memo_and_starts_once(env: IngestEnv) -> None:
    env.connect.contacts[CONTACT] = {
        "CustomerEndpoint": {"Address": "+821099990000"},
        "Attributes": {"aftercall_purpose": MEMO_TEXT, "aftercall_consent": "yes"},
    }
    event = mutate(
        load_event("connect_contact_event_completed.SYNTHESIZED.json"),
        **{"detail.customerEndpoint.address": KOREAN_MOBILE},
    )
    result = ingest_event.handler(event, lambda_context("ingest"))
    assert result == {"contactId": CONTACT, "memoSaved": True, "executionStarted": True, "skipReason": None}
    item = MemoModel.get(CONTACT)
    assert item.phone_e164 == KOREAN_MOBILE  # the payload's endpoint, not DescribeContact's
    assert item.memo["purpose"] == MEMO_TEXT
    assert env.connect.calls == 1
    # The first plan was made here: the workflow starts from it (no Plan step), with no personal data
    [started] = env.inputs()
    assert (started["contactId"], started["followupId"], started["action"]) == (CONTACT, CONTACT, "send")
    assert started["route"][0] == "sms"
    assert KOREAN_MOBILE not in json.dumps(started)
    assert MEMO_TEXT not in json.dumps(started)
    followup = FollowupStore().get(CONTACT)
    assert followup is not None
    assert followup.sms is not None
    assert followup.status == "planned"


def test_a_later_copy_neither_replans_nor_starts_again(env: IngestEnv) -> None:
    first = followable_ctr(ContactId=CONTACT)
    later = followable_ctr(
        ContactId=CONTACT, LastUpdateTimestamp="2022-01-11T04:09:47Z", **{"Attributes.aftercall_purpose": "x"}
    )
    ingest_records.handler(kinesis_batch([first]), lambda_context("ingest"))
    planned = FollowupStore().get(CONTACT)
    ingest_records.handler(kinesis_batch([later]), lambda_context("ingest"))
    # The newer memo is kept, the plan the running workflow was started with stays as it was
    assert MemoModel.get(CONTACT).memo["purpose"] == "x"
    assert FollowupStore().get(CONTACT) == planned
    assert len(env.executions()) == 1


def test_an_ineligible_contact_starts_a_workflow_that_only_records_its_skip(env: IngestEnv) -> None:
    ingest_records.handler(
        kinesis_batch([followable_ctr(ContactId="chat", Channel="CHAT")]), lambda_context("ingest")
    )
    [started] = env.inputs()
    assert (started["action"], started["skipReason"]) == ("skip", "channel_excluded")
    followup = FollowupStore().get("chat")
    assert followup is not None
    assert followup.outcome == "skipped:channel_excluded"


def test_completed_event_without_endpoint_uses_describe_contact(env: IngestEnv) -> None:
    env.connect.contacts[CONTACT] = {"CustomerEndpoint": {"Address": KOREAN_MOBILE}, "Attributes": {}}
    event = mutate(
        load_event("connect_contact_event_completed.SYNTHESIZED.json"), **{"detail.customerEndpoint": ...}
    )
    ingest_event.handler(event, lambda_context("ingest"))
    item = MemoModel.get(CONTACT)
    assert item.phone_e164 == KOREAN_MOBILE
    stored = MemoStore().get(CONTACT)
    assert stored is not None
    assert [f.rule.value for f in stored.findings] == ["empty"]  # a missing memo is stored anyway
    assert env.connect.calls == 1


def test_other_event_types_are_ignored(env: IngestEnv) -> None:
    event = mutate(
        load_event("connect_contact_event_completed.SYNTHESIZED.json"), **{"detail.eventType": "DISCONNECTED"}
    )
    assert ingest_event.handler(event, lambda_context("ingest")) == {"ignored": "DISCONNECTED"}
    assert env.executions() == []


def test_six_copies_of_one_contact_give_one_memo_newest_wins_and_one_execution(env: IngestEnv) -> None:
    copies = load_event("connect_ctr_redelivered_same_contact.json")
    event = mutate(
        load_event("connect_contact_event_completed.SYNTHESIZED.json"),
        **{"detail.contactId": copies[0]["ContactId"]},
    )
    env.connect.contacts[copies[0]["ContactId"]] = {
        "CustomerEndpoint": {"Address": KOREAN_MOBILE},
        "Attributes": {},
    }
    ingest_event.handler(event, lambda_context("ingest"))
    # Deliver out of order: the newest copies first, then the old ones again.
    response = ingest_records.handler(kinesis_batch(copies[::-1] + copies[:2]), lambda_context("ingest"))
    assert response == {"batchItemFailures": []}
    item = MemoModel.get(copies[0]["ContactId"])
    assert item.last_update.isoformat() == "2022-01-11T04:09:47+00:00"
    assert item.source == "contact_record"
    assert len(env.executions()) == 1


def test_poison_record_goes_to_the_dead_letter_queue_and_the_rest_go_on(env: IngestEnv) -> None:
    good = followable_ctr()
    batch = kinesis_batch([b"{not json", good, {"ContactId": "only-an-id"}])
    response = ingest_records.handler(batch, lambda_context("ingest"))
    assert response == {"batchItemFailures": []}
    assert MemoModel.get(good["ContactId"]).skip_reason is None
    letters = env.dead_letters()
    assert [(d["source"], d["error"], d["sequenceNumber"]) for d in letters] == [
        ("contact_record", "JSONDecodeError", "49590000"),
        ("contact_record", "ValidationError", "49590002"),
    ]


def test_transient_failure_fails_only_that_record(env: IngestEnv, monkeypatch: pytest.MonkeyPatch) -> None:
    from aftercall.errors import ThrottledError

    use_case = ingest_use_case()
    original = use_case._workflow.start

    def flaky(contact_id: str, workflow_input: Any) -> bool:
        if contact_id == "second":
            raise ThrottledError("StartExecution throttled")
        return original(contact_id, workflow_input)

    monkeypatch.setattr(use_case._workflow, "start", flaky)
    response = ingest_records.handler(
        kinesis_batch([followable_ctr(ContactId="first"), followable_ctr(ContactId="second")]),
        lambda_context("ingest"),
    )
    assert response == {"batchItemFailures": [{"itemIdentifier": "49590001"}]}


def test_invalid_number_and_chat_contact_are_recorded_with_reasons(env: IngestEnv) -> None:
    invalid = followable_ctr(ContactId="invalid", **{"CustomerEndpoint.Address": "+190011112222"})
    chat = followable_ctr(ContactId="chat", Channel="CHAT")
    ingest_records.handler(kinesis_batch([invalid, chat]), lambda_context("ingest"))
    assert MemoModel.get("invalid").skip_reason == "invalid_number"
    assert MemoModel.get("invalid").phone_e164 is None
    assert MemoModel.get("chat").skip_reason == "channel_excluded"


def test_no_phone_number_or_memo_text_in_any_log_line(
    env: IngestEnv, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # Everything at INFO (what Lambda ships), and our own logger at DEBUG.
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="aftercall")
    env.connect.contacts[CONTACT] = {
        "CustomerEndpoint": {"Address": KOREAN_MOBILE},
        "Attributes": {"aftercall_purpose": MEMO_TEXT},
    }
    ingest_event.handler(
        mutate(
            load_event("connect_contact_event_completed.SYNTHESIZED.json"), **{"detail.customerEndpoint": ...}
        ),
        lambda_context("ingest"),
    )
    ingest_records.handler(kinesis_batch([followable_ctr(), b"garbage"]), lambda_context("ingest"))
    logs = capsys.readouterr().out + capsys.readouterr().err + caplog.text
    assert "call ingested" in logs  # the logs were captured
    for secret in (KOREAN_MOBILE, KOREAN_MOBILE[3:], "1023456789", MEMO_TEXT, "+14255550199"):
        assert secret not in logs


def test_a_free_text_memo_is_stored_whole_linted_and_never_texted_as_written(env: IngestEnv) -> None:
    # Given a memo typed as one free text: two labelled lines and an unlabelled remark
    remark = "고객 통화 중 목소리 큼, 재문의 가능성"
    free_text = f"목적: 요금 중복 청구 문의\n원하는 결과: 중복분 환불\n{remark}"
    ctr = followable_ctr(ContactId=CONTACT)
    ctr["Attributes"] = {"aftercall_memo": free_text, "aftercall_consent": "yes"}
    # When it is ingested
    ingest_records.handler(kinesis_batch([ctr]), lambda_context("ingest"))
    # Then it is stored whole, its labelled lines fill the fields, the lint names the missing part
    item = MemoModel.get(CONTACT)
    assert item.memo["free_text"] == free_text
    assert item.memo["purpose"] == "요금 중복 청구 문의"
    stored = MemoStore().get(CONTACT)
    assert stored is not None
    assert stored.memo.free_text == free_text
    assert ("missing", "status") in {(f.rule.value, f.field) for f in stored.findings}
    assert "empty" not in {f.rule.value for f in stored.findings}
    # and the planned text says only what the structured fields say
    followup = FollowupStore().get(CONTACT)
    assert followup is not None
    assert followup.sms is not None
    assert "요금 중복 청구 문의" in followup.sms.text
    assert remark not in followup.sms.text
    assert free_text not in followup.sms.text


# --- transferWaitSeconds: a next leg within the wait calls off the earlier leg's text (issue 16) -------


# Midday in Seoul: outside quiet hours, so a text's send time is its transfer wait alone (at night every
# text waits for the morning, and a later leg calls off a text still waiting: usecases/transfers.py).
SEOUL_NOON = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)


def _at_midday(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The steps' clock at SEOUL_NOON (after any setenv: its reset puts the system clock back)."""
    monkeypatch.setattr(container.clocks, "wall", lambda: SEOUL_NOON)
    return SEOUL_NOON


def _leg(contact_id: str, ended: datetime, **detail: Any) -> dict[str, Any]:
    at = ended.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    changes = {
        "detail.contactId": contact_id,
        "detail.disconnectTimestamp": at,
        "detail.agentInfo.afterContactWorkEndTimestamp": at,
        "detail.customerEndpoint.address": KOREAN_MOBILE,
        "time": at,
        **{f"detail.{k}": v for k, v in detail.items()},
    }
    return mutate(load_event("connect_contact_event_completed.SYNTHESIZED.json"), **changes)


def test_a_transfer_leg_within_the_wait_calls_off_the_earlier_legs_text(env: IngestEnv, aws: MotoAws) -> None:
    aws.setenv(TRANSFER_WAIT_SECONDS="300")
    clients.override("connect", env.connect)
    first, last = "22222222-2222-2222-2222-222222222222", "33333333-3333-3333-3333-333333333333"
    for contact in (first, last):  # neither leg's own record says it was handed on
        env.connect.contacts[contact] = {"Attributes": memo_attributes(purpose=MEMO_TEXT)}
    ended = datetime.now(UTC).replace(microsecond=0)
    # The first agent's leg ends: its text waits five minutes for a possible next leg
    ingest_event.handler(_leg(first, ended), lambda_context("ingest"))
    earlier = FollowupStore().get(first)
    assert earlier is not None
    assert earlier.status == "planned"
    assert earlier.send_at is not None
    assert earlier.send_at >= ended + timedelta(seconds=300)
    # The transfer's leg ends two minutes later, within the wait
    leg = _leg(last, ended + timedelta(minutes=2), initiationMethod="TRANSFER", previousContactId=first)
    ingest_event.handler(leg, lambda_context("ingest"))
    # Then the earlier leg's execution is stopped before it sent anything, and recorded as handed on
    statuses = {e["name"]: e["status"] for e in env.executions()}
    assert statuses == {first: "ABORTED", last: "RUNNING"}
    earlier = FollowupStore().get(first)
    assert earlier is not None
    assert (earlier.status, earlier.outcome) == ("done", "skipped:transferred_onward")
    latest = FollowupStore().get(last)
    assert latest is not None
    assert latest.status == "planned"
    assert latest.sms is not None


def test_a_leg_that_comes_after_the_wait_leaves_the_earlier_text_alone(
    env: IngestEnv, aws: MotoAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws.setenv(TRANSFER_WAIT_SECONDS="60")
    midday = _at_midday(monkeypatch)
    clients.override("connect", env.connect)
    first, last = "44444444-4444-4444-4444-444444444444", "55555555-5555-5555-5555-555555555555"
    for contact in (first, last):
        env.connect.contacts[contact] = {"Attributes": memo_attributes(purpose=MEMO_TEXT)}
    ended = midday - timedelta(hours=1)  # its wait is long over
    ingest_event.handler(_leg(first, ended), lambda_context("ingest"))
    leg = _leg(last, ended + timedelta(minutes=50), initiationMethod="TRANSFER", previousContactId=first)
    ingest_event.handler(leg, lambda_context("ingest"))
    assert {e["name"]: e["status"] for e in env.executions()} == {first: "RUNNING", last: "RUNNING"}
    earlier = FollowupStore().get(first)
    assert earlier is not None
    assert earlier.status == "planned"


def test_without_a_wait_nothing_is_stopped_and_the_text_goes_at_once(
    env: IngestEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    midday = _at_midday(monkeypatch)
    first, last = "66666666-6666-6666-6666-666666666666", "77777777-7777-7777-7777-777777777777"
    for contact in (first, last):
        env.connect.contacts[contact] = {"Attributes": memo_attributes(purpose=MEMO_TEXT)}
    ended = midday
    ingest_event.handler(_leg(first, ended), lambda_context("ingest"))
    leg = _leg(last, ended + timedelta(minutes=2), initiationMethod="TRANSFER", previousContactId=first)
    ingest_event.handler(leg, lambda_context("ingest"))
    assert {e["name"]: e["status"] for e in env.executions()} == {first: "RUNNING", last: "RUNNING"}
    earlier = FollowupStore().get(first)
    assert earlier is not None
    assert earlier.send_at is not None
    assert earlier.send_at < ended + timedelta(minutes=1)
