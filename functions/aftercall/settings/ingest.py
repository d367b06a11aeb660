"""Settings of the ingestion handlers (contact events and contact records).

Ingest plans each contact's first follow-up, so its settings include the plan step's.
"""

from __future__ import annotations

from pydantic import Field

from aftercall.settings import EnvSettings
from aftercall.settings.plan import PlanSettings


class CustomerKeySettings(EnvSettings):
    customer_key_parameter: str = Field(min_length=1)  # SSM SecureString name holding the HMAC secret


class IngestSettings(PlanSettings, CustomerKeySettings):
    state_machine_arn: str = Field(min_length=20)
    default_region: str = "KR"  # phone numbers without a country code
    memo_retention_days: int = Field(default=400, ge=1)
    # Which contacts get a follow-up; anything else is stored with a skip reason.
    follow_channels: str = "VOICE"
    follow_initiation_methods: str = "INBOUND,OUTBOUND,CALLBACK,API"
    follow_transfers: bool = True  # once per call, from its last leg (false: not at all)
    require_agent: bool = True
    ingest_dlq_url: str | None = None  # poison contact records (metadata only) go here

    def channels(self) -> frozenset[str]:
        return _csv(self.follow_channels)

    def initiation_methods(self) -> frozenset[str]:
        return _csv(self.follow_initiation_methods)


def _csv(value: str) -> frozenset[str]:
    return frozenset(v.strip().upper() for v in value.split(",") if v.strip())
