"""Faults of the send queue itself, on the embedded AWS: the workflow's queue send fails, and a send
message the queue gives up on (dead-lettered) ends its wait at once instead of after the receipt window.

docs/reliability.md lists these with the other faults (test_faults.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from moto.sqs.exceptions import SQSException
from moto.sqs.models import SQSBackend

from aftercall.local.embedded import EmbeddedAws
from aftercall.local.resources import SEND_QUEUE
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
