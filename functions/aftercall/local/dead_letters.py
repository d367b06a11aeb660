"""The embedded AWS's dead-letter queues: what AWS puts there, and reading them back.

As in the stack, a dead-letter queue is filled from three sides: our code (the contact-record and
contact-event handlers send metadata of the input they reject), SQS (the send queue moves a message
there after ``MAX_RECEIVES`` receives), and Lambda (a function invoked asynchronously whose
invocation failed sends its on-failure destination a record with the whole event). The last is
emulated here for the functions AWS only ever invokes asynchronously (EventBridge → the contact-event
function, SNS → the receipt function), after one try: Lambda's own retries are not repeated.

``DeadLetterLog`` reads every queue back without receiving (nothing changes for a consumer), plus
what the send dead-letter consumer already took off its queue, so a test sees every letter.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from moto.sqs.models import sqs_backends

from aftercall.local import ACCOUNT
from aftercall.local.resources import (
    DEAD_LETTER_QUEUES,
    INGEST_DEAD_LETTER_QUEUE,
    RECEIPT_DEAD_LETTER_QUEUE,
    SEND_DEAD_LETTER_QUEUE,
)

# Function name → its on-failure destination, for the functions AWS invokes asynchronously only.
ASYNC_FAILURE_DESTINATIONS = {"ingest-event": INGEST_DEAD_LETTER_QUEUE, "receipts": RECEIPT_DEAD_LETTER_QUEUE}


def invocation_record(function: str, region: str, event: Any, error: dict[str, str]) -> dict[str, Any]:
    """Lambda's on-failure destination record of a failed asynchronous invocation (its documented shape)."""
    return {
        "version": "1.0",
        "timestamp": datetime.now(UTC).isoformat(),
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "functionArn": f"arn:aws:lambda:{region}:{ACCOUNT}:function:{function}:$LATEST",
            "condition": "RetriesExhausted",
            "approximateInvokeCount": 1,
        },
        "requestPayload": event,
        "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
        "responsePayload": error,
    }


class DeadLetterLog:
    """Every dead letter of the embedded AWS; written through moto's backend, so no API call is counted."""

    def __init__(self, region: str) -> None:
        self._region = region
        self._consumed: list[str] = []  # bodies the send dead-letter consumer received and deleted

    def _backend(self) -> Any:
        return sqs_backends[ACCOUNT][self._region]

    def invocation_failed(self, function: str, event: Any, error: dict[str, str]) -> None:
        """A failed asynchronous invocation of ``function``: its record goes to the destination, if any."""
        queue = ASYNC_FAILURE_DESTINATIONS.get(function)
        if queue is not None:
            record = invocation_record(function, self._region, event, error)
            self._backend().send_message(queue, json.dumps(record))

    def consumed(self, bodies: list[str]) -> None:
        self._consumed.extend(bodies)

    def letters(self) -> dict[str, list[str]]:
        """Queue name → the body of every message that reached it (waiting or already consumed)."""
        backend = self._backend()
        out = {name: [m.body for m in backend.get_queue(name)._messages] for name in DEAD_LETTER_QUEUES}
        out[SEND_DEAD_LETTER_QUEUE] = [*self._consumed, *out[SEND_DEAD_LETTER_QUEUE]]
        return out
