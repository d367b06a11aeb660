"""Step "SendEmail" (``lambda:invoke.waitForTaskToken``): the fallback email; its SES event ends the wait."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.send_email import send_email_use_case
from aftercall.events.step_inputs import TokenStepInput
from aftercall.events.workflow import parse_step
from aftercall.observability import lambda_entry
from aftercall.settings.sends import SendEmailSettings


@lambda_entry(correlation_id_path="followupId", models=(TokenStepInput, SendEmailSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = parse_step(TokenStepInput, event)
    return {"attempt": send_email_use_case()(step.task_token, step.followup_id, step.retry_count)}
