"""Bad input, fuzzed, through the handlers on moto (in the same process, no network).

Fuzzed contact records mixed into a Kinesis batch of good ones, and fuzzed SNS messages mixed among
good receipts. The good records are processed, a poison record never becomes a batch item failure
(it goes to the dead-letter queue, metadata only), and the receipt handler never raises for content.
The parsers themselves are fuzzed in tests/unit/test_fuzz_parsers.py, from the same inputs.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.tables import MemoModel
from aftercall.domain.followup import attempt_item
from aftercall.events.contact_record import ContactRecord
from aftercall.handlers import ingest_records, receipts
from aftercall.local.lambda_context import lambda_context
from tests.fuzzing import CONTACT_RECORD, SMS_EVENT, receipt_messages, record_bytes
from tests.helpers import load_event
from tests.integration.aws import REGION, MotoAws

HANDLER_FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

NUMBER = "+821023456789"


@pytest.fixture(scope="module")
def moto_env(module_aws: MotoAws) -> dict[str, str]:
    """Ingest's and the receipt handler's resources beside the tables, for the whole module."""
    module_aws.client("ssm").put_parameter(
        Name="/aftercall/customer-key", Value="fuzz-secret", Type="SecureString"
    )
    definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
    machine = module_aws.client("stepfunctions").create_state_machine(
        name="fuzz", definition=definition, roleArn="arn:aws:iam::123456789012:role/fuzz"
    )["stateMachineArn"]
    dlq = module_aws.client("sqs").create_queue(QueueName="fuzz-dlq")["QueueUrl"]
    values = {
        "CUSTOMER_KEY_PARAMETER": "/aftercall/customer-key",
        "STATE_MACHINE_ARN": machine,
        "INGEST_DLQ_URL": dlq,
        "COMPANY_NAME": "Aftercall",  # ingest plans the first follow-up: the texts' settings
        "CALLBACK_NUMBER": "1588-0000",
    }
    module_aws.setenv(**values)
    return values


def _good_record() -> dict[str, Any]:
    record = json.loads(json.dumps(CONTACT_RECORD))
    contact_id = str(uuid.uuid4())
    record.update(
        ContactId=contact_id,
        TransferCompletedTimestamp=None,
        TransferredToEndpoint=None,
        LastUpdateTimestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    record["CustomerEndpoint"] = {"Address": NUMBER, "Type": "TELEPHONE_NUMBER"}
    return record


def _kinesis(datas: list[bytes]) -> dict[str, Any]:
    template = load_event("connect_ctr_kinesis_lambda_event.SYNTHESIZED.json")["Records"][0]
    records = []
    for index, data in enumerate(datas):
        entry = json.loads(json.dumps(template))
        entry["kinesis"]["data"] = base64.b64encode(data).decode()
        entry["kinesis"]["sequenceNumber"] = f"{uuid.uuid4().int % 10**20:020d}{index:02d}"
        records.append(entry)
    return {"Records": records}


def _dead_letters(url: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name=REGION)
    letters: list[dict[str, Any]] = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return letters
        for message in messages:
            letters.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


@pytest.mark.integration
@HANDLER_FUZZ
@given(st.lists(record_bytes(), min_size=1, max_size=3))
def test_ingest_records_handler_processes_good_records_and_dead_letters_poison(
    moto_env: dict[str, str], fuzzed: list[bytes]
) -> None:
    # Given a Kinesis batch of fuzzed records between two good ones
    good = [_good_record(), _good_record()]
    datas = [json.dumps(good[0]).encode(), *fuzzed, json.dumps(good[1]).encode()]
    poison = 0
    for data in fuzzed:
        try:
            ContactRecord.from_bytes(data)
        except (ValidationError, ValueError):
            poison += 1
    # When the handler runs
    response = ingest_records.handler(_kinesis(datas), lambda_context("fuzz"))
    # Then nothing blocks the shard, the good memos are stored, each poison record is dead-lettered
    assert response == {"batchItemFailures": []}, [repr(e) for e in ingest_records.processor.exceptions]
    for record in good:
        assert MemoModel.get(record["ContactId"]).skip_reason is None
    letters = _dead_letters(moto_env["INGEST_DLQ_URL"])
    # every unparsable record, and those whose DescribeContact is refused (a permanent error)
    assert poison <= len(letters) <= len(fuzzed)
    assert all(set(letter) == {"source", "error", "eventSourceARN", "sequenceNumber", "partitionKey"}
               for letter in letters)  # fmt: skip


def _sns(messages: list[str]) -> dict[str, Any]:
    template = load_event("eum_sms_event_via_sns_lambda_event.SYNTHESIZED.json")["Records"][0]
    records = []
    for message in messages:
        record = json.loads(json.dumps(template))
        record["Sns"]["Message"] = message
        record["Sns"]["MessageId"] = str(uuid.uuid4())
        records.append(record)
    return {"Records": records}


def _good_receipt(followup_id: str, message_id: str) -> str:
    return json.dumps(
        {**SMS_EVENT, "eventType": "TEXT_QUEUED", "isFinal": False, "messageId": message_id,
         "context": {"followup_id": followup_id, "attempt": attempt_item("sms", 1)}}
    )  # fmt: skip


@pytest.mark.integration
@HANDLER_FUZZ
@given(st.lists(receipt_messages(), min_size=1, max_size=3))
def test_receipt_handler_records_good_receipts_and_rejects_bad_ones_without_raising(
    moto_env: dict[str, str], fuzzed: list[str]
) -> None:
    # Given two claimed attempts and their receipts, with fuzzed messages between them
    store = FollowupStore()
    followups = [str(uuid.uuid4()), str(uuid.uuid4())]
    for followup_id in followups:
        store.claim(followup_id, attempt_item("sms", 1), "followup", None, datetime.now(UTC))
    messages = [_good_receipt(followups[0], str(uuid.uuid4())), *fuzzed,
                _good_receipt(followups[1], str(uuid.uuid4()))]  # fmt: skip
    # When the handler runs, it does not raise
    counts = Counter(receipts.handler(_sns(messages), lambda_context("fuzz")))
    # Then both good receipts are on their attempts and every message is accounted for
    for followup_id in followups:
        attempt = store.get_attempt(followup_id, attempt_item("sms", 1))
        assert attempt is not None
        assert [u.status for u in attempt.history] == ["TEXT_QUEUED"]
    assert sum(counts.values()) == len(messages)
    assert counts["recorded"] >= 2
