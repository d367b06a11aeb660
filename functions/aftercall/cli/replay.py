"""``aftercall replay --stack NAME --queue ingest|receipts [--dry-run]``: process the ingest or
receipts dead letters again, through the function that failed them.

These queues are fed by Lambda (failed asynchronous invocations), SNS and our own ingest code, so
no consumer reads them and SQS's console redrive moves letters nowhere useful. Each letter is read
(cli/replay_letters.py), its source re-read where it holds metadata only (the Kinesis record by
sequence number, the contact through DescribeContact), and the function invoked synchronously. A
letter is deleted only when its invocation returned without a function error; a failed, unreadable
or no-longer-readable one stays (its receive makes it invisible for ``--visibility`` seconds).
``--dry-run`` reads and reports, invokes and deletes nothing.

Queue URLs and function names come from the stack's outputs (``IngestDeadLetterQueueUrl``,
``IngestEventFunctionName`` ...). One line per letter names its kind and ids, never its payload.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from aftercall.cli.replay_letters import (
    CONTACT_EVENT,
    CONTACT_RECORD,
    INVOCATION,
    Letter,
    contact_event,
    kinesis_event,
    read_letter,
)
from aftercall.cli.stack import StackError, stack_outputs

QUEUE_OUTPUTS = {"ingest": "IngestDeadLetterQueueUrl", "receipts": "ReceiptDeadLetterQueueUrl"}
FUNCTION_OUTPUTS = {CONTACT_RECORD: "IngestRecordsFunctionName", CONTACT_EVENT: "IngestEventFunctionName"}


class ReplayError(StackError):
    """Something the operator must fix (unknown stack, missing output)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay", help="re-process the ingest or receipts dead letters; delete only what succeeded"
    )
    parser.add_argument("--stack", required=True, help="CloudFormation stack name")
    parser.add_argument("--queue", required=True, choices=sorted(QUEUE_OUTPUTS))
    parser.add_argument(
        "--dry-run", action="store_true", help="report each letter; invoke and delete nothing"
    )
    parser.add_argument(
        "--connect-instance-arn", help="for contact-event letters: the instance to DescribeContact in"
    )
    parser.add_argument("--max", type=int, default=1000, help="stop after this many letters")
    parser.add_argument("--visibility", type=int, default=300, help="seconds a received letter stays hidden")
    parser.add_argument("--region", help="AWS region (default: the SDK's)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    region = args.region or boto3.session.Session().region_name or "us-east-1"
    try:
        outputs = stack_outputs(args.stack, region)
        queue_url = outputs.get(QUEUE_OUTPUTS[args.queue])
        if not queue_url:
            raise ReplayError(f"stack {args.stack!r} has no output {QUEUE_OUTPUTS[args.queue]}")
        replayer = Replayer(
            {
                name: boto3.client(name, region_name=region)
                for name in ("sqs", "lambda", "kinesis", "connect")
            },
            outputs,
            region,
            args.connect_instance_arn or "",
        )
        counts = replayer.drain(queue_url, dry_run=args.dry_run, limit=args.max, visibility=args.visibility)
    except StackError as exc:
        print(f"aftercall replay: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"aftercall replay: AWS refused: {type(exc).__name__}", file=sys.stderr)
        return 1
    summary = " ".join(f"{k}={v}" for k, v in counts.items())
    print(f"{'dry run: ' if args.dry_run else ''}{summary}")
    return 0 if counts["failed"] == 0 else 1


class Replayer:
    """``clients``: botocore sqs, lambda, kinesis and connect clients; ``outputs``: the stack's."""

    def __init__(
        self, clients: dict[str, Any], outputs: dict[str, str], region: str, instance_arn: str
    ) -> None:
        self._c = clients
        self._outputs = outputs
        self._region = region
        self._instance_arn = instance_arn

    def drain(self, queue_url: str, *, dry_run: bool, limit: int, visibility: int) -> dict[str, int]:
        counts = {"letters": 0, "replayed": 0, "failed": 0, "kept": 0}
        seen: set[str] = set()
        while counts["letters"] < limit:
            batch = (
                self._c["sqs"]
                .receive_message(
                    QueueUrl=queue_url,
                    MaxNumberOfMessages=min(10, limit - counts["letters"]),
                    VisibilityTimeout=visibility,
                    WaitTimeSeconds=0,
                )
                .get("Messages", [])
            )
            fresh = [m for m in batch if m["MessageId"] not in seen]
            if not fresh:
                break
            for message in fresh:
                seen.add(message["MessageId"])
                counts["letters"] += 1
                letter = read_letter(message["Body"])
                outcome = "would replay" if dry_run else self._replay(letter)
                if outcome == "replayed":
                    self._c["sqs"].delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
                    counts["replayed"] += 1
                elif outcome.startswith("failed"):
                    counts["failed"] += 1
                else:
                    counts["kept"] += 1
                print(f"[{counts['letters']}] {letter.kind} {letter.reference}: {outcome}", flush=True)
        return counts

    def _replay(self, letter: Letter) -> str:
        """``replayed``, ``failed: why`` or ``kept: why`` (nothing to replay with)."""
        try:
            if letter.kind == INVOCATION:
                return self._invoke(letter.function_arn, letter.payload)
            if letter.kind == CONTACT_RECORD:
                event = self._reread_record(letter.location)
                if event is None:
                    return "kept: the stream no longer holds the record"
                return self._invoke(self._function(CONTACT_RECORD), event)
            if letter.kind == CONTACT_EVENT:
                event = self._reread_contact(letter.location)
                return self._invoke(self._function(CONTACT_EVENT), event)
        except ReplayError as exc:
            return f"kept: {exc}"
        except ClientError as exc:
            return f"failed: {exc.response.get('Error', {}).get('Code', 'ClientError')}"
        return "kept: not a letter this command knows"

    def _function(self, kind: str) -> str:
        name = self._outputs.get(FUNCTION_OUTPUTS[kind])
        if not name:
            raise ReplayError(f"no stack output {FUNCTION_OUTPUTS[kind]}")
        return name

    def _invoke(self, function: str, event: Any) -> str:
        response = self._c["lambda"].invoke(
            FunctionName=function, InvocationType="RequestResponse", Payload=json.dumps(event).encode()
        )
        body = response["Payload"].read()
        if response.get("FunctionError"):
            return f"failed: function error {_error_type(body)}"
        answer = json.loads(body or b"null")
        if isinstance(answer, dict) and (answer.get("rejected") or answer.get("batchItemFailures")):
            return "failed: rejected again"  # the function dead-lettered it again (a new letter)
        return "replayed"

    def _reread_record(self, location: dict[str, str]) -> dict[str, Any] | None:
        stream_arn, sequence = location.get("eventSourceARN", ""), location.get("sequenceNumber", "")
        kinesis = self._c["kinesis"]
        try:
            for shard in kinesis.list_shards(StreamARN=stream_arn)["Shards"]:
                iterator = kinesis.get_shard_iterator(
                    StreamARN=stream_arn,
                    ShardId=shard["ShardId"],
                    ShardIteratorType="AT_SEQUENCE_NUMBER",
                    StartingSequenceNumber=sequence,
                )["ShardIterator"]
                records = kinesis.get_records(ShardIterator=iterator, StreamARN=stream_arn, Limit=1)[
                    "Records"
                ]
                if records and records[0]["SequenceNumber"] == sequence:
                    return kinesis_event(stream_arn, records[0], self._region)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in (
                "ResourceNotFoundException",
                "InvalidArgumentException",
            ):
                return None
            raise
        return None

    def _reread_contact(self, location: dict[str, str]) -> dict[str, Any]:
        contact_id = location.get("contactId")
        if not contact_id:
            raise ReplayError("the letter names no contact")
        if not self._instance_arn:
            raise ReplayError("pass --connect-instance-arn to re-read contacts")
        instance_id = self._instance_arn.rsplit("/", 1)[-1]
        contact = self._c["connect"].describe_contact(InstanceId=instance_id, ContactId=contact_id)["Contact"]
        return contact_event(
            contact, self._instance_arn, self._region, location.get("eventId") or str(uuid.uuid4())
        )


def _error_type(body: bytes) -> str:
    try:
        return str(json.loads(body).get("errorType", "Unhandled"))
    except (ValueError, AttributeError):
        return "Unhandled"
