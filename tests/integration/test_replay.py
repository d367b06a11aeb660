"""``aftercall replay``: dead letters of the ingest and receipts queues processed again through the
function that failed them, found by the stack's outputs on the embedded AWS (moto).

Lambda has no backend that runs our code here, so the functions are a recording stand-in with
``invoke``'s shape; Connect's DescribeContact is a ``Stubber`` against the real API model. The
queues, the stream and the stack are moto's.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from aftercall.cli.main import main
from aftercall.cli.replay import Replayer
from aftercall.cli.stack import stack_outputs
from aftercall.events.connect import ContactEventModel, call_from_event
from aftercall.local.dead_letters import invocation_record

pytestmark = pytest.mark.integration

REGION = "ap-northeast-2"
STACK = "Aftercall"
PHONE = "+821023456789"
INSTANCE = "arn:aws:connect:ap-northeast-2:123456789012:instance/11111111-2222-3333-4444-555555555555"
CONTACT = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
TEMPLATE = {
    "Resources": {
        "IngestDeadLetters": {"Type": "AWS::SQS::Queue"},
        "ReceiptDeadLetters": {"Type": "AWS::SQS::Queue"},
        "Records": {"Type": "AWS::Kinesis::Stream", "Properties": {"ShardCount": 1}},
    },
    "Outputs": {
        "IngestDeadLetterQueueUrl": {"Value": {"Ref": "IngestDeadLetters"}},
        "ReceiptDeadLetterQueueUrl": {"Value": {"Ref": "ReceiptDeadLetters"}},
        "IngestEventFunctionName": {"Value": "Aftercall-IngestEvent-1A2B"},
        "IngestRecordsFunctionName": {"Value": "Aftercall-IngestRecords-3C4D"},
        "ReceiptsFunctionName": {"Value": "Aftercall-Receipts-5E6F"},
        "RecordStreamArn": {"Value": {"Fn::GetAtt": ["Records", "Arn"]}},
    },
}


class Functions:
    """Lambda ``invoke`` for the stack's functions: records each event; fails the ones told to."""

    def __init__(self) -> None:
        self.invoked: list[tuple[str, Any]] = []
        self.failing: set[str] = set()

    def invoke(self, FunctionName: str, InvocationType: str, Payload: bytes) -> dict[str, Any]:  # noqa: N803
        assert InvocationType == "RequestResponse"
        self.invoked.append((FunctionName, json.loads(Payload)))
        if any(name in FunctionName for name in self.failing):
            body = json.dumps({"errorType": "TransientError", "errorMessage": "x"}).encode()
            return {"StatusCode": 200, "FunctionError": "Unhandled", "Payload": io.BytesIO(body)}
        return {"StatusCode": 200, "Payload": io.BytesIO(b"{}")}


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        boto3.client("cloudformation", region_name=REGION).create_stack(
            StackName=STACK, TemplateBody=json.dumps(TEMPLATE)
        )
        yield stack_outputs(STACK, REGION)


def _send(url: str, body: Any) -> None:
    boto3.client("sqs", region_name=REGION).send_message(QueueUrl=url, MessageBody=json.dumps(body))


def _waiting(url: str) -> int:
    attributes = boto3.client("sqs", region_name=REGION).get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def _replayer(outputs: dict[str, str], functions: Functions, connect: Any = None) -> Replayer:
    clients = {
        "sqs": boto3.client("sqs", region_name=REGION),
        "kinesis": boto3.client("kinesis", region_name=REGION),
        "lambda": functions,
        "connect": connect,
    }
    return Replayer(clients, outputs, REGION, INSTANCE)


