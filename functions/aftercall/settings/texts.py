"""Settings of the follow-up texts: sender identity, quiet hours, frequency cap, consent, reminders.

A mix-in: handler settings that compose or plan texts extend it beside TableSettings.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from aftercall.domain.compose_values import ComposeContext
from aftercall.domain.locale_formats import SUPPORTED_LOCALES
from aftercall.domain.memo import Strategy
from aftercall.domain.policy import PolicyConfig
from aftercall.settings.gate import GateSettings

_DIALABLE = re.compile(r"^\+?[0-9][0-9 ()-]{2,20}$")


def _number_map(value: str) -> dict[str, str]:
    pairs = (item.split("=", 1) for item in value.split(",") if "=" in item)
    return {country.strip().upper(): number.strip() for country, number in pairs if number.strip()}


def _csv(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


class TextSettings(GateSettings):
    company_name: str = Field(min_length=1)
    callback_number: str = Field(min_length=1)
    # Per destination country (``KR=1588-0000,*=+82 2 1234 5678``): a domestic-only number such as a
    # Korean 1588 number cannot be dialled from abroad; ``*`` is every country but ``home_region``.
    callback_numbers: str = ""
    home_region: str = "KR"  # the country whose customers can dial callback_number as written
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
    # No reminder for an appointment further away (the execution that waits for it lives a year).
    reminder_horizon_days: int = Field(default=300, ge=1, le=350)

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

    @field_validator("callback_numbers")
    @classmethod
    def _numbers(cls, value: str) -> str:
        for item in (i.strip() for i in value.split(",") if i.strip()):
            country, _, number = item.partition("=")
            country = country.strip()
            if not (country == "*" or (len(country) == 2 and country.isalpha())) or not _DIALABLE.match(
                number.strip()
            ):
                raise ValueError(
                    "each entry is COUNTRY=NUMBER (ISO country or *), e.g. KR=1588-0000,*=+82 2 1234 5678"
                )
        return value

    @field_validator("cap_bypass_strategies")
    @classmethod
    def _strategies(cls, value: str) -> str:
        for name in _csv(value):
            Strategy(name.lower())  # raises ValueError for an unknown strategy
        return value

    def callback_number_for(self, region: str | None) -> str:
        """The number a customer in ``region`` (ISO country of their phone) can dial: the country's own
        entry of ``callback_numbers``, else its ``*`` entry (for every other country), else
        ``callback_number``."""
        numbers = _number_map(self.callback_numbers)
        if region and region.upper() in numbers:
            return numbers[region.upper()]
        if region and region.upper() != self.home_region.upper() and "*" in numbers:
            return numbers["*"]
        return self.callback_number

    def banned_phrase_list(self) -> tuple[str, ...]:
        return _csv(self.banned_phrases)

    def detail_link(self, token: str) -> str | None:
        """The detail page address for a link token, or None without a configured base URL."""
        return f"{self.detail_base_url.rstrip('/')}/{token}" if self.detail_base_url else None

    def compose_context(
        self, detail_url: str | None, time_zone: str | None = None, region: str | None = None
    ) -> ComposeContext:
        return ComposeContext(
            company_name=self.company_name,
            callback_number=self.callback_number_for(region),
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
            reminder_horizon=timedelta(days=self.reminder_horizon_days),
        )
