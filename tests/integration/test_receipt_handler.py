"""The receipt handler on moto: DynamoDB through the follow-up store, a real task-token wait.

Each test starts an execution that waits on a task token (the SQS ``.waitForTaskToken``
integration), claims the attempt with that token as the sender would, then feeds the handler the
SNS events the carrier simulator (or SES's documented samples) produce.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from pynamodb.connection.base import Connection

from aftercall import clients, container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.sms import EumSms
from aftercall.domain.followup import StatusUpdate, attempt_item
from aftercall.domain.outbound import SmsRequest
from aftercall.handlers import receipts
from aftercall.local.carrier import CarrierSimulator
from aftercall.local.lambda_context import lambda_context
from tests.helpers import load_event, mutate, stubbed
from tests.integration.aws import REGION, MotoAws

if TYPE_CHECKING:
    from moto.core.config import DefaultConfig

pytestmark = pytest.mark.integration

SMS_1 = attempt_item("sms", 1)
EMAIL_1 = attempt_item("email", 1)
NUMBER = "+821023456789"
TEXT = "[상담 안내] 오늘 문의하신 환불 12,000원은 3일 안에 처리됩니다."
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
SMS_TOPIC = f"arn:aws:sns:{REGION}:123456789012:sms-events"


class HandlerSns:
    """An sns client whose topic is subscribed by the receipt handler (as SNS → Lambda is in AWS)."""

    def __init__(self) -> None:
        self.results: list[dict[str, int]] = []

    def publish(self, TopicArn: str, Message: str) -> dict[str, str]:  # noqa: N803 - boto3 names
        self.results.append(receipts.handler(sns_event(Message, TopicArn), lambda_context("receipts")))
        return {"MessageId": "sns-1"}


def sns_event(message: str, topic: str = SMS_TOPIC) -> dict[str, Any]:
    envelope = load_event("eum_sms_event_via_sns_lambda_event.SYNTHESIZED.json")
    return mutate(envelope, **{"Records.0.Sns.Message": message, "Records.0.Sns.TopicArn": topic})


@dataclass
class Workflow:
    sfn: Any
    sqs: Any
    queue_url: str
    state_machine_arn: str
    store: FollowupStore
    followup_id: str

    def wait_for_token(self) -> tuple[str, str]:
        """Start an execution and return (execution arn, the token it waits on)."""
        execution = self.sfn.start_execution(
            stateMachineArn=self.state_machine_arn, name=str(uuid.uuid4()), input="{}"
        )["executionArn"]
        for _ in range(500):
            messages = self.sqs.receive_message(QueueUrl=self.queue_url).get("Messages")
            if messages:
                return execution, json.loads(messages[0]["Body"])["token"]
            time.sleep(0.01)
        raise AssertionError("the execution never reached its wait")

    def claimed_attempt(self, item: str = SMS_1) -> str:
        execution, token = self.wait_for_token()
        self.store.claim(self.followup_id, item, "followup", token, NOW)
        return execution

    def finished(self, execution: str) -> dict[str, Any]:
        for _ in range(500):
            described: dict[str, Any] = self.sfn.describe_execution(executionArn=execution)
            if described["status"] != "RUNNING":
                return described
            time.sleep(0.01)
        return described


WAIT_DEFINITION = {
    "StartAt": "WaitForReceipt",
    "States": {
        "WaitForReceipt": {
            "Type": "Task",
            "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
            "Parameters": {"QueueUrl": "QUEUE", "MessageBody": {"token.$": "$$.Task.Token"}},
            "End": True,
        }
    },
}


@pytest.fixture(scope="module")
def moto_config() -> DefaultConfig:
    """Step Functions runs the executions: they wait on a real task token."""
    return {"stepfunctions": {"execute_state_machine": True}}


@pytest.fixture(scope="module")
def machine(module_aws: MotoAws) -> tuple[str, str]:
    """One moto account for the module (tables are slow to create): (queue url, machine arn)."""
    queue = module_aws.client("sqs").create_queue(QueueName="tokens")["QueueUrl"]
    definition = json.dumps(WAIT_DEFINITION).replace("QUEUE", queue)
    arn = module_aws.client("stepfunctions").create_state_machine(
        name="receipt-wait", definition=definition, roleArn="arn:aws:iam::123456789012:role/wait"
    )["stateMachineArn"]
    return queue, arn


@pytest.fixture
def workflow(machine: tuple[str, str]) -> Iterator[Workflow]:
    """A fresh follow-up id per test, so tests sharing the tables never see each other's attempts."""
    queue, arn = machine
    _reset()
    sfn, sqs = boto3.client("stepfunctions", region_name=REGION), boto3.client("sqs", region_name=REGION)
    yield Workflow(sfn, sqs, queue, arn, FollowupStore(), followup_id=str(uuid.uuid4()))
    _reset()


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every DynamoDB write request the stores make, by operation, from now on."""
    made: list[str] = []
    real = Connection._make_api_call

    def counting(self: Connection, operation_name: str, operation_kwargs: dict[str, Any]) -> Any:
        if operation_name in {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}:
            made.append(operation_name)
        return real(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", counting)
    return made


def _reset() -> None:
    container.reset()


def _carrier(default_outcome: str = "TEXT_DELIVERED") -> tuple[CarrierSimulator, HandlerSns]:
    sns = HandlerSns()
    return CarrierSimulator(sns, SMS_TOPIC, default_outcome=default_outcome, publish_immediately=False), sns


def _send(carrier: CarrierSimulator, workflow: Workflow, item: str = SMS_1) -> str:
    sms = EumSms(carrier, configuration_set="aftercall", origination_identity="pool-1", ttl_seconds=3600)
    return sms.send(SmsRequest(NUMBER, TEXT, workflow.followup_id, item))


def test_a_delivered_text_completes_the_wait_with_ids_and_status_only(workflow: Workflow) -> None:
    # Given a claimed attempt whose execution waits for its receipt, and a text the carrier delivers
    execution = workflow.claimed_attempt()
    carrier, sns = _carrier()
    _send(carrier, workflow)
    # When the carrier's events reach the handler
    carrier.flush()
    # Then acceptance is recorded, delivery resolves the wait, and the output holds no personal data
    assert sns.results == [{"recorded": 1}, {"resolved": 1}]
    finished = workflow.finished(execution)
    assert finished["status"] == "SUCCEEDED"
    assert json.loads(finished["output"]) == {"status": "TEXT_DELIVERED", "attempt": SMS_1, "channel": "sms"}
    attempt = workflow.store.get_attempt(workflow.followup_id, SMS_1)
    assert attempt is not None
    assert [u.status for u in attempt.history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert (attempt.final_status, attempt.resolved) == ("TEXT_DELIVERED", True)


def test_a_delivered_text_is_counted_for_the_dashboard(
    workflow: Workflow, capsys: pytest.CaptureFixture[str]
) -> None:
    workflow.claimed_attempt()
    carrier, _ = _carrier()
    _send(carrier, workflow)
    carrier.flush()
    assert '"Delivered"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("outcome", "error"),
    [("TEXT_CARRIER_UNREACHABLE", "SmsTransientError"), ("TEXT_SPAM", "SmsPermanentError")],
)
def test_a_failed_text_fails_the_wait_with_its_classified_error(
    workflow: Workflow, outcome: str, error: str
) -> None:
    execution = workflow.claimed_attempt()
    carrier, _ = _carrier(outcome)
    _send(carrier, workflow)
    carrier.flush()
    finished = workflow.finished(execution)
    assert (finished["status"], finished.get("error")) == ("FAILED", error)


def test_a_delivered_text_costs_one_write_per_receipt(workflow: Workflow, writes: list[str]) -> None:
    # Given a claimed attempt (the claim is the sender's only write) and a text the carrier delivers
    execution = workflow.claimed_attempt()
    del writes[:]
    carrier, sns = _carrier()
    _send(carrier, workflow)
    # When acceptance and delivery arrive
    carrier.flush()
    # Then acceptance was appended, and delivery appended and resolved the attempt in one write
    assert sns.results == [{"recorded": 1}, {"resolved": 1}]
    assert writes == ["UpdateItem", "UpdateItem"]
    assert workflow.finished(execution)["status"] == "SUCCEEDED"


def test_a_final_receipt_that_cannot_win_falls_back_to_append_then_resolve(
    workflow: Workflow, writes: list[str]
) -> None:
    # Given a final receipt already on the attempt before the claim stored the token (receipt first)
    execution, token = workflow.wait_for_token()
    carrier, sns = _carrier()
    _send(carrier, workflow)
    delivered = carrier.topic.pending[-1]
    carrier.topic.pending[:] = [delivered]
    carrier.flush()
    workflow.store.claim(workflow.followup_id, SMS_1, "followup", token, NOW)
    del writes[:]
    # When SNS delivers the same receipt again (the sender has not resolved it yet)
    carrier.topic.pending.append(delivered)
    carrier.flush()
    # Then the one-write path could not win (a duplicate event), so the copy took the old path:
    # the conditional append (a duplicate, nothing added) and the conditional resolve
    assert sns.results == [{"recorded": 1}, {"resolved": 1}]
    assert writes == ["UpdateItem", "UpdateItem", "UpdateItem"]
    attempt = workflow.store.get_attempt(workflow.followup_id, SMS_1)
    assert attempt is not None
    assert [u.status for u in attempt.history] == ["TEXT_DELIVERED"]
    assert workflow.finished(execution)["status"] == "SUCCEEDED"


def test_a_duplicated_final_receipt_resolves_once(workflow: Workflow) -> None:
    # Given a delivered text whose events SNS delivers twice
    execution = workflow.claimed_attempt()
    carrier, sns = _carrier()
    _send(carrier, workflow)
    events = list(carrier.topic.pending)
    carrier.topic.pending.extend(events)
    # When all four copies arrive
    carrier.flush()
    # Then the history holds each status once and the second delivery is a duplicate
    assert sns.results[-1] == {"duplicate": 1}
    attempt = workflow.store.get_attempt(workflow.followup_id, SMS_1)
    assert attempt is not None
    assert [u.status for u in attempt.history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert workflow.finished(execution)["status"] == "SUCCEEDED"


def test_out_of_order_receipts_are_all_kept_and_the_final_one_resolves(workflow: Workflow) -> None:
    execution = workflow.claimed_attempt()
    carrier, sns = _carrier()
    _send(carrier, workflow)
    carrier.topic.pending.reverse()  # delivery reported before acceptance
    carrier.flush()
    assert sns.results == [{"resolved": 1}, {"recorded": 1}]
    attempt = workflow.store.get_attempt(workflow.followup_id, SMS_1)
    assert attempt is not None
    assert sorted(u.status for u in attempt.history) == ["TEXT_DELIVERED", "TEXT_SUCCESSFUL"]
    assert workflow.finished(execution)["status"] == "SUCCEEDED"


def test_a_receipt_before_the_claim_is_kept_for_the_sender(workflow: Workflow) -> None:
    # Given a carrier that publishes at once, before any claim exists
    sns = HandlerSns()
    carrier = CarrierSimulator(sns, SMS_TOPIC, publish_immediately=True)
    # When the text is sent and its events arrive
    _send(carrier, workflow)
    # Then both statuses are on the attempt, unresolved, waiting for the sender's claim
    assert sns.results == [{"recorded": 1}, {"recorded": 1}]
    attempt = workflow.store.get_attempt(workflow.followup_id, SMS_1)
    assert attempt is not None
    assert attempt.final_update is not None
    assert (attempt.claimed, attempt.resolved) == (False, False)


def _legacy_event(message_id: str) -> dict[str, Any]:
    """The documented legacy Pinpoint event, for a message of this test's own."""
    return mutate(
        load_event("pinpoint_legacy_sms_event_success.json"), **{"attributes.message_id": message_id}
    )


