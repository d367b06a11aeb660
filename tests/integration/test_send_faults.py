"""Sends whose answer is lost, through the real SDK: one text, one email, the claim kept, the receipt decides.

The send handlers run as deployed (composition root, settings from the environment), with the real
botocore clients ``aftercall.clients`` configures. ``tests.sdk_faults.LostAnswers`` answers every
SendTextMessage / SendEmail request written to the wire with a dropped connection instead of the
provider's answer, so botocore's retry handler sees what it sees in AWS. Step Functions is a recorder
(the token calls are what is checked); DynamoDB is moto's.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftercall import clients
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.domain.followup import NewFollowup, SmsText, attempt_item
from aftercall.handlers import receipts, send_email, send_sms
from aftercall.local.events import sns_event, sqs_record
from aftercall.local.lambda_context import lambda_context
from tests.integration.aws import REGION, MotoAws
from tests.samples import sample_contact_memo, sample_memo
from tests.sdk_faults import InvocationKilled, LostAnswers

pytestmark = pytest.mark.integration

SMS_1 = attempt_item("sms", 1)
EMAIL_1 = attempt_item("email", 1)
ADDRESS = "customer@example.com"
SENDER_ENVIRONMENT = {
    "SMS_CONFIGURATION_SET": "aftercall",
    "SMS_ORIGINATION_IDENTITY": "pool-1",
    "SMS_PARTS_PER_SECOND": "100",  # a fixed share per sender: no pacing table, no wait
    "PACING_TABLE": "pacing",
    "EMAIL_FROM_ADDRESS": "care@example.com",
    "EMAIL_CONFIGURATION_SET": "aftercall",
    "COMPANY_NAME": "Example",
    "CALLBACK_NUMBER": "1588-0000",
}


class TokenCalls:
    """A ``stepfunctions`` client that records SendTaskSuccess / SendTaskFailure."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (call, token, status or error)

    def send_task_success(self, taskToken: str, output: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("success", taskToken, json.loads(output)["status"]))
        return {}

    def send_task_failure(self, taskToken: str, error: str, cause: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("failure", taskToken, error))
        return {}


@pytest.fixture
def tokens(module_aws: MotoAws) -> TokenCalls:
    module_aws.setenv(**SENDER_ENVIRONMENT)  # also a fresh container: new clients, new use cases
    recorder = TokenCalls()
    clients.override("stepfunctions", recorder)
    return recorder


def _follow_up(email: str | None = None) -> str:
    """A planned follow-up (text composed, due now) whose memo holds the number (and ``email``)."""
    contact_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    memo = sample_contact_memo(contact_id, memo=sample_memo(email=email))
    MemoStore().save_if_newer(memo, timedelta(days=1), now)
    plan = NewFollowup(
        followup_id=contact_id,
        contact_id=contact_id,
        kind="followup",
        customer_key="c_key",
        call_ended_at=now,
        send_at=now,
        route=("sms", "email", "task", "none"),
        sms=SmsText(text="[Example] 문의하신 건은 처리되었습니다.", parts=1, encoding="UCS2"),
    )
    assert FollowupStore().save_plan(plan, now)
    return contact_id


def _deliver_to_sender(
    followup_id: str, token: str, receive_count: int = 1, retry_count: int = 0
) -> dict[str, Any]:
    """The send queue hands the sender one message (again, for a redelivery)."""
    body = json.dumps({"taskToken": token, "followupId": followup_id, "retryCount": retry_count})
    message = {
        "MessageId": str(uuid.uuid4()),
        "ReceiptHandle": str(uuid.uuid4()),
        "Body": body,
        "Attributes": {"ApproximateReceiveCount": str(receive_count)},
    }
    record = sqs_record(message, f"https://sqs.{REGION}.amazonaws.com/123456789012/send", REGION)
    return dict(send_sms.handler({"Records": [record]}, lambda_context("send-sms")))


def _invoke_email_step(followup_id: str, token: str, retry_count: int = 0) -> dict[str, Any]:
    event = {"taskToken": token, "followupId": followup_id, "retryCount": retry_count}
    result: dict[str, Any] = send_email.handler(event, lambda_context("send-email"))
    return result


