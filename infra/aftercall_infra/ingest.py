"""Call endings in: the Amazon Connect contact-event rule and, when configured, the contact-record stream.

Both paths end in the same use case (save the memo, start one execution per contact) and share one
dead-letter queue: failed rule deliveries, failed asynchronous invocations, and the metadata of
contact-record batches that ran out of retries.
"""

from __future__ import annotations

import jsii
from aws_cdk import Duration, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_kinesis as kinesis
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from aftercall_infra import acknowledged_findings, arns, grants
from aftercall_infra.config import DeployConfig
from aftercall_infra.constants import (
    CONNECT_EVENT_DETAIL_TYPE,
    CONNECT_EVENT_SOURCE,
    CONNECT_FOLLOWED_CHANNEL,
    CONNECT_FOLLOWED_EVENT_TYPE,
    Fn,
)
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.messaging import dead_letter_queue
from aftercall_infra.storage import Storage

RULE_RETRY_ATTEMPTS = 8
RULE_MAX_EVENT_AGE = Duration.hours(6)
RECORD_BATCH_SIZE = 100
RECORD_BATCH_WINDOW = Duration.seconds(1)
RECORD_RETRY_ATTEMPTS = 5
RECORD_MAX_AGE = Duration.hours(6)


class Ingest(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        storage: Storage,
        factory: LambdaFactory,
        state_machine_arn: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self._stack = Stack.of(self)
        self._config = config
        self._storage = storage
        storage.allow_service("events.amazonaws.com")
        # EventBridge (undeliverable events) and Lambda (failed asynchronous invocations) put whole
        # contact events here, customer number included; records and poison records are metadata.
        self.dead_letters = dead_letter_queue(self, "DeadLetters", storage.key, whole_events=True)
        factory.offer({"state_machine_arn": state_machine_arn, "ingest_dlq_url": self.dead_letters.queue_url})

        self.from_events = factory.create(self, Fn.INGEST_EVENT, async_failures=self.dead_letters)
        self._allow_ingest(self.from_events, state_machine_arn)
        grants.allow(
            self.from_events,
            ["connect:DescribeContact"],
            [arns.connect_contacts_arn(self._stack, config)],
            wildcard_reason=acknowledged_findings.CONNECT_CONTACTS,
        )
        self.rule = events.Rule(
            self,
            "ContactCompleted",
            description="Amazon Connect voice contacts whose after-call work is done",
            event_pattern=contact_event_pattern(config),
            targets=[
                targets.LambdaFunction(
                    self.from_events,
                    dead_letter_queue=self.dead_letters,
                    retry_attempts=RULE_RETRY_ATTEMPTS,
                    max_event_age=RULE_MAX_EVENT_AGE,
                )
            ],
        )

        self.from_records: lambda_.Function | None = None
        if config.record_stream_arn:
            self.from_records = factory.create(self, Fn.INGEST_RECORDS, async_failures=None)
            self._allow_ingest(self.from_records, state_machine_arn)
            self._read_records(self.from_records)

    def _allow_ingest(self, function: lambda_.IFunction, state_machine_arn: str) -> None:
        grants.allow(function, ["states:StartExecution"], [state_machine_arn])
        if int(self._config["transferWaitSeconds"]) > 0:  # a next leg stops the earlier leg's waiting text
            executions = state_machine_arn.replace(":stateMachine:", ":execution:") + ":*"
            grants.allow(
                function,
                ["states:DescribeExecution", "states:StopExecution"],
                [executions],
                wildcard_reason="Executions are named after contacts at run time; only this machine's.",
            )
        grants.allow_send(function, self.dead_letters, self._storage.key)
        allow_customer_key(function, self._stack, self._config)

    def _read_records(self, function: lambda_.Function) -> None:
        key_arn = self._config["contactRecordStreamKeyArn"]
        stream = kinesis.Stream.from_stream_attributes(
            self,
            "ContactRecords",
            stream_arn=self._config.record_stream_arn,
            encryption_key=kms.Key.from_key_arn(self, "ContactRecordsKey", key_arn) if key_arn else None,
        )
        function.add_event_source(
            sources.KinesisEventSource(
                stream,
                starting_position=lambda_.StartingPosition.LATEST,
                batch_size=RECORD_BATCH_SIZE,
                max_batching_window=RECORD_BATCH_WINDOW,
                filters=[lambda_.FilterCriteria.filter({"data": contact_record_filter(self._config)})],
                report_batch_item_failures=True,
                bisect_batch_on_error=True,
                retry_attempts=RECORD_RETRY_ATTEMPTS,
                max_record_age=RECORD_MAX_AGE,
                on_failure=QueueDestination(self.dead_letters),
            )
        )


def contact_event_pattern(config: DeployConfig) -> events.EventPattern:
    detail: dict[str, list[str]] = {
        "eventType": [CONNECT_FOLLOWED_EVENT_TYPE],
        "channel": [CONNECT_FOLLOWED_CHANNEL],
    }
    if config.connect_instance_arn:
        detail["instanceArn"] = [config.connect_instance_arn]
    return events.EventPattern(
        source=[CONNECT_EVENT_SOURCE], detail_type=[CONNECT_EVENT_DETAIL_TYPE], detail=detail
    )


def contact_record_filter(config: DeployConfig) -> dict[str, list[object]]:
    """The same contacts as the rule: voice contacts (of the configured instance)."""
    pattern: dict[str, list[object]] = {
        "ContactId": [{"exists": True}],
        "Channel": [CONNECT_FOLLOWED_CHANNEL],
    }
    if config.connect_instance_arn:
        pattern["InstanceARN"] = [config.connect_instance_arn]
    return pattern


@jsii.implements(lambda_.IEventSourceDlq)
class QueueDestination:
    """On-failure destination of the stream mapping; the function's role gets an explicit grant
    (``SqsDlq`` would add wildcard KMS actions)."""

    def __init__(self, queue: sqs.IQueue) -> None:
        self._queue = queue

    def bind(
        self, target: lambda_.IEventSourceMapping, target_handler: lambda_.IFunction
    ) -> lambda_.DlqDestinationConfig:
        return lambda_.DlqDestinationConfig(destination=self._queue.queue_arn)


def allow_customer_key(function: lambda_.IFunction, stack: Stack, config: DeployConfig) -> None:
    """Read the customer-key SecureString: the one parameter, decrypted through SSM only."""
    parameter = arns.ssm_parameter_arn(stack, config.customer_key_parameter)
    grants.allow(function, ["ssm:GetParameter"], [parameter])
    # The SecureString's key is the admin's choice (aws/ssm by default): Decrypt is limited to SSM
    # decrypting this one parameter.
    key = config["customerKeyParameterKeyArn"] or stack.format_arn(
        service="kms", resource="key", resource_name="*"
    )
    grants.allow(
        function,
        ["kms:Decrypt"],
        [key],
        conditions={
            "StringEquals": {
                "kms:ViaService": f"ssm.{stack.region}.amazonaws.com",
                "kms:EncryptionContext:PARAMETER_ARN": parameter,
            }
        },
        wildcard_reason=acknowledged_findings.SSM_PARAMETER_KEY,
    )
