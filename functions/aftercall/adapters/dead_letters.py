"""Dead-letter destination for input that can never be processed (poison records).

Only metadata goes in (where the record is in its stream, the error type), never its payload: the
payload holds phone numbers, and it stays replayable in the stream for the stream's retention.
"""

from __future__ import annotations

import json
from typing import Any

from aftercall.adapters.aws_errors import aws_errors


class DeadLetters:
    """``client`` is a botocore ``sqs`` client; ``queue_url`` the KMS-encrypted dead-letter queue."""

    def __init__(self, client: Any, queue_url: str) -> None:
        self._client = client
        self._queue_url = queue_url

    def send(self, source: str, error: str, location: dict[str, str]) -> None:
        body = {"source": source, "error": error, **location}
        with aws_errors("SendMessage"):
            self._client.send_message(QueueUrl=self._queue_url, MessageBody=json.dumps(body, sort_keys=True))
