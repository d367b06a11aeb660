"""Composition roots of the workflow's step handlers (plan, send SMS, email, task, outcome).

Built once per container on first use, from settings and ``aftercall.clients``. ``use_clock`` lets
the local run pace sends on its virtual clock; ``reset`` forgets everything (tests, local runs).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache

from aftercall import clients
from aftercall.adapters.connect import ConnectContacts
from aftercall.adapters.email import SesEmail
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.pacing_store import PacingWindowStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.sms import EumSms
from aftercall.adapters.task_tokens import TaskTokens
from aftercall.adapters.template_store import TemplateStore
from aftercall.domain.composer import ComposeContext, ComposedSms, compose_email
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Strategy
from aftercall.domain.pacing import Clock, WallClock, pacer_for
from aftercall.domain.templates import MAX_PART_BUDGET
from aftercall.settings import workflow as settings
from aftercall.usecases.detail_page import issue_link
from aftercall.usecases.fallback import CreateTask, SendEmail
from aftercall.usecases.outcome import CheckReceipt, RecordOutcome
from aftercall.usecases.plan import PlanConfig, PlanFollowup
from aftercall.usecases.send import SendLimits, SendSms
from aftercall.usecases.texts import compose_for

_clock: list[Clock] = [WallClock()]
_wall: list[Callable[[], datetime]] = [lambda: datetime.now(UTC)]


def use_clock(clock: Clock) -> None:
    """The clock the SMS pacer sleeps on (local runs pass a virtual one)."""
    _clock[0] = clock
    send_sms_use_case.cache_clear()


def use_wall_clock(now: Callable[[], datetime]) -> None:
    """The time every workflow step decides against (quiet hours, caps, reminders, send age): the
    system clock in AWS, a scenario's clock in the demo. Read on every call, so it can move."""
    _wall[0] = now


def _wall_now() -> datetime:
    return _wall[0]()


def _store(retention: timedelta) -> FollowupStore:
    return FollowupStore(retention)


@cache
def plan_use_case() -> PlanFollowup:
    s = settings.plan_settings()
    templates = TemplateStore()
    banned = s.banned_phrase_list()

    def compose(
        memo: ContactMemo, strategy: Strategy, locale: str, ctx: ComposeContext, kind: str
    ) -> ComposedSms:
        return compose_for(memo.memo, strategy, locale, ctx, kind, templates, banned)

    def link(followup_id: str, contact_id: str, locale: str) -> str | None:
        if not s.detail_base_url:
            return None
        ttl = timedelta(days=s.link_ttl_days)
        return issue_link(LinkStore(), s.detail_base_url, followup_id, contact_id, locale, ttl, _wall_now())

    policy = s.policy_config()
    config = PlanConfig(
        policy=dataclasses.replace(policy, fallback_channels=s.fallback_channels()),
        default_strategy=s.default_strategy,
        default_locale=s.default_locale,
        default_time_zone=s.default_time_zone,
        sms_window_seconds=s.sms_receipt_window_seconds,
        email_window_seconds=s.email_receipt_window_seconds,
        context=s.compose_context,
    )
    return PlanFollowup(
        memos=MemoStore(),
        preferences=PreferencesStore(),
        followups=_store(s.retention()),
        compose=compose,
        links=link,
        config=config,
        clock=_wall_now,
    )


@cache
def send_sms_use_case() -> SendSms:
    s = settings.send_sms_settings()
    sms = EumSms(
        clients.client("pinpoint-sms-voice-v2"),
        s.sms_configuration_set,
        s.sms_origination_identity,
        s.sms_ttl_seconds,
    )
    return SendSms(
        followups=_store(s.retention()),
        memos=MemoStore(),
        sms=sms,
        tasks=TaskTokens(clients.client("stepfunctions")),
        preferences=PreferencesStore(),
        pacer=pacer_for(
            s.sms_parts_per_second,
            s.sender_concurrency,
            MAX_PART_BUDGET,  # no text is longer (templates.validate refuses a larger budget)
            _clock[0],
            PacingWindowStore(s.sms_origination_identity),
        ),
        limits=SendLimits(
            max_pacing_wait_seconds=s.max_pacing_wait_seconds,
            max_receives=s.max_receives,
            max_send_age=timedelta(seconds=s.max_send_age_seconds),
        ),
        clock=_wall_now,
    )


@cache
def send_email_use_case() -> SendEmail:
    s = settings.send_email_settings()
    return SendEmail(
        followups=_store(s.retention()),
        memos=MemoStore(),
        preferences=PreferencesStore(),
        email=SesEmail(clients.client("sesv2"), s.email_from_address, s.email_configuration_set),
        compose=compose_email,
        context=s.compose_context,
        default_strategy=s.default_strategy,
        default_time_zone=s.default_time_zone,
        default_locale=s.default_locale,
        clock=_wall_now,
    )


@cache
def create_task_use_case() -> CreateTask:
    s = settings.create_task_settings()
    return CreateTask(
        followups=_store(s.retention()),
        memos=MemoStore(),
        connect=ConnectContacts(clients.client("connect")),
        contact_flow_id=s.task_contact_flow_id,
        instance_id=s.connect_instance_id,
        clock=_wall_now,
    )


@cache
def check_receipt_use_case() -> CheckReceipt:
    s = settings.outcome_settings()
    return CheckReceipt(
        followups=_store(s.retention()), unconfirmed_is_final=s.unconfirmed_is_final, clock=_wall_now
    )


@cache
def record_outcome_use_case() -> RecordOutcome:
    return RecordOutcome(followups=_store(settings.outcome_settings().retention()), clock=_wall_now)


def reset() -> None:
    """Forget every cached composition and setting (tests and local runs that change the environment)."""
    settings.reset()
    for cached in (
        plan_use_case,
        send_sms_use_case,
        send_email_use_case,
        create_task_use_case,
        check_receipt_use_case,
        record_outcome_use_case,
    ):
        cached.cache_clear()
    _clock[0] = WallClock()
    _wall[0] = lambda: datetime.now(UTC)
