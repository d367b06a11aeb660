"""Customers' messages: replies to our texts (two-way SMS) and on WhatsApp (with its status events)."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.connect import ConnectContacts
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.composition import common
from aftercall.settings.inbound import InboundSettings
from aftercall.usecases.inbound import HandleReply


@container.once
def reply_use_case() -> HandleReply:
    s = common.settings(InboundSettings)
    memos, followups, preferences = MemoStore(), common.followups(s), PreferencesStore()
    return HandleReply(
        memos=memos,
        history=memos,
        attempts=followups,
        confirmations=followups,
        opt_outs=preferences,
        connect=ConnectContacts(clients.client("connect")),
        keyer=CustomerKeyer(clients.client("ssm"), s.customer_key_parameter),
        default_region=s.default_region,
        opt_out_keywords=s.opt_out_words(),
        confirm_keywords=s.confirm_words(),
        task_contact_flow_id=s.task_contact_flow_id,
        instance_id=s.connect_instance_id,
        agent_locale=s.agent_locale,
        clock=container.clocks.now,
        whatsapp_keywords=s.whatsapp_words(),
        choices=preferences,
    )


def warm(handler: str) -> None:
    reply_use_case()
    if handler == "whatsapp_events":  # statuses too
        from aftercall.composition.receipts import receipts_use_case

        receipts_use_case()
