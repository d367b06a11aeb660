"""The send queue's consumer: one paced text per message."""

from __future__ import annotations

from datetime import timedelta

from aftercall import clients, container
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.pacing_store import PacingWindowStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.sms import EumSms
from aftercall.adapters.task_tokens import TaskTokens
from aftercall.composition import common
from aftercall.domain.encoding import MAX_PART_BUDGET
from aftercall.domain.pacing import WallClock, pacer_for
from aftercall.settings.steps import SendSmsSettings
from aftercall.usecases.send import SendLimits, SendSms


@container.once
def send_sms_use_case() -> SendSms:
    s = common.settings(SendSmsSettings)
    common.pacing_table(s, s.pacing_table)
    sms = EumSms(
        clients.client("pinpoint-sms-voice-v2"),
        s.sms_configuration_set,
        s.sms_origination_identity,
        s.sms_ttl_seconds,
        s.sms_max_price,
    )
    return SendSms(
        followups=common.followups(s),
        memos=MemoStore(),
        sms=sms,
        tasks=TaskTokens(clients.client("stepfunctions")),
        preferences=PreferencesStore(),
        pacer=pacer_for(
            s.sms_parts_per_second,
            s.sender_concurrency,
            MAX_PART_BUDGET,  # no text is longer (templates.validate refuses a larger budget)
            container.clocks.pacer or WallClock(),
            PacingWindowStore(s.sms_origination_identity),
        ),
        limits=SendLimits(
            max_pacing_wait_seconds=s.max_pacing_wait_seconds,
            max_receives=s.max_receives,
            max_send_age=timedelta(seconds=s.max_send_age_seconds),
        ),
        clock=container.clocks.now,
    )


@container.once
def send_callbacks() -> TaskTokens:
    """Ends the wait of a send the sender cannot read (no use case: nothing else is known of it)."""
    return TaskTokens(clients.client("stepfunctions"))


def warm(handler: str) -> None:
    send_sms_use_case()
