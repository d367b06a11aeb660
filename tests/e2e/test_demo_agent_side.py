"""The agent-side demo scenarios (local/agent_scenarios.py): what the agent saw, and what was saved."""

from __future__ import annotations

import json

import pytest

from aftercall.local.agent_scenarios import DRAFT, FIRST_CALL
from aftercall.local.demo_report import dumps, render
from aftercall.local.resources import TABLES
from tests.e2e.conftest import DemoRun

pytestmark = pytest.mark.e2e


def test_the_second_agent_sees_the_first_call_and_what_became_of_its_follow_up(demo_run: DemoRun) -> None:
    result = demo_run.result("returning-customer")
    first, second = result.contacts

    assert (first.outcome, second.outcome) == ("delivered_sms", "delivered_sms")
    assert result.texts_sent == 2  # one per call
    assert first.history is None
    assert second.history is not None
    assert second.history["history_count"] == "1"
    assert second.history["history_1_purpose"] == FIRST_CALL["aftercall_purpose"]
    assert second.history["history_1_followup"] == "문자 전달됨"
    assert FIRST_CALL["aftercall_agent_note"] not in json.dumps(second.history, ensure_ascii=False)
    [summary_json] = json.loads(dumps([result]))["scenarios"]
    by_contact = {c["contact_id"]: c for c in summary_json["contacts"]}
    assert by_contact[second.contact_id]["history"] == second.history  # `aftercall demo --json`
    assert "history" not in by_contact[first.contact_id]
    assert "☷ history shown to the agent: 1 earlier call(s)" in render([result])


def test_the_memo_form_checks_the_draft_and_the_fixed_memo_is_saved(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("memo-check").contacts
    draft, fixed = contact.memo_checks

    assert (draft.label, draft.reply["ok"], fixed.label, fixed.reply["ok"]) == (
        "draft",
        "false",
        "fixed",
        "true",
    )
    assert "감정·평가 표현 대신 사실과 상황만" in draft.reply["findings"]
    # The Lambda checks spelling as deployed, with the dictionaries (make spelling installs them)
    assert (draft.reply["spelling_checked"], fixed.reply["spelling_checked"]) == ("true", "true")
    assert "원하는 결과: 맞춤법을 확인해 주세요." in draft.reply["findings"].splitlines()
    assert draft.reply["aftercall_purpose"] == "○○ 고객이 요금 환불 요구"  # even if submitted anyway
    assert "4111 1111 1111 1111" not in json.dumps(draft.reply)
    assert contact.memo_findings == []
    assert contact.outcome == "delivered_sms"
    memo_items = [
        json.dumps(e["item"], ensure_ascii=False)
        for e in demo_run.items
        if e["table"] == TABLES.memos and e["item"]["contact_id"]["S"] == contact.contact_id
    ]
    assert memo_items
    assert all(DRAFT["aftercall_purpose"] not in item for item in memo_items)
