"""An appointment beyond the reminder horizon: the follow-up goes out, the plan records why no reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import follow_up

pytestmark = pytest.mark.workflow


def test_an_appointment_over_a_year_away_gets_its_follow_up_and_no_reminder(aws: EmbeddedAws) -> None:
    # Given an appointment 400 days away (the execution that would wait for its reminder lives a year)
    appointment = (datetime.now(UTC) + timedelta(days=400)).replace(microsecond=0).isoformat()
    extra = {
        "aftercall_strategy": "appointment",
        "aftercall_appointment_at": appointment,
        "aftercall_appointment_place": "본점",
    }
    # When the call ends
    run = follow_up(aws, sms=["TEXT_DELIVERED"], extra=extra)
    # Then the appointment text is delivered, no reminder waits, and the plan says why
    assert run.followup.outcome == "delivered_sms"
    assert run.followup.reminder_skip == "reminder_beyond_horizon"
    assert "WaitForReminder" not in run.states
    assert len(run.texts_sent()) == 1
    assert aws.followup(f"{run.contact_id}_reminder") is None
