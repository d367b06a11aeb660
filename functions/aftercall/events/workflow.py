"""Parser models of what the state machine passes to its step Lambdas (ids and statuses only): the
base, the plan step's input and the helpers; the other steps' inputs are in ``events/step_inputs.py``,
so that the plan (and ingest) build only their own model at init."""

from __future__ import annotations

import json
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.alias_generators import to_camel

from aftercall.errors import InvalidInputError
from aftercall.events.bounds import storable

MAX_TASK_TOKEN = 1024  # Step Functions' limit on a task token
MAX_ID = 512  # ids are Connect contact ids (at most 256 characters) and a suffix; a table key can hold it


class StepInput(BaseModel):
    # The plan step receives the whole state: fields other steps added are ignored. Built on demand:
    # each step's handler builds its own model at init (aftercall.observability.lambda_entry).
    model_config = ConfigDict(
        extra="ignore", frozen=True, alias_generator=to_camel, populate_by_name=True, defer_build=True
    )

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        storable(data)  # ids become table keys
        return data


class PlanInput(StepInput):
    contact_id: str = Field(min_length=1, max_length=MAX_ID)
    next_kind: Literal["followup", "reminder"] = "followup"
    # An operator's resend (aftercall resend): its number, the channel asked for, who asked.
    resend: int | None = Field(default=None, ge=1, le=99)
    resend_channel: Literal["sms", "email", "task"] | None = None
    requested_by: str | None = Field(default=None, max_length=2048)


Step = TypeVar("Step", bound=BaseModel)


def parse_step(model: type[Step], event: Any) -> Step:
    """The step's input, or ``InvalidInputError`` (a typed error the workflow sees by name, content-free)
    when the input is not one the state machine passes."""
    try:
        return model.model_validate(event)
    except ValidationError as exc:
        raise InvalidInputError(f"not a {model.__name__}: {exc.error_count()} invalid field(s)") from None


def task_token_in(body: str) -> str | None:
    """The task token of a send the sender cannot read, when it has one of a token's shape."""
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        return None
    token = value.get("taskToken") if isinstance(value, dict) else None
    return token if isinstance(token, str) and 0 < len(token) <= MAX_TASK_TOKEN else None
