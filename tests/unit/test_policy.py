"""The send policy: eligibility, consent, opt-out, the frequency cap, quiet hours and reminders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercall.domain.memo import Strategy
from aftercall.domain.phone import LineType, PhoneNumber, parse_phone
from aftercall.domain.policy import (
    Channel,
    PolicyConfig,
    PolicyInput,
    in_quiet_hours,
    plan_followup,
    time_zone_for,
)
from aftercall.domain.preferences import chosen_channel

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")
KR_MOBILE = parse_phone("+821023456789")
NY_NUMBER = parse_phone("+12125550123")  # fixed line or mobile: the US plan cannot tell
LA_NUMBER = parse_phone("+13105550123")
KR_LANDLINE = parse_phone("+8223456789")
CONFIG = PolicyConfig(
    quiet_start=time(21, 0),
    quiet_end=time(8, 0),
    default_time_zone="Asia/Seoul",
    frequency_cap=3,
    frequency_window=timedelta(hours=24),
    cap_bypass_strategies=frozenset({Strategy.APPOINTMENT}),
    landline_action="skip",
    require_consent=True,
)
NOON_SEOUL = datetime(2026, 3, 3, 12, 0, tzinfo=SEOUL)


def given_input(**changes: object) -> PolicyInput:
    base = PolicyInput(
        channel="VOICE",
        phone=KR_MOBILE,
        ingest_skip_reason=None,
        consent=True,
        opted_out=False,
        recent_sends=(),
        strategy=Strategy.CONFIRM,
        kind="followup",
        has_email=True,
        appointment_at=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def seoul(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SEOUL)


# --- eligibility --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"ingest_skip_reason": "transferred"}, "transferred"),
        ({"channel": "CHAT"}, "not_voice"),
        ({"phone": None}, "no_number"),
        ({"phone": PhoneNumber("821023456789", "KR", LineType.MOBILE)}, "invalid_number"),
        ({"phone": KR_LANDLINE}, "landline"),
        ({"consent": None}, "no_consent"),
        ({"consent": False}, "no_consent"),
        ({"opted_out": True}, "opted_out"),
    ],
)
def test_ineligible_contacts_are_skipped_with_a_reason(changes: dict[str, object], reason: str) -> None:
    plan = plan_followup(given_input(**changes), NOON_SEOUL, CONFIG)
    assert (plan.skipped, plan.skip_reason, plan.channels) == (True, reason, ())


def test_unknown_consent_is_enough_when_consent_is_not_required() -> None:
    config = replace(CONFIG, require_consent=False)
    assert not plan_followup(given_input(consent=None), NOON_SEOUL, config).skipped


def test_a_refusal_counts_even_when_consent_is_not_required() -> None:
    config = replace(CONFIG, require_consent=False)
    assert plan_followup(given_input(consent=False), NOON_SEOUL, config).skip_reason == "no_consent"


def test_channels_are_sms_then_email_then_task() -> None:
    plan = plan_followup(given_input(), NOON_SEOUL, CONFIG)
    assert plan.channels == (Channel.SMS, Channel.EMAIL, Channel.TASK)


def test_without_an_address_there_is_no_email_step() -> None:
    plan = plan_followup(given_input(has_email=False), NOON_SEOUL, CONFIG)
    assert plan.channels == (Channel.SMS, Channel.TASK)


def test_a_landline_goes_straight_to_the_fallback_when_configured() -> None:
    config = replace(CONFIG, landline_action="fallback")
    plan = plan_followup(given_input(phone=KR_LANDLINE), NOON_SEOUL, config)
    assert plan.channels == (Channel.EMAIL, Channel.TASK)


def test_a_landline_with_no_fallback_channel_left_is_skipped() -> None:
    config = replace(CONFIG, landline_action="fallback", fallback_channels=(Channel.EMAIL,))
    plan = plan_followup(given_input(phone=KR_LANDLINE, has_email=False), NOON_SEOUL, config)
    assert plan.skip_reason == "landline"


# --- the customer's preferred channel ------------------------------------------------------------


@pytest.mark.parametrize(
    ("preferred", "has_email", "channels"),
    [
        ("email", True, (Channel.EMAIL, Channel.SMS, Channel.TASK)),  # email first, the text next
        ("email", False, (Channel.SMS, Channel.TASK)),  # no address: the configured route
        ("sms", True, (Channel.SMS, Channel.EMAIL, Channel.TASK)),
        (None, True, (Channel.SMS, Channel.EMAIL, Channel.TASK)),
    ],
)
def test_the_route_follows_the_preferred_channel(
    preferred: str | None, has_email: bool, channels: tuple[Channel, ...]
) -> None:
    plan = plan_followup(given_input(preferred_channel=preferred, has_email=has_email), NOON_SEOUL, CONFIG)
    assert plan.channels == channels


def test_a_customer_who_wants_no_contact_gets_nothing_and_the_skip_says_why() -> None:
    plan = plan_followup(given_input(preferred_channel="none"), NOON_SEOUL, CONFIG)
    assert (plan.skip_reason, plan.channels) == ("prefers_no_contact", ())


def test_a_landline_customer_who_prefers_email_gets_the_email() -> None:
    plan = plan_followup(given_input(phone=KR_LANDLINE, preferred_channel="email"), NOON_SEOUL, CONFIG)
    assert plan.channels == (Channel.EMAIL, Channel.TASK)


def test_an_opt_out_outranks_any_preference() -> None:
    plan = plan_followup(given_input(opted_out=True, preferred_channel="email"), NOON_SEOUL, CONFIG)
    assert plan.skip_reason == "opted_out"


@pytest.mark.parametrize(
    ("memo", "stored", "chosen"),
    [("email", "sms", "email"), ("", "email", "email"), (" EMAIL ", None, "email"), ("fax", "none", "none"),
     (None, "carrier pigeon", None), ("", None, None)],
)  # fmt: skip
def test_the_memo_outranks_the_stored_preference(
    memo: str | None, stored: str | None, chosen: str | None
) -> None:
    assert chosen_channel(memo, stored) == chosen


# --- frequency cap ------------------------------------------------------------------------------


def test_the_cap_skips_a_fourth_text_within_24_hours() -> None:
    sends = (seoul(3, 11), seoul(3, 9), seoul(2, 13))
    plan = plan_followup(given_input(recent_sends=sends), NOON_SEOUL, CONFIG)
    assert plan.skip_reason == "frequency_cap"


def test_sends_older_than_the_window_do_not_count() -> None:
    sends = (seoul(3, 11), seoul(3, 9), seoul(2, 12))  # the last is exactly 24 h ago: outside
    assert not plan_followup(given_input(recent_sends=sends), NOON_SEOUL, CONFIG).skipped


def test_an_appointment_confirmation_may_bypass_the_cap() -> None:
    sends = (seoul(3, 11), seoul(3, 9), seoul(2, 13))
    inp = given_input(recent_sends=sends, strategy=Strategy.APPOINTMENT, appointment_at=seoul(9, 10))
    assert not plan_followup(inp, NOON_SEOUL, CONFIG).skipped


# --- quiet hours --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "send_at", "deferred"),
    [
        (seoul(3, 12), seoul(3, 12), False),
        (seoul(3, 20, 59), seoul(3, 20, 59), False),
        (seoul(3, 21), seoul(4, 8), True),
        (seoul(3, 23, 30), seoul(4, 8), True),
        (seoul(4, 0, 30), seoul(4, 8), True),  # after midnight: the same morning
        (seoul(4, 7, 59), seoul(4, 8), True),
        (seoul(4, 8), seoul(4, 8), False),
    ],
)
def test_quiet_hours_defer_to_the_next_morning_across_midnight(
    now: datetime, send_at: datetime, deferred: bool
) -> None:
    plan = plan_followup(given_input(), now, CONFIG)
    assert (plan.send_at, plan.deferred) == (send_at, deferred)
    assert plan.send_at is not None
    assert plan.send_at.tzinfo == UTC


def test_a_customer_far_from_the_default_zone_is_texted_in_their_own_hours() -> None:
    # Given a Los Angeles number, a Seoul default, and 22:00 in Los Angeles (14:00 in Seoul)
    now = datetime(2026, 6, 1, 5, 0, tzinfo=UTC)
    plan = plan_followup(given_input(phone=LA_NUMBER), now, CONFIG)
    # Then the text waits for 08:00 in Los Angeles
    assert plan.send_at == datetime(2026, 6, 1, 15, 0, tzinfo=UTC)


def test_spring_forward_night_still_sends_at_eight_local() -> None:
    # Given 01:30 EST on the night New York springs forward (02:00 → 03:00)
    now = datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK)
    plan = plan_followup(given_input(phone=NY_NUMBER), now, CONFIG)
    # Then 08:00 EDT (12:00 UTC), not 6.5 hours later on the old offset
    assert plan.send_at == datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


def test_fall_back_night_still_sends_at_eight_local() -> None:
    now = datetime(2026, 11, 1, 1, 30, fold=0, tzinfo=NEW_YORK)  # the first 01:30 (EDT)
    plan = plan_followup(given_input(phone=NY_NUMBER), now, CONFIG)
    assert plan.send_at == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)  # 08:00 EST


def test_a_quiet_end_inside_the_skipped_hour_resolves_after_the_jump() -> None:
    # Given quiet hours ending at 02:30, a wall time that does not exist on spring-forward day
    config = replace(CONFIG, quiet_end=time(2, 30))
    now = datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK)
    plan = plan_followup(given_input(phone=NY_NUMBER), now, config)
    # Then the send is the first instant after the jump that is outside quiet hours (03:30 EDT)
    assert plan.send_at == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert not in_quiet_hours(plan.send_at, NEW_YORK, config.quiet_start, config.quiet_end)


ZONES = ["Asia/Seoul", "America/New_York", "America/Los_Angeles", "Europe/London", "Australia/Adelaide"]


@given(
    moment=st.datetimes(
        min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(ZONES),
    start=st.sampled_from([time(21), time(22, 30), time(0), time(20)]),
    end=st.sampled_from([time(8), time(2, 30), time(1, 30), time(9, 15)]),
)
def test_a_deferred_send_is_never_in_quiet_hours_nor_more_than_a_day_late(
    moment: datetime, zone: str, start: time, end: time
) -> None:
    config = replace(CONFIG, quiet_start=start, quiet_end=end, default_time_zone=zone)
    plan = plan_followup(
        given_input(phone=PhoneNumber("+80012345678", "001", LineType.MOBILE)), moment, config
    )
    assert plan.send_at is not None
    assert moment <= plan.send_at <= moment + timedelta(hours=25)
    assert not in_quiet_hours(plan.send_at, ZoneInfo(zone), start, end)
    assert plan.deferred == (plan.send_at > moment)


def test_the_zone_comes_from_the_number_else_the_default() -> None:
    assert NY_NUMBER.time_zone == "America/New_York"  # looked up once, when the number is parsed
    assert time_zone_for(NY_NUMBER, "Asia/Seoul") == "America/New_York"
    assert time_zone_for(parse_phone("+80012345678"), "Asia/Seoul") == "Asia/Seoul"  # no area, no zone
    assert time_zone_for(None, "Europe/Paris") == "Europe/Paris"


def test_a_number_stored_before_its_zone_was_is_looked_up_then() -> None:
    stored_earlier = PhoneNumber("+12125550123", "US", LineType.FIXED_OR_MOBILE)  # time_zone None
    assert time_zone_for(stored_earlier, "Asia/Seoul") == "America/New_York"
    assert time_zone_for(PhoneNumber("+80012345678", "001", LineType.MOBILE), "Asia/Seoul") == "Asia/Seoul"


# --- appointments and reminders -----------------------------------------------------------------


def appointment(at: datetime, kind: str = "followup") -> PolicyInput:
    return given_input(strategy=Strategy.APPOINTMENT, appointment_at=at, kind=kind)


def test_an_appointment_gets_a_reminder_a_day_before() -> None:
    plan = plan_followup(appointment(seoul(6, 14)), NOON_SEOUL, CONFIG)
    assert plan.reminder_at == seoul(5, 14)


def test_no_reminder_when_the_appointment_is_sooner_than_the_lead() -> None:
    assert plan_followup(appointment(seoul(3, 18)), NOON_SEOUL, CONFIG).reminder_at is None


def test_no_reminder_right_after_the_confirmation() -> None:
    # Given the reminder time would fall 30 minutes after now (closer than the minimum lead)
    plan = plan_followup(appointment(seoul(4, 12, 30)), NOON_SEOUL, CONFIG)
    assert plan.reminder_at is None


def test_a_reminder_in_quiet_hours_moves_to_the_morning() -> None:
    plan = plan_followup(appointment(seoul(6, 7)), NOON_SEOUL, CONFIG)
    assert plan.reminder_at == seoul(5, 8)


def test_a_reminder_that_the_morning_would_make_too_late_moves_to_the_evening_before() -> None:
    # Given a 2 h lead and an 08:30 appointment: 06:30 is quiet and 08:00 is under the 60 min minimum
    config = replace(CONFIG, reminder_lead=timedelta(hours=2))
    plan = plan_followup(appointment(seoul(6, 8, 30)), NOON_SEOUL, config)
    assert plan.reminder_at == seoul(5, 20, 59)


def test_a_past_appointment_is_skipped() -> None:
    assert plan_followup(appointment(seoul(3, 11)), NOON_SEOUL, CONFIG).skip_reason == "appointment_past"


def test_a_reminder_is_sent_when_the_appointment_is_ahead() -> None:
    plan = plan_followup(appointment(seoul(4, 12), kind="reminder"), NOON_SEOUL, CONFIG)
    assert (plan.skipped, plan.send_at, plan.reminder_at) == (False, NOON_SEOUL, None)


def test_a_reminder_too_close_to_the_appointment_is_skipped() -> None:
    plan = plan_followup(appointment(seoul(3, 12, 30), kind="reminder"), NOON_SEOUL, CONFIG)
    assert plan.skip_reason == "reminder_too_close"


def test_a_reminder_deferred_past_the_minimum_lead_is_skipped() -> None:
    # Given 23:00 now and an 08:30 appointment: the morning send would be 30 minutes before it
    plan = plan_followup(appointment(seoul(4, 8, 30), kind="reminder"), seoul(3, 23), CONFIG)
    assert plan.skip_reason == "reminder_too_close"


def test_a_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_followup(given_input(), datetime(2026, 3, 3, 12), CONFIG)
