"""The WhatsApp step: one message per follow-up from the linked number, paced; its status ends the wait."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.pacing_store import PacingWindowStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.task_tokens import TaskTokens
from aftercall.adapters.whatsapp import EumWhatsApp
from aftercall.adapters.whatsapp_templates import EumWhatsAppTemplates
from aftercall.composition import common
from aftercall.domain.pacing import WallClock, pacer_for
from aftercall.errors import ConfigurationError
from aftercall.settings.sends import SendWhatsAppSettings
from aftercall.usecases.send_whatsapp import SendWhatsApp


@container.once
def send_whatsapp_use_case() -> SendWhatsApp:
    s = common.settings(SendWhatsAppSettings)
    if not s.whatsapp_phone_number_id or not s.whatsapp_waba_id:
        raise ConfigurationError(
            "WhatsApp is not configured: deploy with whatsappPhoneNumberId and whatsappWabaId"
        )
    common.pacing_table(s, s.pacing_table)
    social = clients.client("socialmessaging")
    return SendWhatsApp(
        followups=common.followups(s),
        memos=MemoStore(),
        preferences=PreferencesStore(),
        whatsapp=EumWhatsApp(social, s.whatsapp_phone_number_id, s.whatsapp_meta_api_version),
        templates=EumWhatsAppTemplates(social, s.whatsapp_waba_id),
        # A retry of the step after a message that already settled completes its own token.
        callbacks=TaskTokens(clients.client("stepfunctions")),
        pacer=pacer_for(
            s.whatsapp_messages_per_second,
            s.whatsapp_sender_concurrency,
            1,  # a message is one unit of the number's throughput, whatever its length
            container.clocks.pacer or WallClock(),
            PacingWindowStore(s.whatsapp_phone_number_id),
        ),
        max_pacing_wait_seconds=s.max_pacing_wait_seconds,
        context=s.compose_context,
        default_strategy=s.default_strategy,
        default_time_zone=s.default_time_zone,
        default_locale=s.default_locale,
        clock=container.clocks.now,
        gate=s.gate_policy(),
    )


def warm(handler: str) -> None:
    send_whatsapp_use_case()
