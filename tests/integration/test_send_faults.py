"""Sends whose answer is lost, through the real SDK: one text, one email, the claim kept, the receipt decides.

The send handlers run as deployed (composition root, settings from the environment), with the real
botocore clients ``aftercall.clients`` configures. ``tests.sdk_faults.LostAnswers`` answers every
SendTextMessage / SendEmail request written to the wire with a dropped connection instead of the
provider's answer, so botocore's retry handler sees what it sees in AWS. Step Functions is a recorder
(the token calls are what is checked); DynamoDB is moto's.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aftercall import clients
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.domain.followup import attempt_item
from aftercall.errors import OptedOutError
from tests.integration.aws import MotoAws
from tests.integration.sends import (
    ADDRESS,
    EMAIL_1,
    SENDER_ENVIRONMENT,
    SMS_1,
    TokenCalls,
    attempt,
    deliver_to_sender,
    email_tags,
    follow_up,
    invoke_email_step,
    publish,
    ses_receipt,
    sms_receipt,
)
from tests.sdk_faults import InvocationKilled, LostAnswers

pytestmark = pytest.mark.integration


@pytest.fixture
def tokens(module_aws: MotoAws) -> TokenCalls:
    module_aws.setenv(**SENDER_ENVIRONMENT)  # also a fresh container: new clients, new use cases
    recorder = TokenCalls()
    clients.override("stepfunctions", recorder)
    return recorder


# --- SendTextMessage --------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["read-timeout", "connection-closed"])
def test_a_text_whose_answer_is_lost_goes_out_once_and_keeps_its_claim(
    tokens: TokenCalls, fault: str
) -> None:
    # Given a planned text, and a connection that drops after SendTextMessage was written
    followup_id = follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage", fault)
    # When the sender takes the queued message
    result = deliver_to_sender(followup_id, "token-1")
    # Then the SDK wrote the request once (botocore's default retries would write it three times),
    # the message is done with, and the attempt stays claimed with its token: maybe sent, not failed
    assert len(wire.requests) == 1
    assert result == {"batchItemFailures": []}
    claimed = attempt(followup_id, SMS_1)
    assert (claimed.state, claimed.task_token, claimed.resolved) == ("claimed", "token-1", False)
    assert tokens.calls == []


def test_a_duplicate_delivery_of_an_unanswered_text_sends_nothing(tokens: TokenCalls) -> None:
    # Given a text whose answer was lost
    followup_id = follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    deliver_to_sender(followup_id, "token-1")
    # When SQS delivers the same message again (at least once)
    result = deliver_to_sender(followup_id, "token-1", receive_count=2)
    # Then the claim stops a second text
    assert len(wire.requests) == 1
    assert result == {"batchItemFailures": []}
    assert tokens.calls == []


def test_a_sender_that_times_out_mid_send_sends_nothing_when_invoked_again(tokens: TokenCalls) -> None:
    # Given the Lambda's timeout ends the invocation while SendTextMessage is on the wire
    followup_id = follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage", "invocation-killed")
    with pytest.raises(InvocationKilled):
        deliver_to_sender(followup_id, "token-1")
    # When the message becomes visible again and the sender is invoked anew
    deliver_to_sender(followup_id, "token-1", receive_count=2)
    # Then the claim written before the call stops a second text; the receipt window decides
    assert len(wire.requests) == 1
    assert attempt(followup_id, SMS_1).state == "claimed"


def test_the_receipt_of_an_unanswered_text_resolves_its_wait(tokens: TokenCalls) -> None:
    # Given a text whose answer was lost (the carrier got it)
    followup_id = follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    deliver_to_sender(followup_id, "token-1")
    # When its delivery event arrives, with the Context the request carried
    result = publish(sms_receipt(wire.requests[0]["Context"]))
    # Then it resolves the wait the claim kept
    assert result == {"resolved": 1}
    assert tokens.calls == [("success", "token-1", "TEXT_DELIVERED")]


# --- SendEmail ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["read-timeout", "connection-closed"])
def test_an_email_whose_answer_is_lost_goes_out_once_and_keeps_its_claim(
    tokens: TokenCalls, fault: str
) -> None:
    # Given the email step, and a connection that drops after SendEmail was written
    followup_id = follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail", fault)
    # When the step runs, and Lambda runs the same invocation again (its own retry)
    first = invoke_email_step(followup_id, "token-e1")
    again = invoke_email_step(followup_id, "token-e1")
    # Then SES got one request; the claim (and its token) stayed: nothing was released or resent
    assert len(wire.requests) == 1
    assert first == again == {"attempt": EMAIL_1}
    claimed = attempt(followup_id, EMAIL_1)
    assert (claimed.state, claimed.task_token, claimed.resolved) == ("claimed", "token-e1", False)
    assert tokens.calls == []


def test_an_email_step_that_times_out_mid_send_sends_nothing_when_invoked_again(tokens: TokenCalls) -> None:
    followup_id = follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail", "invocation-killed")
    with pytest.raises(InvocationKilled):
        invoke_email_step(followup_id, "token-e1")
    invoke_email_step(followup_id, "token-e1")
    assert len(wire.requests) == 1


def test_the_ses_event_of_an_unanswered_email_resolves_its_wait(tokens: TokenCalls) -> None:
    # Given an email whose answer was lost (SES got it)
    followup_id = follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail")
    invoke_email_step(followup_id, "token-e1")
    # When SES publishes its delivery, with the mail tags the request carried
    result = publish(ses_receipt(email_tags(wire.requests[0])))
    # Then it resolves the wait the claim kept
    assert result == {"resolved": 1}
    assert tokens.calls == [("success", "token-e1", "Delivery")]


# --- a workflow retry after a send that went out ---------------------------------------------------
# Step Functions retries a step as a new try: a new task token and RetryCount + 1, so a new attempt
# item. The email step is retried on Lambda service errors, which can come after the function sent
# the email; a queued text would be sent twice if the queue send were retried after SQS took it.


def test_a_retried_email_step_sends_no_second_email_and_waits_on_the_first(tokens: TokenCalls) -> None:
    # Given an email whose answer was lost
    followup_id = follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail")
    invoke_email_step(followup_id, "token-e1")
    # When Step Functions retries the step (a new try: a new token, the next attempt number)
    again = invoke_email_step(followup_id, "token-e2", retry_count=1)
    # Then no second email: the new wait is tied to the first attempt, whose SES event resolves it
    assert len(wire.requests) == 1
    assert again == {"attempt": EMAIL_1}
    assert attempt(followup_id, EMAIL_1).task_token == "token-e2"
    assert publish(ses_receipt(email_tags(wire.requests[0]))) == {"resolved": 1}
    assert tokens.calls == [("success", "token-e2", "Delivery")]


@pytest.mark.parametrize(("event", "expected"), [("Delivery", "success"), ("Bounce", "failure")])
def test_a_retried_email_step_after_the_first_email_was_settled_completes_at_once(
    tokens: TokenCalls, event: str, expected: str
) -> None:
    # Given an email whose answer was lost and whose SES event came before the step was retried
    followup_id = follow_up(email=ADDRESS)
    wire = LostAnswers(clients.client("sesv2"), "SendEmail")
    invoke_email_step(followup_id, "token-e1")
    receipt = ses_receipt(email_tags(wire.requests[0]), event)
    if event == "Bounce":
        receipt["bounce"] = {"bounceType": "Permanent", "timestamp": receipt.pop("delivery")["timestamp"]}
    publish(receipt)
    # When the step is retried
    invoke_email_step(followup_id, "token-e2", retry_count=1)
    # Then no second email, and the new wait ends at once the way the first email ended
    assert len(wire.requests) == 1
    assert tokens.calls[-1][:2] == (expected, "token-e2")


def test_a_text_queued_again_by_a_workflow_retry_is_not_sent_twice(tokens: TokenCalls) -> None:
    # Given a text whose answer was lost
    followup_id = follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    deliver_to_sender(followup_id, "token-1")
    # When a second message for the same follow-up comes with the next retry count and a new token
    deliver_to_sender(followup_id, "token-2", retry_count=1)
    # Then no second text: the new token waits on the first attempt, and its receipt resolves it
    assert len(wire.requests) == 1
    assert publish(sms_receipt(wire.requests[0]["Context"])) == {"resolved": 1}
    assert tokens.calls == [("success", "token-2", "TEXT_DELIVERED")]


def test_a_copy_of_an_earlier_try_taken_after_the_later_one_went_out_is_stale(tokens: TokenCalls) -> None:
    # Given two queued copies of one text (SQS took the first queue send, its answer was lost, and
    # the workflow's retry queued another), and the retry's copy is taken first
    followup_id = follow_up()
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    deliver_to_sender(followup_id, "token-2", retry_count=1)
    # When the first copy is taken afterwards
    deliver_to_sender(followup_id, "token-1")
    # Then it sends nothing and leaves the live wait (token-2) on the attempt that went out
    assert len(wire.requests) == 1
    assert wire.requests[0]["Context"]["attempt"] == attempt_item("sms", 2)
    assert attempt(followup_id, attempt_item("sms", 2)).task_token == "token-2"
    assert publish(sms_receipt(wire.requests[0]["Context"])) == {"resolved": 1}
    assert tokens.calls == [("success", "token-2", "TEXT_DELIVERED")]


# --- an opt-out after the plan ------------------------------------------------------------------------


def test_a_customer_who_opted_out_since_the_plan_gets_no_text(tokens: TokenCalls) -> None:
    # Given a planned text, and the customer opting out before it goes (a STOP on WhatsApp, say)
    followup_id = follow_up(customer_key="opted-out-since-the-plan")
    PreferencesStore().record_opt_out("opted-out-since-the-plan", "whatsapp_reply", datetime.now(UTC))
    wire = LostAnswers(clients.client("pinpoint-sms-voice-v2"), "SendTextMessage")
    # When the sender takes the queued message
    result = deliver_to_sender(followup_id, "token-1")
    # Then nothing is sent or claimed, and the wait fails as the provider's own refusal would
    assert wire.requests == []
    assert result == {"batchItemFailures": []}
    assert tokens.calls == [("failure", "token-1", OptedOutError.__name__)]
    wire.remove()
