"""The gate's demo scenarios (local/gate_scenarios.py): what the customer got, and what was stored."""

from __future__ import annotations

import json

import pytest

from aftercall.local.demo_report import render
from aftercall.local.gate_scenarios import CARD_IN_NOTE_MEMO, FREE_TEXT_MEMO, JUDGING_MEMO, MARKUP_MEMO
from aftercall.local.resources import TABLES
from tests.e2e.conftest import DemoRun

pytestmark = pytest.mark.e2e


def test_a_judging_memo_is_held_and_the_agent_is_told_what_to_fix(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("judging-memo-held").contacts
    assert (contact.outcome, contact.texts_sent, contact.emails, contact.tasks) == (
        "held_for_review",
        0,
        0,
        1,
    )
    assert contact.gate is not None
    assert contact.gate.startswith("hold (judging in purpose")
    [task] = contact.task_texts
    assert "문의 목적" in task
    for text in (JUDGING_MEMO["aftercall_purpose"], "진상", "무례", "소리지름"):
        assert text not in task
    assert "☎ 후속 안내 보류" in render([demo_run.result("judging-memo-held")])


def test_markup_leaves_the_text_without_its_line(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("markup-line-dropped").contacts
    assert contact.outcome == "delivered_sms"
    [text] = contact.texts
    assert "<a" not in text
    assert "intranet" not in text
    assert "Drops every" not in text  # the line with markup is left out...
    assert MARKUP_MEMO["aftercall_purpose"] in text  # ...and the good lines go
    assert contact.gate == "drop (markup in problem)"


def test_a_card_number_in_the_agent_note_is_stored_masked(demo_run: DemoRun) -> None:
    [contact] = demo_run.result("card-number-masked").contacts
    assert contact.outcome == "delivered_sms"
    assert "pii_masked" in contact.memo_findings
    memo_items = [
        json.dumps(e["item"], ensure_ascii=False)
        for e in demo_run.items
        if e["table"] == TABLES.memos and e["item"]["contact_id"]["S"] == contact.contact_id
    ]
    [stored] = memo_items
    assert "4111-1111-1111-1111" not in stored
    assert "****-****-****-1111" in stored
    assert CARD_IN_NOTE_MEMO["aftercall_purpose"] in stored  # the rest of the memo is kept whole


def test_a_free_text_memo_is_texted_from_its_labelled_lines_without_its_judging_sentence(
    demo_run: DemoRun,
) -> None:
    [contact] = demo_run.result("free-text-memo").contacts
    assert contact.outcome == "delivered_sms"
    assert "judging" in contact.memo_findings  # the judging sentence is found...
    assert "empty" not in contact.memo_findings  # ...and the memo is not "empty"
    [text] = contact.texts
    assert "문의 내용: 인터넷 요금 이중 청구 문의" in text  # the labelled lines fill the fields
    assert "요청하신 사항: 중복 청구된 33,000원 환불" in text
    for never in ("말귀", "세 번 설명", "목적:", "상태:", "-\n"):
        assert never not in text  # ...the judging line, the labels and the form's "-" never leave
    assert FREE_TEXT_MEMO["aftercall_memo"] not in text
    [stored] = [
        e["item"]
        for e in demo_run.items
        if e["table"] == TABLES.memos and e["item"]["contact_id"]["S"] == contact.contact_id
    ]
    assert stored["memo"]["M"]["status"]["S"] == "11월분 중복 청구 확인, 환불 접수 완료"  # not the "-"
