"""Settings of the workflow's steps that compose nothing: send SMS, create task, outcome."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator

from aftercall.settings.workflow import WorkflowSettings

if TYPE_CHECKING:
    from aftercall.domain.callback_task import OpeningHours


class SendSmsSettings(WorkflowSettings):
    sms_configuration_set: str = Field(min_length=1)
    sms_origination_identity: str = Field(min_length=1)
    sms_ttl_seconds: int = Field(default=3 * 3600, ge=5, le=259200)
    # SendTextMessage's MaxPrice: the most one text may cost, in US dollars ("0.05"); unset: no cap.
    # Checked against the API model when the sender starts (adapters/sms.py).
    sms_max_price: str | None = None
    # Throughput of the origination identity and the sender instances pacing against it (the send
    # queue's MaximumConcurrency): a fixed share each, or one window in the pacing table when a share
    # would be smaller than the largest text (aftercall.domain.pacing.pacer_for).
    sms_parts_per_second: float = Field(default=1.0, gt=0)
    sender_concurrency: int = Field(default=2, ge=1)
    pacing_table: str = Field(min_length=3)
    max_pacing_wait_seconds: float = Field(default=5.0, ge=0)  # longer: back to the queue
    max_receives: int = Field(default=5, ge=1)  # then the workflow's own backoff takes over
    max_send_age_seconds: int = Field(default=6 * 3600, ge=60)  # from the planned send time


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class CreateTaskSettings(WorkflowSettings):
    task_contact_flow_id: str = Field(min_length=1)
    connect_instance_id: str | None = None  # default: the instance of the call
    agent_locale: Literal["ko-KR", "en-US"] = "ko-KR"  # the language of the tasks agents get
    # When agents take callbacks, in the contact center's zone: a task outside them is scheduled.
    default_time_zone: str = "Asia/Seoul"
    callback_hours_start: time = time(9, 0)
    callback_hours_end: time = time(18, 0)
    callback_days: str = "mon,tue,wed,thu,fri"

    @field_validator("callback_days")
    @classmethod
    def _known_days(cls, value: str) -> str:
        days = [d.strip().lower() for d in value.split(",") if d.strip()]
        if not days or set(days) - set(WEEKDAYS):
            raise ValueError(f"callback days must be among {', '.join(WEEKDAYS)}")
        return value

    @field_validator("default_time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        ZoneInfo(value)  # an unknown zone is a configuration error at cold start
        return value

    def opening_hours(self) -> OpeningHours:
        from aftercall.domain.callback_task import OpeningHours

        days = frozenset(
            WEEKDAYS.index(d.strip().lower()) for d in self.callback_days.split(",") if d.strip()
        )
        return OpeningHours(
            self.callback_hours_start, self.callback_hours_end, days, ZoneInfo(self.default_time_zone)
        )


class OutcomeSettings(WorkflowSettings):
    # Carrier accepted (TEXT_SUCCESSFUL, not final) but no final receipt in the window: stop there
    # with sent_unconfirmed (True), or treat it like no receipt and fall back (False).
    unconfirmed_is_final: bool = True
