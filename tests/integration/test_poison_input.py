"""Content that made a handler raise (found by tests/integration/test_fuzz_handlers.py), one case each.

Content AWS can send at its edges: a time at the end of the calendar or without a zone, keys in
another casing, JSON nested past the recursion limit, a lone surrogate, a memo over DynamoDB's
400 KB item limit, a contact Connect does not know. Each is answered: dead-lettered with metadata
only (ingest), counted as rejected (receipts), a typed error (a workflow step), dropped (the
sender); never raised as a raw exception, never a batch item failure retried until it expires.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from aftercall import clients
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.domain.followup import attempt_item
from aftercall.errors import InvalidInputError
from aftercall.handlers import (
    create_task,
    ingest_event,
    ingest_records,
    outcome,
    plan,
    receipts,
    send_email,
    send_sms,
)
from aftercall.local.connect_standin import ConnectStandIn
from aftercall.local.events import sns_event, sqs_record
from aftercall.local.lambda_context import lambda_context
from tests.fuzzing import deep_json
from tests.helpers import load_event, mutate
from tests.integration.aws import MotoAws
from tests.samples import memo_attributes

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore:No application metrics")]

NUMBER = "+821023456789"
INSTANCE = "12345678-1234-1234-1234-123456789012"
LETTER = {
    "contact_event": {"source", "error", "eventId", "time", "contactId"},
    "contact_record": {"source", "error", "eventSourceARN", "sequenceNumber", "partitionKey"},
}


@dataclass
class Env:
    aws: MotoAws
    connect: ConnectStandIn
    dlq_url: str

    def letters(self) -> list[dict[str, Any]]:
        sqs = self.aws.client("sqs")
        out = []
        while messages := sqs.receive_message(QueueUrl=self.dlq_url, MaxNumberOfMessages=10).get("Messages"):
            for message in messages:
                out.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=self.dlq_url, ReceiptHandle=message["ReceiptHandle"])
        for letter in out:  # metadata only, whatever the input held
            assert set(letter) <= LETTER[letter["source"]]
            assert NUMBER not in json.dumps(letter)
        return out


@pytest.fixture(autouse=True)
def _no_letters_left(env: Env) -> None:
    env.letters()  # each test reads only its own


@pytest.fixture(scope="module")
def env(module_aws: MotoAws) -> Env:
    module_aws.client("ssm").put_parameter(Name="/k", Value="secret", Type="SecureString")
    sfn = module_aws.client("stepfunctions")
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
    role = "arn:aws:iam::123456789012:role/followup"
    arn = sfn.create_state_machine(name="followup", definition=definition, roleArn=role)["stateMachineArn"]
    dlq = module_aws.client("sqs").create_queue(QueueName="ingest-dlq")["QueueUrl"]
    module_aws.setenv(
        CUSTOMER_KEY_PARAMETER="/k", STATE_MACHINE_ARN=arn, INGEST_DLQ_URL=dlq, COMPANY_NAME="Aftercall",
        CALLBACK_NUMBER="1588-0000", SMS_CONFIGURATION_SET="c", SMS_ORIGINATION_IDENTITY="+15555550100",
        PACING_TABLE="pacing", EMAIL_FROM_ADDRESS="f@example.com", EMAIL_CONFIGURATION_SET="c",
        TASK_CONTACT_FLOW_ID="flow",
    )  # fmt: skip
    connect = ConnectStandIn()
    clients.override("connect", connect)
    return Env(module_aws, connect, dlq)


def _event(**changes: Any) -> dict[str, Any]:
    contact = str(uuid.uuid4())
    base = {"detail.contactId": contact, "detail.customerEndpoint.address": NUMBER}
    return mutate(load_event("connect_contact_event_completed.SYNTHESIZED.json"), **{**base, **changes})


def _kinesis(*datas: bytes) -> dict[str, Any]:
    template = load_event("connect_ctr_kinesis_lambda_event.SYNTHESIZED.json")["Records"][0]
    return {"Records": [mutate(template, **{"kinesis.data": base64.b64encode(data).decode(),
                                            "kinesis.sequenceNumber": f"4959{i:04d}"})
                        for i, data in enumerate(datas)]}  # fmt: skip


def _record(**changes: Any) -> dict[str, Any]:
    base = {
        "ContactId": str(uuid.uuid4()),
        "CustomerEndpoint.Address": NUMBER,
        "TransferCompletedTimestamp": None,
        "TransferredToEndpoint": None,
        "Attributes": memo_attributes(),
    }
    return mutate(load_event("connect_ctr_voice_inbound_with_acw.json"), **{**base, **changes})


# --- ingest: answered and dead-lettered, never raised nor retried -----------------------------------


def test_an_event_that_is_not_a_contact_event_is_dead_lettered_with_metadata_only(env: Env) -> None:
    event = _event(**{"detail.channel": ...})  # a required field missing; the number is still there
    assert ingest_event.handler(event, lambda_context("ingest")) == {"rejected": "ValidationError"}
    [letter] = env.letters()
    assert letter == {"source": "contact_event", "error": "ValidationError", "eventId": event["id"],
                      "time": event["time"], "contactId": event["detail"]["contactId"]}  # fmt: skip


def test_a_completed_event_for_a_contact_connect_does_not_know_is_dead_lettered(env: Env) -> None:
    event = _event(**{"detail.customerEndpoint": ...})  # DescribeContact must tell the number
    answer = ingest_event.handler(event, lambda_context("ingest"))
    assert answer["rejected"] in {"PermanentError", "InvalidInputError"}
    assert [letter["contactId"] for letter in env.letters()] == [event["detail"]["contactId"]]


def test_a_memo_over_dynamodbs_item_limit_is_dead_lettered_from_an_event_and_a_record(env: Env) -> None:
    event = _event(**{"detail.customerEndpoint": ...})
    big = memo_attributes(purpose="x" * 410_000)  # over 400 KB
    env.connect.add_contact(INSTANCE, event["detail"]["contactId"], customer_number=NUMBER, attributes=big)
    assert ingest_event.handler(event, lambda_context("ingest")) == {"rejected": "InvalidInputError"}
    record = _record(Attributes=big)
    response = ingest_records.handler(_kinesis(json.dumps(record).encode()), lambda_context("ingest"))
    assert response == {"batchItemFailures": []}
    assert [letter["error"] for letter in env.letters()] == ["InvalidInputError", "InvalidInputError"]


def test_an_event_with_its_keys_in_another_casing_is_ingested(env: Env) -> None:
    event = _event()
    env.connect.add_contact(INSTANCE, event["detail"]["contactId"], attributes=memo_attributes())
    event["detail"] = {key[:1].upper() + key[1:]: value for key, value in event["detail"].items()}
    event["detail"]["AgentInfo"] = {k.upper(): v for k, v in event["detail"].pop("AgentInfo").items()}
    event["detail"]["Channel"] = "Voice"
    answer = ingest_event.handler(event, lambda_context("ingest"))
    assert answer["contactId"] == event["detail"]["ContactId"]
    assert answer["skipReason"] is None  # the agent's connection time was read: not "no agent"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (deep_json(2_000).encode(), "ValueError"),  # nested past the recursion limit
        (json.dumps(_record(Attributes={"aftercall_purpose": "\ud800"})).encode(), "UnicodeEncodeError"),
        (json.dumps(_record(LastUpdateTimestamp="9999-12-31T23:59:59Z")).encode(), "ValidationError"),
    ],
    ids=["nested-too-deep", "lone-surrogate", "year-9999"],
)
def test_a_record_no_store_can_hold_is_dead_lettered_not_retried(env: Env, data: bytes, error: str) -> None:
    good = _record()
    response = ingest_records.handler(_kinesis(data, json.dumps(good).encode()), lambda_context("ingest"))
    assert response == {"batchItemFailures": []}
    assert [(letter["error"], letter["sequenceNumber"]) for letter in env.letters()] == [(error, "49590000")]
    assert MemoStore().get(good["ContactId"]) is not None


# --- receipts: counted as rejected ---------------------------------------------------------------------


def test_a_receipt_at_the_end_of_the_calendar_is_rejected_not_an_overflow(env: Env) -> None:
    followup = str(uuid.uuid4())
    message = {**load_event("eum_sms_event_text_successful.json"), "eventTimestamp": 253_402_300_799_999,
               "context": {"followup_id": followup, "attempt": attempt_item("sms", 1)}}  # fmt: skip
    answer = receipts.handler(sns_event(json.dumps(message)), lambda_context("receipts"))
    assert answer == {"rejected": 1}
    assert FollowupStore().get_attempt(followup, attempt_item("sms", 1)) is None


def test_an_ses_receipt_whose_times_have_no_zone_is_read_as_utc(env: Env) -> None:
    followup, item = str(uuid.uuid4()), attempt_item("email", 1)
    FollowupStore().claim(followup, item, "followup", None, datetime.now(UTC))
    message = load_event("ses_v2_event_delivery.sns_message.json")
    message["mail"]["timestamp"] = "2026-11-23T09:00:00.000"
    message["delivery"]["timestamp"] = "2026-11-23T09:00:02"
    message["mail"]["tags"].update(followup_id=[followup], attempt=["attempt-email-1"])
    answer = receipts.handler(sns_event(json.dumps(message)), lambda_context("receipts"))
    assert answer == {"recorded": 1}
    attempt = FollowupStore().get_attempt(followup, item)
    assert attempt is not None
    assert [u.at for u in attempt.history] == [datetime(2026, 11, 23, 9, 0, 2, tzinfo=UTC)]


# --- the workflow's steps: a typed error, or dropped ----------------------------------------------------


@pytest.mark.parametrize("handler", [plan, send_email, create_task, outcome], ids=lambda m: m.__name__)
@pytest.mark.parametrize("event", [None, [], {}, {"followupId": {"x": 1}, "contactId": 7}], ids=repr)
def test_a_step_input_that_is_not_ours_is_an_invalid_input_error(env: Env, handler: Any, event: Any) -> None:
    with pytest.raises(InvalidInputError):
        handler.handler(event, lambda_context("step"))


def test_the_sender_drops_a_message_it_cannot_read_and_fails_its_wait(env: Env) -> None:
    failed: list[dict[str, Any]] = []

    class Sfn:
        def send_task_failure(self, **params: Any) -> None:
            failed.append(params)

    clients.override("stepfunctions", Sfn())
    body = json.dumps({"taskToken": "token-1", "followupId": ["not", "an", "id"]})
    message = {"MessageId": "m-1", "ReceiptHandle": "h", "Body": body}
    event = {"Records": [sqs_record(message, "https://sqs/queue", "ap-northeast-2")]}
    assert send_sms.handler(event, lambda_context("send-sms")) == {"batchItemFailures": []}
    assert [(f["taskToken"], f["error"]) for f in failed] == [("token-1", "InvalidInputError")]
