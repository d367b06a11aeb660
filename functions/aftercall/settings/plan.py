"""Settings of the plan step (and of ingest, which plans each contact's first follow-up)."""

from __future__ import annotations

from pydantic import Field, field_validator

from aftercall.domain.policy import Channel
from aftercall.settings.texts import TextSettings
from aftercall.settings.workflow import WorkflowSettings


class PlanSettings(WorkflowSettings, TextSettings):
    fallback_order: str = "email,task"  # channels tried after the text, in order
    link_ttl_days: int = Field(default=7, ge=1, le=90)
    # How long a call's text waits for a possible next leg (a transfer) before it may go: 0 sends at once,
    # relying on each leg saying at its end whether it was handed on (docs/decisions.md).
    transfer_wait_seconds: int = Field(default=0, ge=0, le=3600)
    # The linked WhatsApp number (``phone-number-id-…``): set, WhatsApp joins the route of customers who
    # opted in (docs/deploy.md, "WhatsApp").
    whatsapp_phone_number_id: str | None = None

    @field_validator("fallback_order")
    @classmethod
    def _channels(cls, value: str) -> str:
        for name in value.split(","):
            if name.strip() and Channel(name.strip()) in (Channel.SMS, Channel.WHATSAPP):
                raise ValueError("sms and whatsapp are messaging channels, not fallbacks")
        return value

    def fallback_channels(self) -> tuple[Channel, ...]:
        return tuple(Channel(n.strip()) for n in self.fallback_order.split(",") if n.strip())
