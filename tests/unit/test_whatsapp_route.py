"""WhatsApp in the route: only with the customer's opt-in, first when preferred, else after SMS."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from aftercall.domain.policy import Channel, SkipReason, plan_followup
from aftercall.domain.preferences import Preferences, chosen_channel, in_whatsapp_window
from tests.unit.test_policy import CONFIG, KR_LANDLINE, NOON_SEOUL, given_input

WITH_WHATSAPP = replace(CONFIG, whatsapp_enabled=True)
S, W, E, T = Channel.SMS, Channel.WHATSAPP, Channel.EMAIL, Channel.TASK


@pytest.mark.parametrize(
    ("preferred", "opt_in", "route", "skip"),
    [
        ("whatsapp", None, (W, S, E, T), None),  # chosen with the agent: that is the opt-in
        ("whatsapp", True, (W, S, E, T), None),
        (None, True, (S, W, E, T), None),  # opted in earlier: a second messenger after SMS
        ("sms", True, (S, W, E, T), None),
        ("email", True, (E, S, W, T), None),
        (None, None, (S, E, T), None),  # never asked: no WhatsApp
        ("whatsapp", False, (S, E, T), SkipReason.WHATSAPP_NO_OPT_IN.value),  # withdrawn: never sent
    ],
)
def test_the_route_follows_the_customers_choice_and_opt_in(
    preferred: str | None, opt_in: bool | None, route: tuple[Channel, ...], skip: str | None
) -> None:
    plan = plan_followup(
        given_input(preferred_channel=preferred, whatsapp_opt_in=opt_in), NOON_SEOUL, WITH_WHATSAPP
    )
    assert (plan.channels, plan.channel_skip) == (route, skip)


def test_a_stack_without_whatsapp_says_why_the_preferred_channel_is_left_out() -> None:
    plan = plan_followup(given_input(preferred_channel="whatsapp"), NOON_SEOUL, CONFIG)
    assert plan.channels == (S, E, T)
    assert plan.channel_skip == SkipReason.WHATSAPP_NOT_CONFIGURED.value
    assert plan.skip_reason is None  # the follow-up itself goes on


def test_a_landline_with_whatsapp_is_reached_there() -> None:
    plan = plan_followup(
        given_input(phone=KR_LANDLINE, preferred_channel="whatsapp"), NOON_SEOUL, WITH_WHATSAPP
    )
    assert plan.channels == (W, E, T)


def test_an_opted_out_customer_gets_nothing_on_whatsapp_either() -> None:
    plan = plan_followup(
        given_input(opted_out=True, preferred_channel="whatsapp", whatsapp_opt_in=True),
        NOON_SEOUL,
        WITH_WHATSAPP,
    )
    assert plan.skip_reason == SkipReason.OPTED_OUT.value
    assert plan.channels == ()


def test_whatsapp_is_a_channel_a_customer_may_choose() -> None:
    assert chosen_channel(" WhatsApp ", None) == "whatsapp"
    assert chosen_channel(None, "whatsapp") == "whatsapp"


@pytest.mark.parametrize(
    ("wrote_ago", "inside"),
    [
        (None, False),
        (timedelta(minutes=5), True),
        (timedelta(hours=23, minutes=44), True),
        (timedelta(hours=23, minutes=46), False),  # too close to the end: a template, to be safe
        (timedelta(hours=30), False),
        (-timedelta(minutes=5), False),  # a time in the future is not trusted
    ],
)
def test_the_customer_service_window_is_24_hours_after_the_customers_message(
    wrote_ago: timedelta | None, inside: bool
) -> None:
    now = datetime(2026, 12, 4, 5, 0, tzinfo=UTC)
    prefs = Preferences(whatsapp_inbound_at=now - wrote_ago if wrote_ago is not None else None)
    assert in_whatsapp_window(prefs, now) is inside