def test_a_legacy_event_is_matched_by_the_message_id_an_earlier_receipt_recorded(workflow: Workflow) -> None:
    # Given a waiting attempt whose text the carrier accepted: that receipt (with our Context) is
    # what records the message id (the sender writes nothing after sending)
    execution = workflow.claimed_attempt()
    message_id = str(uuid.uuid4())
    workflow.store.append_status(
        workflow.followup_id,
        SMS_1,
        StatusUpdate("TEXT_SUCCESSFUL", NOW, False, "sms", "e-accepted", message_id),
    )
    # When the documented legacy Pinpoint event for that message arrives
    message = json.dumps(_legacy_event(message_id))
    result = receipts.handler(sns_event(message), lambda_context("receipts"))
    # Then it resolves the wait
    assert result == {"resolved": 1}
    assert workflow.finished(execution)["status"] == "SUCCEEDED"


def test_a_legacy_event_before_any_receipt_with_context_is_unmatched(workflow: Workflow) -> None:
    # Given a waiting attempt no receipt has named yet (the message id is not stored at send time)
    workflow.claimed_attempt()
    # When a legacy event (no Context) for its message arrives first
    message = json.dumps(_legacy_event(str(uuid.uuid4())))
    # Then it cannot be matched: counted, not raised (the window, or a later receipt, decides)
    assert receipts.handler(sns_event(message), lambda_context("receipts")) == {"unmatched": 1}