def test_a_stream_record_is_read_again_and_its_letter_deleted(
    aws: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    stream = aws["RecordStreamArn"]
    record = json.dumps({"ContactId": CONTACT, "CustomerEndpoint": {"Address": PHONE}}).encode()
    put = boto3.client("kinesis", region_name=REGION).put_record(
        StreamARN=stream, Data=record, PartitionKey=CONTACT
    )
    letter = {
        "source": "contact_record",
        "error": "ValidationError",
        "eventSourceARN": stream,
        "sequenceNumber": put["SequenceNumber"],
        "partitionKey": CONTACT,
    }
    _send(aws["IngestDeadLetterQueueUrl"], letter)
    functions = Functions()

    counts = _replayer(aws, functions).drain(
        aws["IngestDeadLetterQueueUrl"], dry_run=False, limit=10, visibility=0
    )

    assert counts == {"letters": 1, "replayed": 1, "failed": 0, "kept": 0}
    [(name, event)] = functions.invoked
    assert name == "Aftercall-IngestRecords-3C4D"
    [kinesis_record] = event["Records"]
    assert base64.b64decode(kinesis_record["kinesis"]["data"]) == record
    assert kinesis_record["kinesis"]["sequenceNumber"] == put["SequenceNumber"]
    assert _waiting(aws["IngestDeadLetterQueueUrl"]) == 0
    out = capsys.readouterr().out
    assert put["SequenceNumber"] in out
    assert PHONE not in out
    assert "1023456789" not in out


def test_a_record_the_stream_no_longer_holds_is_kept(aws: dict[str, str]) -> None:
    stream = aws["RecordStreamArn"]
    letter = {"source": "contact_record", "error": "X", "eventSourceARN": stream, "sequenceNumber": "4" * 56}
    _send(aws["IngestDeadLetterQueueUrl"], letter)
    functions = Functions()

    counts = _replayer(aws, functions).drain(
        aws["IngestDeadLetterQueueUrl"], dry_run=False, limit=10, visibility=0
    )

    assert counts["kept"] == 1
    assert functions.invoked == []
    assert _waiting(aws["IngestDeadLetterQueueUrl"]) == 1


def test_invocation_records_go_back_to_their_function_and_only_successes_leave(aws: dict[str, str]) -> None:
    url = aws["ReceiptDeadLetterQueueUrl"]
    ok = {"Records": [{"Sns": {"Message": json.dumps({"destinationPhoneNumber": PHONE})}}]}
    _send(url, invocation_record("Aftercall-Receipts-5E6F", REGION, ok, {"errorType": "TransientError"}))
    _send(url, invocation_record("Aftercall-Broken-0000", REGION, ok, {"errorType": "TransientError"}))
    functions = Functions()
    functions.failing.add("Broken")

    counts = _replayer(aws, functions).drain(url, dry_run=False, limit=10, visibility=0)

    assert counts == {"letters": 2, "replayed": 1, "failed": 1, "kept": 0}
    assert sorted(name for name, _ in functions.invoked) == [
        f"arn:aws:lambda:{REGION}:123456789012:function:Aftercall-Broken-0000",
        f"arn:aws:lambda:{REGION}:123456789012:function:Aftercall-Receipts-5E6F",
    ]
    assert all(event == ok for _, event in functions.invoked)
    assert _waiting(url) == 1  # the failed one stays


def test_a_contact_event_is_rebuilt_from_describe_contact(aws: dict[str, str]) -> None:
    connect = boto3.client("connect", region_name=REGION)
    ended = datetime(2026, 12, 4, 9, 30, tzinfo=UTC)
    with Stubber(connect) as stub:
        stub.add_response(
            "describe_contact",
            {
                "Contact": {
                    "Id": CONTACT,
                    "Channel": "VOICE",
                    "InitiationMethod": "INBOUND",
                    "DisconnectTimestamp": ended,
                    "QueueInfo": {"Id": "q-1"},
                }
            },
            {"InstanceId": INSTANCE.rsplit("/", 1)[-1], "ContactId": CONTACT},
        )
        _send(
            aws["IngestDeadLetterQueueUrl"], {"source": "contact_event", "error": "X", "contactId": CONTACT}
        )
        functions = Functions()
        counts = _replayer(aws, functions, connect).drain(
            aws["IngestDeadLetterQueueUrl"], dry_run=False, limit=10, visibility=0
        )
    assert counts["replayed"] == 1
    [(name, event)] = functions.invoked
    assert name == "Aftercall-IngestEvent-1A2B"

    call = call_from_event(ContactEventModel.model_validate(event))
    assert call.contact_id == CONTACT
    assert call.ended_at == ended
    assert call.queue == "q-1"


def test_dry_run_through_the_cli_invokes_and_deletes_nothing(
    aws: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = aws["ReceiptDeadLetterQueueUrl"]
    event = {"Records": [{"Sns": {"Message": json.dumps({"destinationPhoneNumber": PHONE})}}]}
    _send(url, invocation_record("Aftercall-Receipts-5E6F", REGION, event, {"errorType": "TransientError"}))

    code = main(
        [
            "replay",
            "--stack",
            STACK,
            "--queue",
            "receipts",
            "--dry-run",
            "--region",
            REGION,
            "--visibility",
            "0",
        ]
    )

    out = capsys.readouterr().out
    assert code == 0
    assert "invocation Aftercall-Receipts-5E6F" in out
    assert "would replay" in out
    assert "dry run: letters=1 replayed=0 failed=0 kept=1" in out
    assert PHONE not in out
    assert _waiting(url) == 1
