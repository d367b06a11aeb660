"""Built-in demo scenarios of the customer's choices (issue 16) that the agent records in the memo.

- ``prefers-email``: the customer asked for email: the email goes first, no text;
- ``agent-records-opt-out``: the customer asked for no more texts: nothing is sent, the opt-out is
  recorded in their preferences, and their next call gets no text either;
- ``transferred-call``: the first agent transfers the call to a second: one text, from the second
  agent's memo; the first memo is stored (and shown in the history) but sends nothing;
- ``customer-replies-stop`` / ``customer-confirms-appointment`` / ``customer-replies-question``: the
  customer answers the text (two-way SMS): an opt-out, a confirmed appointment, a task for an agent;
- ``rescheduled-appointment``: the customer calls back to move the visit: both calls are confirmed,
  the first visit's reminder is skipped (``superseded``), the new one's is sent;
- ``admin-resends``: a text never confirmed by the carrier, tried again by an operator
  (``aftercall resend``): a new execution and one more text, delivered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from aftercall.local.scenario import Scenario

KST = "+09:00"
MEMO = {
    "aftercall_purpose": "인터넷 요금제 변경 문의",
    "aftercall_status": "12월부터 500M 요금제로 변경 접수",
    "aftercall_desired_outcome": "다음 달부터 요금 인하",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}

OPTED_OUT = {**MEMO, "aftercall_opt_out": "yes"}  # "더 이상 문자 받지 않기"

Event = Callable[[str, datetime, str | None], dict[str, Any]]


def choice_scenarios(completed_event: Event, contact_id: Callable[[str], str]) -> list[Scenario]:
    return [
        _prefers_email(completed_event, contact_id),
        _opt_out(completed_event, contact_id),
        _rescheduled(completed_event, contact_id),
        _transferred(completed_event, contact_id),
        *_replies(completed_event, contact_id),
        _admin_resends(completed_event, contact_id),
    ]


def _admin_resends(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T16:00:00{KST}")
    cid, number = contact_id("admin-resends"), "+821020000039"
    return Scenario.model_validate(
        {
            "name": "admin-resends",
            "description": (
                "The carrier accepts the text but never confirms it (sent_unconfirmed); an operator runs "
                "aftercall resend: a new execution, one more text, delivered."
            ),
            "clock": clock.isoformat(),
            "events": [completed_event(cid, clock, None)],
            "contacts": [{"contactId": cid, "customerNumber": number, "attributes": MEMO}],
            "sms": {number: ["ACCEPTED_ONLY", "TEXT_DELIVERED"]},
            "expect": {cid: "sent_unconfirmed"},
            "resends": [{"contactId": cid, "channel": "sms", "expect": "delivered_sms"}],
        }
    )


def _prefers_email(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T15:00:00{KST}")
    cid = contact_id("prefers-email")
    attributes = {**MEMO, "aftercall_preferred_channel": "email", "aftercall_email": "customer@example.com"}
    return Scenario.model_validate(
        {
            "name": "prefers-email",
            "description": "The customer asked for email: the email goes first and no text is sent.",
            "clock": clock.isoformat(),
            "events": [completed_event(cid, clock, None)],
            "contacts": [{"contactId": cid, "customerNumber": "+821020000031", "attributes": attributes}],
            "expect": {cid: "delivered_email"},
        }
    )


def _opt_out(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T15:10:00{KST}")
    number = "+821020000032"
    first, later = contact_id("agent-records-opt-out/1"), contact_id("agent-records-opt-out/2")
    return Scenario.model_validate(
        {
            "name": "agent-records-opt-out",
            "description": "The customer asked for no more texts: none now, none on the next call either.",
            "clock": clock.isoformat(),
            "events": [
                completed_event(first, clock - timedelta(minutes=30), None),
                completed_event(later, clock, None),
            ],
            "contacts": [
                {"contactId": first, "customerNumber": number, "attributes": OPTED_OUT},
                {"contactId": later, "customerNumber": number, "attributes": MEMO},
            ],
            "expect": {first: "skipped:opted_out", later: "skipped:opted_out"},
        }
    )


def _visit(at: datetime) -> dict[str, str]:
    return {
        "aftercall_purpose": "에어컨 실외기 소음 점검 요청",
        "aftercall_status": "방문 점검 예약 완료",
        "aftercall_desired_outcome": "소음 원인 수리",
        "aftercall_strategy": "appointment",
        "aftercall_appointment_at": at.isoformat(),
        "aftercall_appointment_place": "서울 강남구 테헤란로 152, 고객님 댁",
        "aftercall_consent": "yes",
        "aftercall_locale": "ko-KR",
    }


def _rescheduled(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T15:20:00{KST}")
    number = "+821020000033"
    first, moved = contact_id("rescheduled-appointment/1"), contact_id("rescheduled-appointment/2")
    booked = datetime.fromisoformat(f"2026-11-29T10:30:00{KST}")
    rebooked = datetime.fromisoformat(f"2026-11-30T14:00:00{KST}")
    return Scenario.model_validate(
        {
            "name": "rescheduled-appointment",
            "description": "The visit is moved on a second call: only the new visit gets its reminder.",
            "clock": clock.isoformat(),
            "events": [
                completed_event(first, clock - timedelta(minutes=40), None),
                completed_event(moved, clock, None),
            ],
            "contacts": [
                {"contactId": first, "customerNumber": number, "attributes": _visit(booked)},
                {"contactId": moved, "customerNumber": number, "attributes": _visit(rebooked)},
            ],
            "expect": {first: "delivered_sms", moved: "delivered_sms"},
        }
    )


def _transferred(completed_event: Event, contact_id: Callable[[str], str]) -> Scenario:
    clock = datetime.fromisoformat(f"2026-11-26T15:30:00{KST}")
    number = "+821020000034"
    first, last = contact_id("transferred-call/1"), contact_id("transferred-call/2")
    leg = completed_event(last, clock, None)
    leg["detail"].update(initiationMethod="TRANSFER", previousContactId=first, initialContactId=first)
    interim = {**MEMO, "aftercall_status": "요금제 담당 부서로 연결"}
    final = {**MEMO, "aftercall_status": "12월부터 500M 요금제로 변경 완료"}
    return Scenario.model_validate(
        {
            "name": "transferred-call",
            "description": "A call transferred to a second agent: one text, from the last agent's memo.",
            "clock": clock.isoformat(),
            "events": [completed_event(first, clock - timedelta(minutes=6), None), leg],
            "contacts": [
                {"contactId": first, "customerNumber": number, "attributes": interim, "transferredTo": last},
                {"contactId": last, "customerNumber": number, "attributes": final},
            ],
            "expect": {first: "skipped:transferred_onward", last: "delivered_sms"},
        }
    )


def _replies(completed_event: Event, contact_id: Callable[[str], str]) -> list[Scenario]:
    clock = datetime.fromisoformat(f"2026-11-26T15:40:00{KST}")
    visit = _visit(datetime.fromisoformat(f"2026-11-29T10:30:00{KST}"))
    cases = (
        ("customer-replies-stop", "The customer answers 중지: opted out, no more texts.", MEMO, "중지"),
        ("customer-confirms-appointment", "The customer answers 1: the visit is confirmed.", visit, "1"),
        (
            "customer-replies-question",
            "The customer asks a question: an agent gets a task with it.",
            MEMO,
            "혹시 다음 달 요금부터 적용되나요?",
        ),
    )
    out = []
    for i, (name, description, memo, body) in enumerate(cases):
        cid = contact_id(name)
        seed = {"contactId": cid, "customerNumber": f"+82102000004{i}", "attributes": memo}
        out.append(
            Scenario.model_validate(
                {
                    "name": name,
                    "description": description,
                    "clock": clock.isoformat(),
                    "events": [completed_event(cid, clock, None)],
                    "contacts": [seed],
                    "replies": [{"contactId": cid, "body": body}],
                    "expect": {cid: "delivered_sms"},
                }
            )
        )
    return out
