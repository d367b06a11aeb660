"""Parser models of the inputs of the workflow's send, task and outcome steps (ids and statuses only)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from aftercall.events.workflow import MAX_ID, MAX_TASK_TOKEN, StepInput


class TokenStepInput(StepInput):
    """A ``.waitForTaskToken`` step: the SQS message body of a send, or the email Lambda's payload."""

    task_token: str = Field(min_length=1, max_length=MAX_TASK_TOKEN)
    followup_id: str = Field(min_length=1, max_length=MAX_ID)
    retry_count: int = Field(default=0, ge=0)


class TaskInput(StepInput):
    followup_id: str = Field(min_length=1, max_length=MAX_ID)
    contact_id: str = Field(min_length=1, max_length=MAX_ID)


class RecordOutcomeInput(StepInput):
    action: Literal["record"]
    followup_id: str = Field(min_length=1, max_length=MAX_ID)
    outcome: str = Field(min_length=1)


class ReceiptTimeoutInput(StepInput):
    action: Literal["receiptTimeout"]
    followup_id: str = Field(min_length=1, max_length=MAX_ID)
    channel: str = "sms"


class OutcomeInput(BaseModel):
    model_config = ConfigDict(defer_build=True)

    step: RecordOutcomeInput | ReceiptTimeoutInput = Field(discriminator="action")
