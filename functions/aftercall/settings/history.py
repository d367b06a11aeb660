"""Settings of the agent-side flow Lambdas: the customer's history for the next agent."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from aftercall.settings.ingest import CustomerKeySettings
from aftercall.settings.workflow import WorkflowSettings


class HistorySettings(WorkflowSettings, CustomerKeySettings):
    default_region: str = "KR"  # phone numbers without a country code
    default_time_zone: str = "Asia/Seoul"  # the dates the agent reads
    agent_locale: Literal["ko-KR", "en-US"] = "ko-KR"  # unless the flow passes agent_locale
    history_limit: int = Field(default=3, ge=1, le=3)  # the flow module copies three slots
    history_days: int = Field(default=90, ge=1, le=400)
    history_include_agent_notes: bool = False  # another agent's agent-only notes stay theirs

    @field_validator("default_time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        ZoneInfo(value)  # raises for an unknown zone: a configuration error at cold start
        return value
