"""Issue 4 scenarios, each executed by moto's Step Functions interpreter with the real handlers.

Every scenario also checks (in ``finish``) that no phone number, address or memo text appears in
the execution history.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import MEMO, contact_record, finish, follow_up, new_customer

pytestmark = pytest.mark.workflow


def _delta(after: Counter[Any], before: Counter[Any]) -> Counter[Any]:
    return Counter({k: after[k] - before[k] for k in after if after[k] != before[k]})


def test_delivered_first_try(aws: EmbeddedAws) -> None:
    # Given a customer whose handset reports delivery
    invocations, calls = Counter(aws.counts.invocations), Counter(aws.counts.api_calls)
    # When the call ends
    run = follow_up(aws, sms=["TEXT_DELIVERED"])
    # Then one text went out and the state machine itself recorded delivered_sms
    assert run.execution["status"] == "SUCCEEDED"
    assert len(run.texts_sent()) == 1
    assert (run.followup.outcome, run.followup.path) == ("delivered_sms", ("sms",))
    # And the happy path stays cheap: planned at ingest, no outcome Lambda, 7 state transitions
    assert run.states == [
        "SkipOrSend", "WaitForSendTime", "Channel", "SendSms", "SmsDelivered", "ReminderDue", "Done"
    ]  # fmt: skip
    assert _delta(aws.counts.invocations, invocations) == Counter(
        {"ingest-records": 1, "send-sms": 1, "receipts": 2}  # TEXT_SUCCESSFUL, then TEXT_DELIVERED
    )
    writes = _delta(aws.counts.api_calls, calls)
    assert (
        sum(
            n
            for (service, op), n in writes.items()
            if service == "dynamodb" and op in {"PutItem", "UpdateItem"}
        )
        <= 10  # one of them reserves the text's parts in the shared pacing window
    )


def test_transient_then_delivered(aws: EmbeddedAws) -> None:
    # Given a handset that is unreachable at first
    delays_before = len(aws.counts.retry_delays)
    # When the call ends
    run = follow_up(aws, sms=["TEXT_CARRIER_UNREACHABLE", "TEXT_DELIVERED"])
    # Then the workflow backed off once and the second text was delivered
    assert len(run.texts_sent()) == 2
    assert [a.item for a in run.attempts()] == ["attempt#sms#1", "attempt#sms#2"]
    assert run.followup.outcome == "delivered_sms"
    assert len(aws.counts.retry_delays) == delays_before + 1


def test_transient_until_the_limit_then_email(aws: EmbeddedAws) -> None:
    # Given a handset that stays unreachable and a customer with an email address
    run = follow_up(aws, sms=["TEXT_UNREACHABLE"] * 3, with_email=True, email=["Delivery"])
    # Then three texts were tried (two retries), then the email was delivered
    assert len(run.texts_sent()) == 3
    assert run.emails_sent() == 1
    assert (run.followup.outcome, run.followup.path) == ("delivered_email", ("sms", "email"))


def test_permanent_then_email(aws: EmbeddedAws) -> None:
    # Given a destination the carrier blocks
    run = follow_up(aws, sms=["TEXT_BLOCKED"], with_email=True)
    # Then no SMS retry: straight to the email
    assert len(run.texts_sent()) == 1
    assert (run.followup.outcome, run.followup.path) == ("delivered_email", ("sms", "email"))


def test_email_bounce_then_task(aws: EmbeddedAws) -> None:
    # Given an invalid number and an address that hard-bounces
    run = follow_up(aws, sms=["TEXT_INVALID"], with_email=True, email=["Bounce.Permanent"])
    # Then an agent gets a callback task chained to the call
    assert (run.followup.outcome, run.followup.path) == ("task_created", ("sms", "email", "task"))
    task = next(t for t in aws.connect.tasks if t.previous_contact_id == run.contact_id)
    assert task.description.startswith("문자와 이메일이 모두 전달되지 않았습니다.")  # the agent's language
    assert "연락처: +82" in task.description


def test_opted_out(aws: EmbeddedAws) -> None:
    # Given a number that opted out at the carrier
    run = follow_up(aws, sms=["OPTED_OUT"])
    # Then nothing was sent, the opt-out is recorded, and no SMS was retried
    assert run.texts_sent() == []
    assert [a.item for a in run.attempts() if a.channel == "sms"] == ["attempt#sms#1"]
    key = aws.followup(run.contact_id).customer_key  # type: ignore[union-attr]
    assert key is not None
    assert PreferencesStore().get(key).opted_out
    assert run.followup.outcome == "task_created"


def test_no_receipt_falls_back(aws: EmbeddedAws) -> None:
    # Given a text the carrier never reports on
    run = follow_up(aws, sms=["NONE"])
    # Then the receipt window closes and the workflow falls back to a task
    assert "CheckReceipt" in run.states
    assert run.followup.outcome == "task_created"


def test_carrier_accepted_without_final_receipt_is_sent_unconfirmed(aws: EmbeddedAws) -> None:
    # Given a carrier that accepts the text but never confirms delivery
    run = follow_up(aws, sms=["ACCEPTED_ONLY"])
    # Then the outcome is sent_unconfirmed, with no fallback
    assert (run.followup.outcome, run.followup.path) == ("sent_unconfirmed", ("sms",))
    assert run.tasks() == []


def test_provider_throttling_is_retried_later_and_nothing_is_lost(aws: EmbeddedAws) -> None:
    # Given a provider that throttles the first send
    invocations = aws.counts.invocations["send-sms"]
    # When the call ends
    run = follow_up(aws, sms=["THROTTLED", "TEXT_DELIVERED"])
    # Then the queued message was delivered again later and the text went out once
    assert aws.counts.invocations["send-sms"] - invocations >= 2
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"


def test_a_burst_of_calls_is_paced_below_the_carrier_limit(aws: EmbeddedAws) -> None:
    # Given three calls ending at once and a number allowed one part per second
    customers = [new_customer() for _ in range(3)]
    for _, phone in customers:
        aws.carrier.script(phone, ["TEXT_DELIVERED"])
    slept = aws.clock.slept
    # When they are ingested together
    aws.dispatch_contact_records([contact_record(c, p, MEMO) for c, p in customers])
    runs = [finish(aws, c, p) for c, p in customers]
    # Then every text was delivered once and the sender waited (virtually) instead of being throttled
    assert [len(r.texts_sent()) for r in runs] == [1, 1, 1]
    assert {r.followup.outcome for r in runs} == {"delivered_sms"}
    assert aws.clock.slept > slept


def test_duplicate_receipts_are_recorded_once(aws: EmbeddedAws) -> None:
    # Given a delivered text
    run = follow_up(aws, sms=["TEXT_DELIVERED"])
    sent = next(t for t in aws.carrier.sent if t.destination == run.phone)
    events = [e for e in aws.carrier.topic.published if e.get("messageId") == sent.message_id]
    errors = len(aws.counts.handler_errors)
    # When the carrier delivers every receipt again
    aws.carrier.topic.emit([dict(e) for e in events])
    # Then the history holds each status once and nothing failed
    assert [u.status for u in run.attempts()[0].history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert len(aws.counts.handler_errors) == errors
    assert run.followup.outcome == "delivered_sms"


def test_a_send_that_crashes_after_the_provider_accepted_is_not_sent_twice(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a sender that dies right after the provider accepted the text (the message is redelivered)
    contact_id, phone = new_customer()
    real_send = aws.carrier.send_text_message
    crashed: list[str] = []

    def send_then_crash(**params: Any) -> dict[str, Any]:
        response = real_send(**params)
        if params["DestinationPhoneNumber"] == phone and not crashed:
            crashed.append(response["MessageId"])
            raise RuntimeError("the Lambda sandbox died")
        return response

    monkeypatch.setattr(aws.carrier, "send_text_message", send_then_crash)
    invocations = aws.counts.invocations["send-sms"]
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the redelivered message found the claim and sent nothing: one text, delivered
    assert crashed
    assert aws.counts.invocations["send-sms"] - invocations >= 2
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"


def test_appointment_with_reminder(aws: EmbeddedAws) -> None:
    # Given an appointment three days ahead
    appointment = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
    extra = {
        "aftercall_strategy": "appointment",
        "aftercall_appointment_at": appointment,
        "aftercall_appointment_place": "강남지점 2층",
    }
    # When the call ends
    run = follow_up(aws, sms=["TEXT_DELIVERED", "TEXT_DELIVERED"], extra=extra)
    # Then the confirmation and, after the (instant) wait, the reminder were both delivered
    reminder = aws.followup(f"{run.contact_id}_reminder")
    assert reminder is not None
    assert (run.followup.outcome, reminder.outcome) == ("delivered_sms", "delivered_sms")
    assert len(run.texts_sent()) == 2
    assert run.states.count("Plan") == 1  # the reminder's; ingest planned the confirmation
    assert "WaitForReminder" in run.states
