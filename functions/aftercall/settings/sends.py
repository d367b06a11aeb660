"""Settings of the send steps that compose what the customer reads: the email and WhatsApp."""

from __future__ import annotations

from pydantic import Field

from aftercall.settings.texts import TextSettings
from aftercall.settings.workflow import WorkflowSettings


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
