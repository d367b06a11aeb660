"""Settings of the handlers of customers' messages: replies to our texts, and WhatsApp events."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aftercall.domain.replies import CONFIRM_KEYWORDS, OPT_OUT_KEYWORDS, WHATSAPP_KEYWORDS, keyword_set
from aftercall.settings.ingest import CustomerKeySettings
from aftercall.settings.workflow import WorkflowSettings


class InboundSettings(WorkflowSettings, CustomerKeySettings):
    default_region: str = "KR"
    task_contact_flow_id: str = Field(min_length=1)
    connect_instance_id: str | None = None  # default: the instance of the call replied to
    agent_locale: Literal["ko-KR", "en-US"] = "ko-KR"
    reply_opt_out_keywords: str = OPT_OUT_KEYWORDS  # comma separated, the whole reply matched
    reply_confirm_keywords: str = CONFIRM_KEYWORDS
    reply_whatsapp_keywords: str = WHATSAPP_KEYWORDS  # "on WhatsApp, please": an opt-in

    def opt_out_words(self) -> frozenset[str]:
        return keyword_set(self.reply_opt_out_keywords)

    def confirm_words(self) -> frozenset[str]:
        return keyword_set(self.reply_confirm_keywords)

    def whatsapp_words(self) -> frozenset[str]:
        return keyword_set(self.reply_whatsapp_keywords)