def _sms_receipt(context: dict[str, str], event_type: str = "TEXT_DELIVERED") -> dict[str, Any]:
    """The End User Messaging event for the text the provider got, its Context echoed."""
    return {
        "eventType": event_type,
        "eventVersion": "1.0",
        "eventTimestamp": int(datetime.now(UTC).timestamp() * 1000),
        "isFinal": True,
        "messageId": "sms-message-1",
        "messageStatus": event_type.removeprefix("TEXT_"),
        "context": context,
    }


def _ses_receipt(request: dict[str, Any], event_type: str = "Delivery") -> dict[str, Any]:
    """The SES event for the email SES got, its mail tags echoed."""
    now = datetime.now(UTC).isoformat()
    tags = {tag["Name"]: [tag["Value"]] for tag in request["EmailTags"]}
    return {
        "eventType": event_type,
        "mail": {"messageId": "ses-message-1", "timestamp": now, "tags": tags},
        "delivery": {"timestamp": now, "recipients": ["(left out)"]},
    }


def _publish(message: dict[str, Any]) -> dict[str, int]:
    result: dict[str, int] = receipts.handler(sns_event(json.dumps(message)), lambda_context("receipts"))
    return result


def _attempt(followup_id: str, item: str) -> Any:
    view = FollowupStore().get_attempt(followup_id, item)
    assert view is not None
    return view


# --- SendTextMessage --------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["read-timeout", "connection-closed"])
def test_a_text_whose_answer_is_lost_goes_out_once_and_keeps_its_claim(
    tokens: TokenCalls, fault: str
) -> None:
    # Given a planned text, and a connection that drops after SendTextMessage was written
    followup_id = _follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage", fault)
    # When the sender takes the queued message
    result = _deliver_to_sender(followup_id, "token-1")
    # Then the SDK wrote the request once (botocore's default retries would write it three times),
    # the message is done with, and the attempt stays claimed with its token: maybe sent, not failed
    assert len(wire.requests) == 1
    assert result == {"batchItemFailures": []}
    attempt = _attempt(followup_id, SMS_1)
    assert (attempt.state, attempt.task_token, attempt.resolved) == ("claimed", "token-1", False)
    assert tokens.calls == []


def test_a_duplicate_delivery_of_an_unanswered_text_sends_nothing(tokens: TokenCalls) -> None:
    # Given a text whose answer was lost
    followup_id = _follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    _deliver_to_sender(followup_id, "token-1")
    # When SQS delivers the same message again (at least once)
    result = _deliver_to_sender(followup_id, "token-1", receive_count=2)
    # Then the claim stops a second text
    assert len(wire.requests) == 1
    assert result == {"batchItemFailures": []}
    assert tokens.calls == []


def test_a_sender_that_times_out_mid_send_sends_nothing_when_invoked_again(tokens: TokenCalls) -> None:
    # Given the Lambda's timeout ends the invocation while SendTextMessage is on the wire
    followup_id = _follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage", "invocation-killed")
    with pytest.raises(InvocationKilled):
        _deliver_to_sender(followup_id, "token-1")
    # When the message becomes visible again and the sender is invoked anew
    _deliver_to_sender(followup_id, "token-1", receive_count=2)
    # Then the claim written before the call stops a second text; the receipt window decides
    assert len(wire.requests) == 1
    assert _attempt(followup_id, SMS_1).state == "claimed"


def test_the_receipt_of_an_unanswered_text_resolves_its_wait(tokens: TokenCalls) -> None:
    # Given a text whose answer was lost (the carrier got it)
    followup_id = _follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    _deliver_to_sender(followup_id, "token-1")
    # When its delivery event arrives, with the Context the request carried
    result = _publish(_sms_receipt(wire.requests[0]["Context"]))
    # Then it resolves the wait the claim kept
    assert result == {"resolved": 1}
    assert tokens.calls == [("success", "token-1", "TEXT_DELIVERED")]


