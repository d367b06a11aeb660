"""Step "Plan": policy, channels, send time and composed text for a follow-up or its reminder."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.plan import plan_use_case
from aftercall.domain.resend import Resend
from aftercall.events.workflow import PlanInput, parse_step
from aftercall.observability import lambda_entry
from aftercall.settings.plan import PlanSettings


@lambda_entry(correlation_id_path="contactId", models=(PlanInput, PlanSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = parse_step(PlanInput, event)
    resend = None
    if step.resend is not None:
        resend = Resend(step.resend, step.resend_channel, step.requested_by or "unknown")
    return plan_use_case()(step.contact_id, step.next_kind, resend)
