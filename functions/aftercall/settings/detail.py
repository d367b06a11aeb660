"""Settings of the detail page handler (links are issued by the plan step: settings/plan.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from aftercall.settings import TableSettings
from aftercall.settings.gate import GateSettings


class DetailPageSettings(TableSettings, GateSettings):
    company_name: str = Field(min_length=1)
    callback_number: str = Field(pattern=r"^\+?[0-9][0-9 ()-]{2,20}$")
    rate_limit_per_minute: int = Field(default=30, ge=1)
    default_locale: str = "ko-KR"  # for pages without a link (unknown token) and no Accept-Language match
    time_zone: str = "Asia/Seoul"  # the dates shown and appointment times entered without an offset
    # True only behind an origin that CloudFront alone can reach (the stack's function URL with Origin
    # Access Control): then CloudFront-Viewer-Address is CloudFront's, and the per-visitor limit counts
    # it. Anywhere else the header is whatever the caller sent, so the source address counts.
    trust_viewer_address: bool = False

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)  # fail at cold start, not on the first page
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone") from exc
        return value

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)
