"""Settings of the follow-up texts: sender identity, quiet hours, frequency cap, consent, reminders.

A mix-in: handler settings that compose or plan texts extend it beside TableSettings.
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from aftercall.domain.compose_values import ComposeContext
from aftercall.domain.locale_formats import SUPPORTED_LOCALES
from aftercall.domain.memo import Strategy
from aftercall.domain.policy import PolicyConfig
from aftercall.settings.gate import GateSettings


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


class TextSettings(GateSettings):
    company_name: str = Field(min_length=1)
    callback_number: str = Field(min_length=1)
    # https in AWS; plain http only for the loopback host of a local run.
    detail_base_url: str | None = Field(
        default=None, pattern=r"^(https://\S+|http://127\.0\.0\.1(:\d+)?(/\S*)?)$"
    )
    default_time_zone: str = "Asia/Seoul"
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    frequency_cap: int = Field(default=3, ge=1)
    frequency_window_hours: int = Field(default=24, ge=1)
    banned_phrases: str = ""  # comma separated
    cap_bypass_strategies: str = "appointment"  # comma separated strategies the cap does not apply to
    default_strategy: Strategy = Strategy.CONFIRM
    default_locale: str = "ko-KR"
    landline_action: Literal["skip", "fallback"] = "skip"
    require_consent: bool = True
    reminder_lead_hours: int = Field(default=24, ge=1)
    reminder_min_lead_minutes: int = Field(default=60, ge=0)

    @field_validator("default_time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone") from exc
        return value

    @field_validator("default_locale")
    @classmethod
    def _supported_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("cap_bypass_strategies")
    @classmethod
    def _strategies(cls, value: str) -> str:
        for name in _csv(value):
            Strategy(name.lower())  # raises ValueError for an unknown strategy
        return value

    def banned_phrase_list(self) -> tuple[str, ...]:
        return _csv(self.banned_phrases)

    def detail_link(self, token: str) -> str | None:
        """The detail page address for a link token, or None without a configured base URL."""
        return f"{self.detail_base_url.rstrip('/')}/{token}" if self.detail_base_url else None

    def compose_context(self, detail_url: str | None, time_zone: str | None = None) -> ComposeContext:
        return ComposeContext(
            company_name=self.company_name,
            callback_number=self.callback_number,
            detail_url=detail_url,
            time_zone=time_zone or self.default_time_zone,
        )

    def policy_config(self) -> PolicyConfig:
        return PolicyConfig(
            quiet_start=self.quiet_start,
            quiet_end=self.quiet_end,
            default_time_zone=self.default_time_zone,
            frequency_cap=self.frequency_cap,
            frequency_window=timedelta(hours=self.frequency_window_hours),
            cap_bypass_strategies=frozenset(Strategy(s.lower()) for s in _csv(self.cap_bypass_strategies)),
            landline_action=self.landline_action,
            require_consent=self.require_consent,
            reminder_lead=timedelta(hours=self.reminder_lead_hours),
            reminder_min_lead=timedelta(minutes=self.reminder_min_lead_minutes),
        )
