"""Issue 14's gate on moto's Step Functions with the real handlers: a judging memo never reaches the
customer (the agent gets a task saying what to fix), and a line with markup reaches neither the text
nor the email."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from aftercall.domain.gate import Action, Check
from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import follow_up

pytestmark = pytest.mark.workflow

JUDGING = "진상 고객이 무례하게 환불 요구"
MARKUP = '<a href="http://evil.example">여기</a> 확인 후 환불 접수'


def emails_to(aws: EmbeddedAws, address: str) -> list[str]:
    backend = ses_backends[DEFAULT_ACCOUNT_ID][aws.region]
    return [m.body for m in backend.sent_messages if address in str(getattr(m, "destinations", ""))]


def test_a_judging_purpose_is_held_and_the_agent_is_told_what_to_fix(aws: EmbeddedAws) -> None:
    run = follow_up(aws, extra={"aftercall_purpose": JUDGING}, with_email=True)
    # Nothing went to the customer: no text, no email
    assert run.texts_sent() == []
    assert run.emails_sent() == 0
    assert (run.followup.outcome, run.followup.path) == ("held_for_review", ("task",))
    assert "SendSms" not in run.states
    assert "WaitForSendTime" in run.states  # sendAt is now: a held task does not wait for quiet hours
    # The decision is on the follow-up, by class and field
    gate = run.followup.gate
    assert gate is not None
    assert gate.action is Action.HOLD
    assert [(f.check, f.field) for f in gate.findings] == [(Check.JUDGING, "purpose")]
    # The agent's task, in the memo's language, names the field and what to fix, never the words
    [task] = [t for t in aws.connect.tasks if t.previous_contact_id == run.contact_id]
    assert task.name == "후속 안내 보류: 메모 수정 필요"
    assert "문의 목적: 고객을 평가하거나 감정이 담긴 표현이 있습니다" in task.description
    for fragment in ("진상", "무례", JUDGING):
        assert fragment not in task.description
        assert fragment not in run.history_text


def test_markup_in_a_required_line_reaches_neither_the_text_nor_the_email(aws: EmbeddedAws) -> None:
    run = follow_up(aws, sms=["TEXT_CARRIER_BLOCKED"], with_email=True, extra={"aftercall_status": MARKUP})
    assert (run.followup.outcome, run.followup.path) == ("delivered_email", ("sms", "email"))
    [text] = run.texts_sent()
    assert run.email is not None
    [email] = emails_to(aws, run.email)
    for sent in (text, email):
        assert "evil.example" not in sent
        assert "환불 접수" not in sent
        assert "카드 결제 취소 문의" not in sent  # the neutral form: no memo line at all
    assert "오늘 문의해 주셔서 감사합니다" in text
    gate = run.followup.gate
    assert gate is not None
    assert (gate.action, gate.neutral) == (Action.DROP, True)


def test_the_reminder_is_gated_too(aws: EmbeddedAws) -> None:
    appointment = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
    extra = {
        "aftercall_strategy": "appointment",
        "aftercall_appointment_at": appointment,
        "aftercall_appointment_place": "강남지점 2층",
        "aftercall_appointment_bring": "신분증, {준비물}",  # a template's placeholder typed in
    }
    run = follow_up(aws, sms=["TEXT_DELIVERED", "TEXT_DELIVERED"], extra=extra)
    reminder = aws.followup(f"{run.contact_id}_reminder")
    assert reminder is not None
    assert reminder.gate is not None
    assert [(f.check, f.field) for f in reminder.gate.findings] == [(Check.PLACEHOLDER, "appointment_bring")]
    texts = run.texts_sent()
    assert len(texts) == 2  # the confirmation and the reminder
    for text in texts:
        assert "강남지점 2층" in text  # the place passed
        assert "{" not in text
        assert "신분증" not in text  # the line with the placeholder is left out whole
