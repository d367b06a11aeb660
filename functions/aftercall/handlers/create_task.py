"""Step "CreateTask": an Amazon Connect task asking an agent to call the customer back."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.create_task import create_task_use_case
from aftercall.events.step_inputs import TaskInput
from aftercall.events.workflow import parse_step
from aftercall.observability import lambda_entry
from aftercall.settings.steps import CreateTaskSettings


@lambda_entry(correlation_id_path="followupId", models=(TaskInput, CreateTaskSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = parse_step(TaskInput, event)
    return {"taskContactId": create_task_use_case()(step.followup_id)}
