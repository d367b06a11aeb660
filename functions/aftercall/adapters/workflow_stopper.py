"""Stops the follow-up executions of given contacts: erasure, before their data is deleted; ingest, when a
transferred call's next leg arrives while the earlier leg's text still waits (``transferWaitSeconds``).

Every execution is named after its contact (``workflow_starter.execution_name``; a redrive keeps the
name, and an appointment's reminder runs in the same execution), so the executions of a customer's
contacts are found without listing the state machine's executions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from botocore.exceptions import ClientError

from aftercall.adapters.aws_errors import aws_errors, error_code
from aftercall.adapters.workflow_starter import execution_name

ERROR = "aftercall.Erased"  # the stopped execution's error: ids and words only
CAUSE = "the customer's data was erased (aftercall forget)"


def execution_arn(state_machine_arn: str, name: str) -> str:
    """``arn:...:stateMachine:<machine>`` and an execution name → ``arn:...:execution:<machine>:<name>``."""
    prefix, _, machine = state_machine_arn.rpartition(":stateMachine:")
    if not prefix:
        raise ValueError("not a state machine ARN")
    return f"{prefix}:execution:{machine}:{name}"


class WorkflowStopper:
    """``client`` is a botocore ``stepfunctions`` client."""

    def __init__(self, client: Any, state_machine_arn: str) -> None:
        self._client = client
        self._arn = state_machine_arn

    def stop(self, contact_ids: Iterable[str], error: str = ERROR, cause: str = CAUSE) -> int:
        """Stop each contact's execution that is still running; returns how many were stopped."""
        stopped = 0
        for name in sorted({execution_name(c) for c in contact_ids}):
            arn = execution_arn(self._arn, name)
            with aws_errors("StopExecution"):
                try:
                    status = self._client.describe_execution(executionArn=arn)["status"]
                    if status == "RUNNING":
                        self._client.stop_execution(executionArn=arn, error=error, cause=cause)
                        stopped += 1
                except ClientError as exc:
                    if error_code(exc) != "ExecutionDoesNotExist":
                        raise
        return stopped
