"""Step "CreateTask": an Amazon Connect task asking an agent to call the customer back."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.adapters.dynamodb_errors import dynamodb_failures_are_transient
from aftercall.events.workflow import TaskInput
from aftercall.observability import lambda_entry
from aftercall.settings.workflow import CreateTaskSettings
from aftercall.workflow_wiring import create_task_use_case


@lambda_entry(correlation_id_path="followupId", models=(TaskInput, CreateTaskSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = parse(event=event, model=TaskInput)
    with dynamodb_failures_are_transient():
        return {"taskContactId": create_task_use_case()(step.followup_id)}
