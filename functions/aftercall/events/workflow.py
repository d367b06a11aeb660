"""Parser models of what the state machine passes to its step Lambdas (ids and statuses only)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _StepInput(BaseModel):
    # The plan step receives the whole state: fields other steps added are ignored. Built on demand:
    # each step's handler builds its own model at init (aftercall.observability.lambda_entry).
    model_config = ConfigDict(
        extra="ignore", frozen=True, alias_generator=to_camel, populate_by_name=True, defer_build=True
    )


class PlanInput(_StepInput):
    contact_id: str = Field(min_length=1)
    next_kind: Literal["followup", "reminder"] = "followup"


class TokenStepInput(_StepInput):
    """A ``.waitForTaskToken`` step: the SQS message body of a send, or the email Lambda's payload."""

    task_token: str = Field(min_length=1)
    followup_id: str = Field(min_length=1)
    retry_count: int = Field(default=0, ge=0)


class TaskInput(_StepInput):
    followup_id: str = Field(min_length=1)
    contact_id: str = Field(min_length=1)


class RecordOutcomeInput(_StepInput):
    action: Literal["record"]
    followup_id: str = Field(min_length=1)
    outcome: str = Field(min_length=1)


class ReceiptTimeoutInput(_StepInput):
    action: Literal["receiptTimeout"]
    followup_id: str = Field(min_length=1)
    channel: str = "sms"


class OutcomeInput(BaseModel):
    model_config = ConfigDict(defer_build=True)

    step: RecordOutcomeInput | ReceiptTimeoutInput = Field(discriminator="action")
