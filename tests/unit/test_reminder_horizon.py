"""Reminders have a horizon below the execution's one-year life (issue 13, point 10).

The reminder waits inside the follow-up's Standard execution, which Step Functions ends after a
year: an appointment further away than the horizon gets its follow-up but no reminder, and the
plan says why.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from aftercall.domain.memo import Strategy
from aftercall.domain.phone import parse_phone
from aftercall.domain.policy import PolicyConfig, PolicyInput, plan_followup
from aftercall.settings.texts import TextSettings

NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)  # noon in Seoul
CONFIG = TextSettings(company_name="Example", callback_number="1588-0000").policy_config()


def _appointment_in(days: float, config: PolicyConfig = CONFIG) -> tuple[datetime | None, str | None]:
    inp = PolicyInput(
        channel="VOICE",
        phone=parse_phone("+821023456789"),
        ingest_skip_reason=None,
        consent=True,
        opted_out=False,
        recent_sends=(),
        strategy=Strategy.APPOINTMENT,
        kind="followup",
        has_email=False,
        appointment_at=NOW + timedelta(days=days),
    )
    plan = plan_followup(inp, NOW, config)
    assert not plan.skipped  # the follow-up itself always goes out
    return plan.reminder_at, plan.reminder_skip


def test_the_default_horizon_is_300_days() -> None:
    assert CONFIG.reminder_horizon == timedelta(days=300)


def test_an_appointment_within_the_horizon_gets_its_reminder() -> None:
    reminder_at, reason = _appointment_in(299)
    assert reminder_at is not None
    assert reason is None


@pytest.mark.parametrize("days", [301, 366, 800])
def test_an_appointment_beyond_the_horizon_gets_no_reminder_and_a_reason(days: int) -> None:
    assert _appointment_in(days) == (None, "reminder_beyond_horizon")


def test_the_horizon_is_a_setting_below_the_executions_year() -> None:
    shorter = dataclasses.replace(CONFIG, reminder_horizon=timedelta(days=30))
    assert _appointment_in(31, shorter) == (None, "reminder_beyond_horizon")
    with pytest.raises(ValidationError):
        TextSettings(company_name="Example", callback_number="1588-0000", reminder_horizon_days=400)
