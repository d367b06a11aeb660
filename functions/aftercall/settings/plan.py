"""Settings of the steps that compose what the customer reads: plan (and ingest, which plans the first
follow-up) and the fallback email."""

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


class SendEmailSettings(WorkflowSettings, TextSettings):
    email_from_address: str = Field(min_length=3)
    email_configuration_set: str = Field(min_length=1)


class SendWhatsAppSettings(WorkflowSettings, TextSettings):
    # The linked number (phone-number-id-…) and its account (waba-…, where the templates are). Empty on
    # a stack without WhatsApp, whose plan never routes a follow-up here (composition/send_whatsapp.py).
    whatsapp_phone_number_id: str = ""
    whatsapp_waba_id: str = ""
    whatsapp_meta_api_version: str = "v20.0"
    # The number's throughput and the send step's instances pacing against it (its reserved concurrency).
    whatsapp_messages_per_second: float = Field(default=20.0, gt=0)
    whatsapp_sender_concurrency: int = Field(default=2, ge=1)
    pacing_table: str = Field(min_length=3)
    max_pacing_wait_seconds: float = Field(default=5.0, ge=0)  # longer: the step retries with backoff
