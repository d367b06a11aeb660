"""Steps "CheckReceipt" and "RecordOutcome": judge a closed receipt window; record how it ended."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.outcome import check_receipt_use_case, record_outcome_use_case
from aftercall.events.step_inputs import OutcomeInput, RecordOutcomeInput
from aftercall.events.workflow import parse_step
from aftercall.observability import lambda_entry
from aftercall.settings.steps import OutcomeSettings


@lambda_entry(correlation_id_path="followupId", models=(OutcomeInput, OutcomeSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = parse_step(OutcomeInput, {"step": event}).step
    if isinstance(step, RecordOutcomeInput):
        path = record_outcome_use_case()(step.followup_id, step.outcome)
        return {"outcome": step.outcome, "path": path}
    return {"verdict": check_receipt_use_case()(step.followup_id, step.channel).value}
