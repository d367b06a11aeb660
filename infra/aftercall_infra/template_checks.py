"""Templates written by hand are checked when they are saved: the templates table's stream (keys only)
feeds the validator, which records its verdict on the item; failures go, as metadata, to a queue."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from aftercall_infra import acknowledged_findings, grants
from aftercall_infra.constants import Fn, Table
from aftercall_infra.ingest import QueueDestination
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.messaging import dead_letter_queue
from aftercall_infra.nag import acknowledge
from aftercall_infra.storage import Storage

BATCH_SIZE = 10
RETRY_ATTEMPTS = 5
MAX_RECORD_AGE = Duration.hours(24)  # the stream keeps records 24 hours
# Lambda reads the stream with the function's role (DescribeStream, GetShardIterator, GetRecords,
# ListStreams), on this table's stream only.
READ_STREAM = (
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
    "dynamodb:ListStreams",
)


class TemplateChecks(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, storage: Storage, factory: LambdaFactory
    ) -> None:
        super().__init__(scope, construct_id)
        table = storage.tables[Table.TEMPLATES]
        assert table.table_stream_arn is not None, "the templates table has a stream (storage.py)"
        # A stream mapping's on-failure destination gets the batch's metadata (shard, sequence numbers).
        self.dead_letters = dead_letter_queue(self, "DeadLetters", storage.key, whole_events=False)
        acknowledge(self.dead_letters, "AwsSolutions-SQS3", acknowledged_findings.STREAM_FAILURE_DESTINATION)
        self.function = factory.create(self, Fn.TEMPLATE_VALIDATOR)
        grants.allow(self.function, READ_STREAM, [table.table_stream_arn])
        grants.allow_send(self.function, self.dead_letters, storage.key)
        self.mapping = lambda_.EventSourceMapping(
            self,
            "Edits",
            target=self.function,
            event_source_arn=table.table_stream_arn,
            starting_position=lambda_.StartingPosition.TRIM_HORIZON,
            batch_size=BATCH_SIZE,
            bisect_batch_on_error=True,
            retry_attempts=RETRY_ATTEMPTS,
            max_record_age=MAX_RECORD_AGE,
            report_batch_item_failures=True,
            on_failure=QueueDestination(self.dead_letters),
        )
