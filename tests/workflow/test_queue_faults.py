"""Faults of the send queue itself, on the embedded AWS: the workflow's queue send fails, and a send
message the queue gives up on (dead-lettered) ends its wait at once instead of after the receipt window.

docs/reliability.md lists these with the other faults (test_faults.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from moto.sqs.exceptions import SQSException
from moto.sqs.models import SQSBackend

from aftercall.adapters.followup_store import FollowupStore
from aftercall.domain.followup import attempt_item
from aftercall.local.carrier import ACCEPTED_ONLY
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.resources import MAX_RECEIVES, SEND_QUEUE
from tests.workflow.conftest import MEMO, contact_record, finish, new_customer

pytestmark = pytest.mark.workflow


class _QueueUnavailable(SQSException):
    """What SQS answers when it cannot take the message (KMS throttled the data key, a 5xx, ...)."""

    def __init__(self) -> None:
        super().__init__("KmsThrottled", "KMS throttled the request")


def test_a_failed_queue_send_is_queued_again_and_the_text_goes_out_once(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given SQS refuses the workflow's first SendMessage for this contact (the Task state's own call)
    contact_id, phone = new_customer()
    aws.carrier.script(phone, ["TEXT_DELIVERED"])
    real_send = SQSBackend.send_message
    refused: list[str] = []

    def send_message(
        backend: SQSBackend, queue_name: str, message_body: str, *args: Any, **kwargs: Any
    ) -> Any:
        if queue_name == SEND_QUEUE and contact_id in message_body and not refused:
            refused.append(message_body)
            raise _QueueUnavailable()
        return real_send(backend, queue_name, message_body, *args, **kwargs)

    monkeypatch.setattr(SQSBackend, "send_message", send_message)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then SendSms was tried again (a new queue message) and the text went out once, delivered
    assert refused
    assert run.execution["status"] == "SUCCEEDED"
    assert run.states.count("SendSms") == 1  # a Retry re-runs the state without entering it again
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert '"SQS.' in run.history_text


def test_a_dead_lettered_send_fails_its_wait_at_once_and_falls_back(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the sender fails on this contact's message every time it is delivered (a bug, a crash)
    contact_id, phone = new_customer()
    aws.carrier.script(phone, ["TEXT_DELIVERED"])
    real_claim = FollowupStore.claim
    tries: list[str] = []

    def claim(self: FollowupStore, followup_id: str, item: str, *args: Any, **kwargs: Any) -> Any:
        if followup_id == contact_id and item == attempt_item("sms", 1):
            tries.append(item)
            raise RuntimeError("the sender crashes on this message")
        return real_claim(self, followup_id, item, *args, **kwargs)

    monkeypatch.setattr(FollowupStore, "claim", claim)
    timeouts = len(aws.counts.timeouts)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the queue gave up after MAX_RECEIVES deliveries, the dead-letter consumer failed the wait with
    # SendDeadLetteredError, and the workflow fell back at once: no receipt window ran out
    assert len(tries) == MAX_RECEIVES
    assert aws.counts.invocations["send-dead-letter"] >= 1
    assert "SendDeadLetteredError" in run.history_text
    assert len(aws.counts.timeouts) == timeouts
    assert "CheckReceipt" not in run.states
    assert run.texts_sent() == []
    assert run.followup.outcome == "task_created"
    assert len(run.tasks()) == 1


def test_a_dead_lettered_send_that_may_have_gone_out_is_left_to_its_receipt(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the text goes out (the carrier accepts it, then no final receipt comes), the sender crashes
    # right after, and then fails on every redelivery
    contact_id, phone = new_customer()
    aws.carrier.script(phone, [ACCEPTED_ONLY])
    real_send, real_claim = aws.carrier.send_text_message, FollowupStore.claim
    claims: list[str] = []

    def send_then_crash(**kwargs: Any) -> Any:
        answer = real_send(**kwargs)
        if kwargs.get("DestinationPhoneNumber") == phone:
            raise RuntimeError("the sender crashes after the provider accepted the text")
        return answer

    def claim(self: FollowupStore, followup_id: str, item: str, *args: Any, **kwargs: Any) -> Any:
        if followup_id == contact_id and item == attempt_item("sms", 1):
            claims.append(item)
            if len(claims) > 1:
                raise RuntimeError("the sender fails on every redelivery")
        return real_claim(self, followup_id, item, *args, **kwargs)

    monkeypatch.setattr(aws.carrier, "send_text_message", send_then_crash)
    monkeypatch.setattr(FollowupStore, "claim", claim)
    # When the call ends
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    run = finish(aws, contact_id, phone)
    # Then the message was dead-lettered, but the attempt was claimed (the text may have gone out): the
    # dead letter fails nothing, the receipt window decides (carrier-accepted: sent_unconfirmed), and no
    # second text or fallback follows
    assert len(claims) == MAX_RECEIVES
    assert aws.counts.invocations["send-dead-letter"] >= 1
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "sent_unconfirmed"
    assert "SendDeadLetteredError" not in run.history_text
    assert run.tasks() == []
