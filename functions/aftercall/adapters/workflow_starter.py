"""Starts the follow-up workflow once per contact: the execution name is derived from the contact id."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from botocore.exceptions import ClientError

from aftercall.adapters.aws_errors import aws_errors, error_code

_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_MAX_NAME = 80


def execution_name(contact_id: str, suffix: str = "") -> str:
    """A valid, deterministic execution name: every copy of a contact maps to the same one (a resend
    adds its suffix, kept whole however long the contact id)."""
    name = _NAME_UNSAFE.sub("_", contact_id)
    return name[: _MAX_NAME - len(suffix)] + suffix


class WorkflowStarter:
    """``client`` is a botocore ``stepfunctions`` client."""

    def __init__(self, client: Any, state_machine_arn: str) -> None:
        self._client = client
        self._arn = state_machine_arn

    def start(self, contact_id: str, workflow_input: Mapping[str, Any], suffix: str = "") -> bool:
        """Start the follow-up; False when this contact's execution already exists (a duplicate).

        ``workflow_input`` carries ids, statuses and times only (the plan, or ``{"contactId"}``).
        """
        with aws_errors("StartExecution"):
            try:
                self._client.start_execution(
                    stateMachineArn=self._arn,
                    name=execution_name(contact_id, suffix),
                    input=json.dumps(workflow_input),
                )
            except ClientError as exc:
                if error_code(exc) == "ExecutionAlreadyExists":
                    return False
                raise
        return True
