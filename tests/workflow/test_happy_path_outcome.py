"""The happy path is recorded like every other outcome (issue 13, point 10).

The state machine records a delivered text itself (SmsDelivered, a DynamoDB UpdateItem, no Lambda),
so neither the ``Outcome`` metric the dashboard graphs nor ``delivered_at`` came from RecordOutcome:
the most common outcome was missing from both. The receipt handler that resolves the wait now emits
the metric, and SmsDelivered writes ``delivered_at`` (the time it was entered).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import follow_up

pytestmark = pytest.mark.workflow


def test_a_text_delivered_first_time_counts_its_outcome_and_sets_delivered_at(
    aws: EmbeddedAws, capsys: pytest.CaptureFixture[str]
) -> None:
    before = datetime.now(UTC)
    run = follow_up(aws, sms=["TEXT_DELIVERED"])
    assert run.states[-3:] == ["SmsDelivered", "ReminderDue", "Done"]
    followup = run.followup
    assert followup.outcome == "delivered_sms"
    assert followup.delivered_at is not None
    assert before <= followup.delivered_at <= datetime.now(UTC)
    # The metric went out (EMF on stdout) with its own dimension, as RecordOutcome's do
    assert '"outcome":"delivered_sms"' in capsys.readouterr().out
