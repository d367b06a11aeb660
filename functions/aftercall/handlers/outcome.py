"""Steps "CheckReceipt" and "RecordOutcome": judge a closed receipt window; record how it ended."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parser import parse
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.adapters.dynamodb_errors import dynamodb_failures_are_transient
from aftercall.events.workflow import OutcomeInput, RecordOutcomeInput
from aftercall.observability import lambda_entry
from aftercall.settings.workflow import OutcomeSettings
from aftercall.workflow_wiring import check_receipt_use_case, record_outcome_use_case


@lambda_entry(correlation_id_path="followupId", models=(OutcomeInput, OutcomeSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = parse(event={"step": event}, model=OutcomeInput).step
    with dynamodb_failures_are_transient():
        if isinstance(step, RecordOutcomeInput):
            path = record_outcome_use_case()(step.followup_id, step.outcome)
            return {"outcome": step.outcome, "path": path}
        return {"verdict": check_receipt_use_case()(step.followup_id, step.channel).value}
