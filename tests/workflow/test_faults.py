"""Fault injection on the embedded AWS: the real state machine on moto, the real handlers in-process.

Each test injects one fault (DynamoDB throttling at the service or after the SDK's retries, a lost
conditional write, provider 5xx and silence, early, late and repeated receipts, a failed execution
restarted) and checks the two promises: nothing is lost (the follow-up ends with an outcome) and
nothing is sent twice. ``finish`` (tests/workflow/conftest.py) also checks that no execution's
history carries a phone number, an address or memo text.

Provider throttling, a crash after the provider accepted the text, and duplicate receipts are
covered in test_followup_workflow.py; docs/reliability.md lists every fault and its test.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from botocore.exceptions import ReadTimeoutError
from moto.dynamodb.exceptions import DynamodbException
from moto.dynamodb.responses import DynamoHandler
from pynamodb.exceptions import PutError, UpdateError

from aftercall import clients
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.tables import FollowupModel
from aftercall.domain.followup import attempt_item
from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import MEMO, contact_record, finish, follow_up, new_customer

pytestmark = pytest.mark.workflow

SMS_1 = attempt_item("sms", 1)
THROTTLING = "ProvisionedThroughputExceededException"


class _Throttled(DynamodbException):
    """What DynamoDB answers when a partition is over its throughput (HTTP 400, retryable)."""

    def __init__(self) -> None:
        super().__init__("com.amazonaws.dynamodb.v20120810#" + THROTTLING, "Throughput exceeds the limit")


def _client_error(code: str, operation: str) -> Any:
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": code, "Message": code}}, operation)


class _once:  # noqa: N801 - reads as a function at the call site
    """A check that raises ``fault()`` the first time ``condition`` holds; ``fired`` tells whether it did."""

    def __init__(self, condition: Callable[..., bool], fault: Callable[[], Exception]) -> None:
        self._condition = condition
        self._fault = fault
        self.fired = False

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        if not self.fired and self._condition(*args, **kwargs):
            self.fired = True
            raise self._fault()


def _start(aws: EmbeddedAws, sms: list[str] | None = None) -> tuple[str, str]:
    contact_id, phone = new_customer()
    aws.carrier.script(phone, sms or ["TEXT_DELIVERED"])
    return contact_id, phone


# --- DynamoDB -------------------------------------------------------------------------------------


def test_dynamodb_throttling_is_absorbed_by_the_sdk_retries(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given DynamoDB throttles the sender's claim once (the service answers 400 Throughput exceeded)
    contact_id, phone = _start(aws)
    real_update = DynamoHandler.update_item

    def throttled_claim(handler: DynamoHandler) -> Any:
        key = handler.body.get("Key", {})
        if key.get("followup_id", {}).get("S") == contact_id and key.get("item", {}).get("S") == SMS_1:
            check(handler)
        return real_update(handler)

    check = _once(lambda h: "claimed_at" in json.dumps(h.body), _Throttled)
    monkeypatch.setattr(DynamoHandler, "update_item", throttled_claim)
    errors = len(aws.counts.handler_errors)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then botocore retried the UpdateItem inside the same invocation: one text, delivered, no error
    assert check.fired
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert len(aws.counts.handler_errors) == errors


def test_dynamodb_throttling_beyond_the_sdk_retries_on_the_claim_redelivers_the_send(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the claim's UpdateItem still fails with throttling after botocore's own retries
    contact_id, phone = _start(aws)
    real_claim = FollowupStore.claim
    check = _once(
        lambda followup_id, item: followup_id == contact_id and item == SMS_1,
        lambda: UpdateError("Failed to update item", cause=_client_error(THROTTLING, "UpdateItem")),
    )

    def claim(self: FollowupStore, followup_id: str, item: str, *args: Any, **kwargs: Any) -> Any:
        check(followup_id, item)
        return real_claim(self, followup_id, item, *args, **kwargs)

    monkeypatch.setattr(FollowupStore, "claim", claim)
    sends = aws.counts.invocations["send-sms"]
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the queue message failed alone (a batch item failure), came back, and was sent once
    assert check.fired
    assert aws.counts.invocations["send-sms"] - sends >= 2
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"


def test_dynamodb_throttling_beyond_the_sdk_retries_in_the_ingest_plan_redelivers_the_record(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given saving the first plan (at ingest) fails once with throttling after botocore's own retries
    contact_id, phone = _start(aws)
    check = _throttle_save_plan_once(monkeypatch, contact_id)
    record = contact_record(contact_id, phone, MEMO)
    with pytest.raises(BatchProcessingError):  # its only record failed: the whole invocation fails
        aws.dispatch_contact_records([record])
    # Then nothing started; Kinesis delivers the record again: the memo is not newer, so the
    # workflow's Plan step plans from the stored memo, and the text goes out once
    assert check.fired
    assert not [e for e in aws.executions() if e["name"] == contact_id]
    aws.dispatch_contact_records([record])
    run = finish(aws, contact_id, phone)
    assert run.execution["status"] == "SUCCEEDED"
    assert run.states[:2] == ["SkipOrSend", "Plan"]
    assert len(run.texts_sent()) == 1


def test_dynamodb_throttling_beyond_the_sdk_retries_in_the_plan_step_is_retried_by_the_workflow(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an appointment, whose reminder the workflow's Plan step plans, and that plan's save
    # fails once with throttling after botocore's own retries
    contact_id, phone = _start(aws, ["TEXT_DELIVERED", "TEXT_DELIVERED"])
    check = _throttle_save_plan_once(monkeypatch, f"{contact_id}_reminder")
    appointment = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
    memo = {**MEMO, "aftercall_strategy": "appointment", "aftercall_appointment_at": appointment}
    aws.dispatch_contact_records(
        [contact_record(contact_id, phone, {**memo, "aftercall_appointment_place": "본점"})]
    )
    run = finish(aws, contact_id, phone)
    # Then the workflow retries the step and the reminder goes out once
    assert check.fired
    assert run.execution["status"] == "SUCCEEDED"
    assert len(run.texts_sent()) == 2


def _throttle_save_plan_once(monkeypatch: pytest.MonkeyPatch, followup_id: str) -> _once:
    # Injected under the adapter (PynamoDB's save), so the adapter's error translation is exercised.
    real_save = FollowupModel.save
    check = _once(
        lambda item: item.followup_id == followup_id,
        lambda: PutError("Failed to put item", cause=_client_error(THROTTLING, "PutItem")),
    )

    def save(self: FollowupModel, *args: Any, **kwargs: Any) -> Any:
        check(self)
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(FollowupModel, "save", save)
    return check


def test_a_lost_claim_race_sends_nothing_and_the_window_falls_back(aws: EmbeddedAws) -> None:
    # Given another invocation already claimed the attempt (and died before sending)
    contact_id, phone = _start(aws)
    FollowupStore().claim(contact_id, SMS_1, "followup", None, datetime.now(UTC))
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the conditional write stopped a second send, and the bounded receipt window handed the
    # follow-up to the fallback: nothing twice, nothing lost
    assert run.texts_sent() == []
    assert "CheckReceipt" in run.states
    assert run.followup.outcome == "task_created"
    assert run.execution["status"] == "SUCCEEDED"


# --- the SMS provider ------------------------------------------------------------------------------


def _carrier_failing(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch, phone: str, fault: Callable[[], Exception], times: int
) -> list[str]:
    """The carrier raises ``fault()`` for the first ``times`` sends to ``phone``; returns the record."""
    real_send = aws.carrier.send_text_message
    failures: list[str] = []

    def send(**params: Any) -> dict[str, Any]:
        if params["DestinationPhoneNumber"] == phone and len(failures) < times:
            failures.append(params["Context"]["attempt"])
            raise fault()
        return real_send(**params)

    monkeypatch.setattr(aws.carrier, "send_text_message", send)
    return failures


def test_a_provider_5xx_is_sent_again_later_and_only_once(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given End User Messaging answers 500 InternalServerException once
    contact_id, phone = _start(aws)
    failures = _carrier_failing(
        aws, monkeypatch, phone, lambda: aws.carrier._error("InternalServerException", "internal"), times=1
    )
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the claim was released (nothing was sent), the message came back, one text was delivered
    assert failures == [SMS_1]
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert [a.item for a in run.attempts()] == [SMS_1]


def test_a_provider_down_for_good_falls_back_without_any_text(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given End User Messaging answers 500 to every send
    contact_id, phone = _start(aws)
    failures = _carrier_failing(
        aws, monkeypatch, phone, lambda: aws.carrier._error("InternalServerException", "down"), times=10**6
    )
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then after the queue's redeliveries and the workflow's bounded retries it falls back to a task
    assert len(failures) > 1
    assert run.texts_sent() == []
    assert run.followup.outcome == "task_created"
    assert run.execution["status"] == "SUCCEEDED"


def test_an_unanswered_send_is_not_sent_again_and_its_receipt_decides(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the carrier accepts the text but the answer is lost (a read timeout)
    contact_id, phone = _start(aws)
    real_send = aws.carrier.send_text_message

    def send(**params: Any) -> dict[str, Any]:
        real_send(**params)
        if params["DestinationPhoneNumber"] == phone:
            raise ReadTimeoutError(endpoint_url="https://sms-voice.ap-northeast-2.amazonaws.com")
        return {}

    monkeypatch.setattr(aws.carrier, "send_text_message", send)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the claim stayed, nothing was resent, and the receipt (correlated by Context) resolved it
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"


# --- receipts ----------------------------------------------------------------------------------------


def _receipt(
    contact_id: str, event_type: str, final: bool, message_id: str | None = None, key: str | None = None
) -> dict[str, Any]:
    """An End User Messaging event for attempt 1; ``key``: the receipt key its send carried."""
    context = {"followup_id": contact_id, "attempt": SMS_1} | ({"receipt_key": key} if key else {})
    return {
        "eventType": event_type,
        "eventVersion": "1.0",
        "eventTimestamp": int(datetime.now(UTC).timestamp() * 1000),
        "isFinal": final,
        "messageId": message_id or str(uuid.uuid4()),
        "messageStatus": event_type.removeprefix("TEXT_"),
        "context": context,
    }


def test_a_receipt_before_the_claim_is_ignored_and_the_text_goes_out_once(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a final receipt reaches the receipt handler before the sender's claim is written (a
    # genuine one cannot: the claim precedes the send; this one is forged or stray)
    contact_id, phone = _start(aws)
    real_claim = FollowupStore.claim
    early: list[str] = []

    def claim(self: FollowupStore, followup_id: str, item: str, *args: Any, **kwargs: Any) -> Any:
        if followup_id == contact_id and not early:
            early.append(item)
            aws.carrier.topic.emit([_receipt(contact_id, "TEXT_BLOCKED", final=True)])
        return real_claim(self, followup_id, item, *args, **kwargs)

    monkeypatch.setattr(FollowupStore, "claim", claim)
    errors = len(aws.counts.handler_errors)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the early receipt was ignored (it created nothing, decided nothing): the text went out
    # once and its own receipts delivered it
    assert early == [SMS_1]
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert [u.status for u in run.attempts()[0].history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert len(aws.counts.handler_errors) == errors


def test_a_late_receipt_after_the_execution_finished_is_recorded_and_changes_nothing(
    aws: EmbeddedAws,
) -> None:
    # Given a text the carrier reported nothing about: the window closed and a task was created
    run = follow_up(aws, sms=["NONE"])
    assert run.followup.outcome == "task_created"
    text = next(t for t in aws.carrier.sent if t.destination == run.phone)
    errors = len(aws.counts.handler_errors)
    # When the delivery receipt finally arrives (receipts can take up to 72 hours)
    late = _receipt(run.contact_id, "TEXT_DELIVERED", True, text.message_id, text.context["receipt_key"])
    aws.carrier.topic.emit([late])
    # Then it is kept on the attempt, resolves nothing and fails nothing; the outcome stands
    attempt = next(a for a in run.attempts() if a.item == SMS_1)
    assert [u.status for u in attempt.history] == ["TEXT_DELIVERED"]
    assert len(aws.counts.handler_errors) == errors
    assert run.followup.outcome == "task_created"


def test_a_contradicting_final_receipt_after_delivery_changes_nothing(aws: EmbeddedAws) -> None:
    # Given a delivered text
    run = follow_up(aws, sms=["TEXT_DELIVERED"])
    text = next(t for t in aws.carrier.sent if t.destination == run.phone)
    errors = len(aws.counts.handler_errors)
    # When a different final status arrives for the same attempt
    blocked = _receipt(run.contact_id, "TEXT_BLOCKED", True, text.message_id, text.context["receipt_key"])
    aws.carrier.topic.emit([blocked])
    # Then it is recorded, but the attempt stays resolved by the first final status
    attempt = run.attempts()[0]
    assert [u.status for u in attempt.history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED", "TEXT_BLOCKED"]
    assert attempt.final_status == "TEXT_DELIVERED"
    assert run.followup.outcome == "delivered_sms"
    assert len(aws.counts.handler_errors) == errors


# --- a failed execution, restarted ---------------------------------------------------------------------


def _fail_then_restart(aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A follow-up whose execution fails on the email step, then is started again.

    moto 5.2.5 has no RedriveExecution (its Step Functions provider does not implement it), so the
    restart is a new execution of the same follow-up (same input, another name). A redrive re-enters
    the failed state with the same input; a new execution re-runs every step from Plan. Either way
    the steps must lean on the claims and the stored plan, which is what this exercises.
    """
    # Given a text the carrier blocks, and an email our setup refuses once (SES NotFoundException is
    # a ConfigurationError, not caught on purpose: the execution fails and alarms)
    contact_id, phone = _start(aws, sms=["TEXT_BLOCKED"])
    address = f"customer-{contact_id[:8]}@example.com"
    aws.email.script(address, ["Delivery"])
    ses = clients.client("sesv2")
    refused = _once(lambda **_params: True, lambda: _client_error("NotFoundException", "SendEmail"))

    def send_email(**params: Any) -> Any:
        refused(**params)
        return type(ses).send_email(ses, **params)

    monkeypatch.setattr(ses, "send_email", send_email, raising=False)
    aws.dispatch_contact_records([contact_record(contact_id, phone, {**MEMO, "aftercall_email": address})])
    failed = next(e for e in aws.wait_for_executions() if e["name"] == contact_id)
    assert failed["status"] == "FAILED"
    assert len([t for t in aws.carrier.sent if t.destination == phone]) == 1
    # When the follow-up is started again once the setup is fixed
    sfn = boto3.client("stepfunctions", region_name=aws.region)
    restart = sfn.start_execution(
        stateMachineArn=aws.state_machine_arn,
        name=f"{contact_id[:60]}-restart",
        input=json.dumps({"contactId": contact_id}),
    )["executionArn"]
    finished = next(e for e in aws.wait_for_executions() if e["executionArn"] == restart)
    run = finish(aws, contact_id, phone, address)  # checks the failed execution's history
    run.execution = finished
    run.assert_private()  # and the restarted one's
    return run


def test_a_failed_execution_restarted_does_not_repeat_what_succeeded(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _fail_then_restart(aws, monkeypatch)
    # Then the restart finishes: the blocked text is not sent again (its attempt is claimed and
    # resolved, so the sender suppresses it), and the email that our setup refused (nothing went out,
    # so its claim was released) is sent once
    assert run.execution["status"] == "SUCCEEDED"
    assert len(run.texts_sent()) == 1
    assert run.emails_sent() == 1
    assert run.followup.outcome == "delivered_email"
    assert FollowupModel.get(run.contact_id, "followup").status == "done"