def test_a_receipt_for_an_unknown_message_is_counted_not_raised(
    workflow: Workflow, capsys: pytest.CaptureFixture[str]
) -> None:
    message = json.dumps(load_event("eum_sms_event_text_delivered.cds_notify.json"))
    assert receipts.handler(sns_event(message), lambda_context("receipts")) == {"unmatched": 1}
    assert '"ReceiptUnmatched"' in capsys.readouterr().out


def test_an_email_bounce_fails_the_wait_with_email_failed(workflow: Workflow) -> None:
    execution = workflow.claimed_attempt(item=EMAIL_1)
    bounce = mutate(
        load_event("ses_v2_event_bounce.sns_message.json"),
        **{"mail.tags": {"followup_id": [workflow.followup_id], "attempt": ["attempt-email-1"]}},
    )
    assert receipts.handler(sns_event(json.dumps(bounce)), lambda_context("receipts")) == {"resolved": 1}
    finished = workflow.finished(execution)
    assert (finished["status"], finished.get("error")) == ("FAILED", "EmailFailedError")


def test_a_malformed_message_is_rejected_without_failing_the_others(
    workflow: Workflow, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given one unreadable message (quoting a number) and one good receipt in the same event
    good = sns_event(json.dumps(load_event("eum_sms_event_text_delivered.cds_notify.json")))["Records"][0]
    bad = mutate(good, **{"Sns.Message": f'{{"eventType": 7, "destinationPhoneNumber": "{NUMBER}"}}'})
    # When the handler processes both
    result = receipts.handler({"Records": [bad, good]}, lambda_context("receipts"))
    # Then one is rejected, the other processed, and the log names fields, not content
    assert result == {"rejected": 1, "unmatched": 1}
    out = capsys.readouterr().out
    assert '"ReceiptRejected"' in out
    assert NUMBER not in out


def test_an_execution_that_no_longer_waits_is_an_expected_outcome(
    workflow: Workflow, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an attempt whose wait already timed out (Step Functions answers TaskTimedOut)
    workflow.claimed_attempt()
    carrier, sns = _carrier()
    _send(carrier, workflow)
    # When the delivery arrives
    with stubbed("stepfunctions") as (sfn, stubber):
        stubber.add_client_error("send_task_success", "TaskTimedOut", http_status_code=400)
        clients.override("stepfunctions", sfn)
        carrier.flush()
    # Then it is counted and logged, not raised
    assert sns.results[-1] == {"expired": 1}
    assert '"ReceiptTaskGone"' in capsys.readouterr().out


def test_no_number_address_or_text_reaches_the_logs(
    workflow: Workflow, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a full SMS round and an email bounce with the customer's address in it
    workflow.claimed_attempt()
    carrier, _ = _carrier()
    _send(carrier, workflow)
    carrier.flush()
    bounce = mutate(
        load_event("ses_v2_event_bounce.sns_message.json"),
        **{"mail.tags": {"followup_id": [workflow.followup_id], "attempt": ["attempt-email-1"]}},
    )
    receipts.handler(sns_event(json.dumps(bounce)), lambda_context("receipts"))
    # Then neither stdout (logs, metrics) nor stderr holds personal data
    captured = capsys.readouterr()
    for secret in (NUMBER, TEXT, "recipient@example.com"):
        assert secret not in captured.out + captured.err
