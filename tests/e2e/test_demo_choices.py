"""The customer's-choice demo scenarios (local/choice_scenarios.py): what each customer got."""

from __future__ import annotations

import pytest

from aftercall.adapters.tables import FOLLOWUP_ITEM
from aftercall.local.resources import TABLES
from tests.e2e.conftest import DemoRun

pytestmark = pytest.mark.e2e


def _followup(demo_run: DemoRun, followup_id: str) -> dict[str, str]:
    """The follow-up item (not its attempts) as stored, string attributes only."""
    [item] = [
        e["item"]
        for e in demo_run.items
        if e["table"] == TABLES.followups
        and e["item"]["followup_id"]["S"] == followup_id
        and e["item"]["item"]["S"] == FOLLOWUP_ITEM
    ]
    return {k: v["S"] for k, v in item.items() if "S" in v}


def test_a_customer_who_prefers_email_gets_the_email_and_no_text(demo_run: DemoRun) -> None:
    result = demo_run.result("prefers-email")
    [contact] = result.contacts
    assert (contact.outcome, contact.texts_sent, contact.emails) == ("delivered_email", 0, 1)
    assert contact.plan == {"channels": ["email", "sms", "task"]}


def test_an_opt_out_the_agent_records_holds_for_this_call_and_the_next(demo_run: DemoRun) -> None:
    result = demo_run.result("agent-records-opt-out")
    assert [(c.outcome, c.skip_reason) for c in result.contacts] == [("skipped", "opted_out")] * 2
    assert result.texts_sent == 0


def test_a_moved_appointment_supersedes_the_first_reminder(demo_run: DemoRun) -> None:
    result = demo_run.result("rescheduled-appointment")
    first, moved = result.contacts
    assert result.texts_sent == 3  # two confirmations and one reminder: the new visit's
    assert (first.texts_sent, moved.texts_sent) == (1, 2)
    assert "11월 30일" in moved.texts[1]
    assert _followup(demo_run, f"{first.contact_id}_reminder")["outcome"] == "skipped:superseded"


@pytest.mark.parametrize(
    ("scenario", "effect"),
    [
        ("customer-replies-stop", "opted out"),
        ("customer-confirms-appointment", "appointment confirmed"),
        ("customer-replies-question", "task for an agent"),
    ],
)
def test_a_customers_reply_does_what_it_asks(demo_run: DemoRun, scenario: str, effect: str) -> None:
    [contact] = demo_run.result(scenario).contacts
    assert [e for _, e in contact.replies] == [effect]


def test_a_question_reaches_an_agent_and_never_a_log(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("customer-replies-question").contacts
    [(question, _)] = contact.replies
    assert all(question not in line for line in demo_run.log_records)
    assert question not in demo_run.lambda_output
