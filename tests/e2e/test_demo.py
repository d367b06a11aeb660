"""`make demo` end to end: every built-in scenario reaches its outcome through the real code path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aftercall.cli.main import main
from aftercall.local.demo_report import render, summary_json
from tests.e2e.conftest import DemoRun

pytestmark = pytest.mark.e2e

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "scenario.yaml"
OUTCOMES = {
    "delivered_sms",
    "delivered_whatsapp",
    "delivered_email",
    "task_created",
    "held_for_review",
    "skipped",
    "sent_unconfirmed",
    "failed",
    "ignored",  # a contact whose events start nothing (ignored-and-rejected-input)
    "rejected",  # a contact whose triggers were refused and dead-lettered
}


def test_every_builtin_scenario_reaches_its_expected_outcome(demo_run: DemoRun) -> None:
    wrong = {
        (r.scenario.name, c.contact_id, c.outcome, c.expected)
        for r in demo_run.results
        for c in r.contacts
        if not c.ok
    }
    assert wrong == set()
    assert len(demo_run.results) >= 12


def test_no_scenario_sends_a_text_twice(demo_run: DemoRun) -> None:
    assert [r.duplicate_texts for r in demo_run.results] == [0] * len(demo_run.results)


def test_duplicate_triggers_make_one_memo_one_execution_one_text(demo_run: DemoRun) -> None:
    result = demo_run.result("duplicate-triggers")
    assert len(result.scenario.records) == 6
    assert len(result.scenario.events) == 1
    [contact] = result.contacts
    assert contact.texts_sent == 1
    assert result.lambda_invocations["ingest-event"] == 1
    assert result.lambda_invocations["ingest-records"] == 1
    # The first copy was planned at ingest; the six others planned nothing and started nothing
    assert result.lambda_invocations["plan"] == 0
    assert result.state_transitions == 7


def test_an_operator_resends_an_unconfirmed_text_once(demo_run: DemoRun) -> None:
    result = demo_run.result("admin-resends")
    [contact] = result.contacts
    assert contact.outcome == "sent_unconfirmed"
    [resend] = contact.resends
    assert (resend.number, resend.channel, resend.outcome) == (1, "sms", "delivered_sms")
    assert result.texts_sent == 2  # the first text and the resend's: one each
    assert result.duplicate_texts == 0
    assert summary_json([result])["scenarios"][0]["contacts"][0]["resends"] == [
        {"number": 1, "channel": "sms", "outcome": "delivered_sms"}
    ]


def test_transient_failure_is_retried_then_delivered(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("transient-then-delivered").contacts
    assert [a.status for a in contact.attempts] == ["TEXT_CARRIER_UNREACHABLE", "TEXT_DELIVERED"]


def test_email_bounce_falls_back_to_an_agent_task(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("email-bounce-then-task").contacts
    assert [a.channel for a in contact.attempts] == ["sms", "email", "task"]
    assert contact.tasks == 1
    assert contact.emails == 1


def test_appointment_gets_confirmation_and_reminder(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("appointment-with-reminder").contacts
    assert contact.texts_sent == 2
    assert "예약" in contact.texts[0]
    assert "다시 안내" in contact.texts[1]


def test_quiet_hours_defer_the_text_to_the_morning(demo_run: DemoRun) -> None:
    result = demo_run.result("quiet-hours-deferral")
    [contact] = result.contacts
    assert contact.send_at is not None
    local = contact.send_at.astimezone(result.scenario.clock.tzinfo)
    assert (local.date().isoformat(), local.hour) == ("2026-11-26", 8)
    assert contact.outcome == "delivered_sms"


def test_skips_carry_their_reason(demo_run: DemoRun) -> None:
    reasons = {
        name: demo_run.result(name).contacts[0].skip_reason
        for name in ("opted-out-customer", "landline-skip", "invalid-number-skip")
    }
    assert reasons == {
        "opted-out-customer": "opted_out",
        "landline-skip": "landline",
        "invalid-number-skip": "invalid_number",
    }


def test_missing_memo_sends_a_generic_confirmation_and_records_findings(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("missing-memo").contacts
    assert contact.memo_findings == ["empty"]
    assert contact.texts_sent == 1


def test_burst_is_paced_within_the_provider_limit_and_nothing_is_lost(demo_run: DemoRun) -> None:
    result = demo_run.result("burst-50")
    assert len(result.contacts) == 50
    assert {c.outcome for c in result.contacts} == {"delivered_sms"}
    assert result.texts_sent == 50
    assert result.scenario.parts_per_second is not None
    assert 0 < result.max_parts_per_second <= result.scenario.parts_per_second
    # The carrier enforces its own limit: the sender's pacing shows as never being throttled
    assert result.provider_throttles == 0


def test_json_summary_has_the_documented_shape(demo_run: DemoRun) -> None:
    summary = summary_json(demo_run.results)
    contact = summary["scenarios"][0]["contacts"][0]
    assert set(contact) >= {
        "contact_id",
        "memo_saved",
        "memo_findings",
        "plan",
        "attempts",
        "outcome",
        "texts_sent",
    }
    assert {a_key for a in contact["attempts"] for a_key in a} == {"channel", "status", "parts", "encoding"}
    assert all(c["outcome"] in OUTCOMES for s in summary["scenarios"] for c in s["contacts"])
    totals = summary["totals"]
    assert totals["duplicate_texts"] == 0
    assert totals["texts_sent"] == sum(r.texts_sent for r in demo_run.results)
    assert totals["api_calls"]["dynamodb"] > 0
    assert totals["api_calls"]["stepfunctions"] > 0
    assert totals["state_transitions"] > 0
    assert totals["lambda_invocations"] > 0
    json.dumps(summary)  # serialisable as printed by --json


def test_delivery_metrics_reach_the_handlers_log_as_emf(demo_run: DemoRun) -> None:
    # The dashboard's delivery rate and call-end-to-delivery latency come from these.
    for metric in ("Delivered", "CallEndToDeliverySeconds", "Sent", "PartsSent", "FellBack", "TaskCreated"):
        assert f'"{metric}"' in demo_run.lambda_output


def test_human_output_has_a_timeline_and_a_table(demo_run: DemoRun) -> None:
    text = render(demo_run.results)
    assert "━━ delivered-first-try ━━" in text
    assert "TEXT_SUCCESSFUL → TEXT_DELIVERED" in text
    assert "✓ burst-50" in text
    # Every row's columns line up with the header's, whatever the longest scenario name
    rows = text.split("\n\n")[-1].splitlines()
    contacts_end = rows[0].index("contacts") + len("contacts")
    for row in rows[2:]:
        assert row[contacts_end - 1].isdigit(), row
        assert row[contacts_end] == " ", row


def test_a_user_written_yaml_scenario_runs_from_the_cli() -> None:
    # A process of its own, as a user runs it (and apart from this session's embedded AWS).
    command = [sys.executable, "-m", "aftercall.cli.main", "demo", "--scenario", str(EXAMPLE), "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    [scenario] = summary["scenarios"]
    assert scenario["name"] == "my-transient-then-delivered"
    assert scenario["contacts"][0]["outcome"] == "delivered_sms"


def test_a_broken_scenario_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\nclock: not-a-time\nevents: []\n", encoding="utf-8")
    assert main(["demo", "--scenario", str(path)]) == 2
    assert "clock" in capsys.readouterr().err
