"""Step Functions port for callbacks: complete a ``.waitForTaskToken`` task with success or an error.

A token can be used once. When the execution has already moved on (the wait timed out, a copy of the
receipt resolved it first, the execution ended), Step Functions answers TaskTimedOut,
TaskDoesNotExist or InvalidToken: that is an expected outcome here, reported as ``False``.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from aftercall.adapters.aws_errors import error_code, translate

_GONE = {"TaskTimedOut", "TaskDoesNotExist", "InvalidToken"}


class TaskTokens:
    """``client`` is a botocore ``stepfunctions`` client."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def succeed(self, token: str, output: dict[str, Any]) -> bool:
        """Complete the task with ``output`` (ids and statuses only); False if it no longer waits."""
        return self._call("send_task_success", taskToken=token, output=json.dumps(output))

    def fail(self, token: str, error: str, cause: dict[str, Any]) -> bool:
        """Fail the task with the error name the state machine retries or catches on."""
        return self._call("send_task_failure", taskToken=token, error=error, cause=json.dumps(cause))

    def _call(self, operation: str, **params: Any) -> bool:
        try:
            getattr(self._client, operation)(**params)
        except ClientError as exc:
            if error_code(exc) in _GONE:
                return False
            raise translate(exc, operation) from exc
        except BotoCoreError as exc:
            raise translate(exc, operation) from exc
        return True
