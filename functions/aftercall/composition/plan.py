"""The plan step (and ingest, which plans each contact's first follow-up)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from aftercall import container
from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.template_store import TemplateStore
from aftercall.composition import common
from aftercall.domain.composer import ComposeContext, ComposedSms
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Strategy
from aftercall.settings.plan import PlanSettings
from aftercall.usecases.gating import SpellingCheck
from aftercall.usecases.links import issue_link
from aftercall.usecases.plan import PlanConfig, PlanFollowup
from aftercall.usecases.texts import compose_for


@container.once
def plan_use_case() -> PlanFollowup:
    return planner(common.settings(PlanSettings))


def planner(s: PlanSettings) -> PlanFollowup:
    """The planner from ``s``: the plan step's settings, or ingest's (which extend them: one model)."""
    common.tables(s)
    templates = TemplateStore()
    banned = s.banned_phrase_list()
    links = LinkStore()

    def compose(
        memo: ContactMemo, strategy: Strategy, locale: str, ctx: ComposeContext, kind: str
    ) -> ComposedSms:
        return compose_for(memo.memo, strategy, locale, ctx, kind, templates, banned)

    def link(followup_id: str, contact_id: str, locale: str) -> str | None:
        if not s.detail_base_url:
            return None
        ttl = timedelta(days=s.link_ttl_days)
        now = container.clocks.now()
        return issue_link(links, s.detail_base_url, followup_id, contact_id, locale, ttl, now)

    config = PlanConfig(
        policy=dataclasses.replace(
            s.policy_config(),
            fallback_channels=s.fallback_channels(),
            whatsapp_enabled=bool(s.whatsapp_phone_number_id),
        ),
        default_strategy=s.default_strategy,
        default_locale=s.default_locale,
        default_time_zone=s.default_time_zone,
        sms_window_seconds=s.sms_receipt_window_seconds,
        email_window_seconds=s.email_receipt_window_seconds,
        whatsapp_window_seconds=s.whatsapp_receipt_window_seconds,
        context=s.compose_context,
        gate=s.gate_policy(),
        transfer_wait=timedelta(seconds=s.transfer_wait_seconds),
    )
    memos = MemoStore()
    return PlanFollowup(
        memos=memos,
        history=memos,  # a reminder checks that no later call moved its appointment
        preferences=PreferencesStore(),
        followups=common.followups(s),
        compose=compose,
        links=link,
        config=config,
        clock=container.clocks.now,
        spelling=_spelling() if s.spell_check else None,
    )


def _spelling() -> SpellingCheck:
    """Only with ``SPELL_CHECK``: the dictionaries are not in the send path's layer (off by default)."""
    from aftercall.composition.spelling import spelling_check

    return spelling_check()


def warm(handler: str) -> None:
    plan_use_case()