# --- SendEmail ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["read-timeout", "connection-closed"])
def test_an_email_whose_answer_is_lost_goes_out_once_and_keeps_its_claim(
    tokens: TokenCalls, fault: str
) -> None:
    # Given the email step, and a connection that drops after SendEmail was written
    followup_id = _follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail", fault)
    # When the step runs, and Lambda runs the same invocation again (its own retry)
    first = _invoke_email_step(followup_id, "token-e1")
    again = _invoke_email_step(followup_id, "token-e1")
    # Then SES got one request; the claim (and its token) stayed: nothing was released or resent
    assert len(wire.requests) == 1
    assert first == again == {"attempt": EMAIL_1}
    attempt = _attempt(followup_id, EMAIL_1)
    assert (attempt.state, attempt.task_token, attempt.resolved) == ("claimed", "token-e1", False)
    assert tokens.calls == []


def test_an_email_step_that_times_out_mid_send_sends_nothing_when_invoked_again(tokens: TokenCalls) -> None:
    followup_id = _follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail", "invocation-killed")
    with pytest.raises(InvocationKilled):
        _invoke_email_step(followup_id, "token-e1")
    _invoke_email_step(followup_id, "token-e1")
    assert len(wire.requests) == 1


def test_the_ses_event_of_an_unanswered_email_resolves_its_wait(tokens: TokenCalls) -> None:
    # Given an email whose answer was lost (SES got it)
    followup_id = _follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail")
    _invoke_email_step(followup_id, "token-e1")
    # When SES publishes its delivery, with the mail tags the request carried
    result = _publish(_ses_receipt(wire.requests[0]))
    # Then it resolves the wait the claim kept
    assert result == {"resolved": 1}
    assert tokens.calls == [("success", "token-e1", "Delivery")]


# --- a workflow retry after a send that went out ---------------------------------------------------
# Step Functions retries a step as a new try: a new task token and RetryCount + 1, so a new attempt
# item. The email step is retried on Lambda service errors, which can come after the function sent
# the email; a queued text would be sent twice if the queue send were retried after SQS took it.


def test_a_retried_email_step_sends_no_second_email_and_waits_on_the_first(tokens: TokenCalls) -> None:
    # Given an email whose answer was lost
    followup_id = _follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail")
    _invoke_email_step(followup_id, "token-e1")
    # When Step Functions retries the step (a new try: a new token, the next attempt number)
    again = _invoke_email_step(followup_id, "token-e2", retry_count=1)
    # Then no second email: the new wait is tied to the first attempt, whose SES event resolves it
    assert len(wire.requests) == 1
    assert again == {"attempt": EMAIL_1}
    assert _attempt(followup_id, EMAIL_1).task_token == "token-e2"
    assert _publish(_ses_receipt(wire.requests[0])) == {"resolved": 1}
    assert tokens.calls == [("success", "token-e2", "Delivery")]


@pytest.mark.parametrize(("event", "expected"), [("Delivery", "success"), ("Bounce", "failure")])
def test_a_retried_email_step_after_the_first_email_was_settled_completes_at_once(
    tokens: TokenCalls, event: str, expected: str
) -> None:
    # Given an email whose answer was lost and whose SES event came before the step was retried
    followup_id = _follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail")
    _invoke_email_step(followup_id, "token-e1")
    receipt = _ses_receipt(wire.requests[0], event)
    if event == "Bounce":
        receipt["bounce"] = {"bounceType": "Permanent", "timestamp": receipt.pop("delivery")["timestamp"]}
    _publish(receipt)
    # When the step is retried
    _invoke_email_step(followup_id, "token-e2", retry_count=1)
    # Then no second email, and the new wait ends at once the way the first email ended
    assert len(wire.requests) == 1
    assert tokens.calls[-1][:2] == (expected, "token-e2")


def test_a_text_queued_again_by_a_workflow_retry_is_not_sent_twice(tokens: TokenCalls) -> None:
    # Given a text whose answer was lost
    followup_id = _follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    _deliver_to_sender(followup_id, "token-1")
    # When a second message for the same follow-up comes with the next retry count and a new token
    _deliver_to_sender(followup_id, "token-2", retry_count=1)
    # Then no second text: the new token waits on the first attempt, and its receipt resolves it
    assert len(wire.requests) == 1
    assert _publish(_sms_receipt(wire.requests[0]["Context"])) == {"resolved": 1}
    assert tokens.calls == [("success", "token-2", "TEXT_DELIVERED")]
