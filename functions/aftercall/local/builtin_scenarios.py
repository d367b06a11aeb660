"""The built-in demo scenarios, built from real Connect payloads (local/scenarios/*.json).

Each scenario starts from the documented COMPLETED contact event and the real-world contact record
and changes only what the story needs (the number, the memo attributes, the timestamps), so every
trigger still has the shape AWS sends.
"""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any

from aftercall.local.scenario import ContactSeed, PreferenceSeed, Scenario

KST = "+09:00"
KO_MEMO = {
    "aftercall_purpose": "11월 요금 중복 청구 문의",
    "aftercall_status": "중복 청구 12,000원 확인, 환불 접수 완료",
    "aftercall_desired_outcome": "중복 청구분 환불",
    "aftercall_occurred_at": "2026-11-20",
    "aftercall_progress": "3영업일 안에 환불 예정",
    "aftercall_agent_note": "고객이 같은 건으로 두 번째 문의",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}
EN_DETAIL_MEMO = {
    "aftercall_purpose": "Router keeps dropping the connection",
    "aftercall_status": "Line test passed; firmware 2.1 is out of date",
    "aftercall_desired_outcome": "A stable connection without a technician visit",
    "aftercall_problem": "Wi-Fi drops every 20 minutes since 2026-11-18",
    "aftercall_progress": "Firmware update guide sent; remote check booked",
    "aftercall_strategy": "detail",
    "aftercall_links": "https://example.com/help/router-firmware",
    "aftercall_consent": "yes",
    "aftercall_locale": "en-US",
}


@cache
def _payload(name: str) -> Any:
    text = resources.files("aftercall.local").joinpath("scenarios", name).read_text(encoding="utf-8")
    return json.loads(text)


def _utc(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def contact_id(label: str) -> str:
    """A stable, UUID-shaped contact id per label, like Connect's."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"aftercall-demo/{label}"))


def completed_event(cid: str, ended: datetime, number: str | None) -> dict[str, Any]:
    """The documented COMPLETED event for ``cid``, ending at ``ended`` (after-call work: 90 s)."""
    event = copy.deepcopy(_payload("contact_event_completed.json"))
    detail = event["detail"]
    instance = detail["instanceArn"]
    event["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"event/{cid}"))
    event["time"] = _utc(ended + timedelta(seconds=93))
    event["resources"] = [f"{instance}/contact/{cid}", instance]
    started = ended - timedelta(minutes=9)
    detail.update(
        contactId=cid,
        initialContactId=cid,
        initiationTimestamp=_utc(started),
        connectedToSystemTimestamp=_utc(started),
        disconnectTimestamp=_utc(ended),
    )
    detail["queueInfo"]["enqueueTimestamp"] = _utc(started + timedelta(seconds=40))
    detail["agentInfo"]["connectedToAgentTimestamp"] = _utc(started + timedelta(seconds=75))
    detail["agentInfo"]["afterContactWorkStartTimestamp"] = _utc(ended)
    detail["agentInfo"]["afterContactWorkEndTimestamp"] = _utc(ended + timedelta(seconds=90))
    if number is None:
        detail.pop("customerEndpoint", None)
    else:
        detail["customerEndpoint"]["address"] = number
    return event


def contact_record(cid: str, ended: datetime, number: str, attributes: dict[str, str]) -> dict[str, Any]:
    """The real-world contact record for ``cid`` (not transferred), arriving two minutes after the call."""
    record = copy.deepcopy(_payload("contact_record.json"))
    record.update(
        ContactId=cid,
        DisconnectTimestamp=_utc(ended),
        LastUpdateTimestamp=_utc(ended + timedelta(minutes=2)),
        TransferCompletedTimestamp=None,
        TransferredToEndpoint=None,
        Attributes=dict(attributes),
    )
    record["CustomerEndpoint"]["Address"] = number
    return record


def _event_only(
    label: str, ended: datetime, number: str, attributes: dict[str, str]
) -> tuple[str, dict[str, Any], ContactSeed]:
    cid = contact_id(label)
    seed = ContactSeed(contact_id=cid, customer_number=number, attributes=attributes)
    return cid, completed_event(cid, ended, None), seed


def _simple(
    name: str,
    description: str,
    clock: str,
    number: str,
    attributes: dict[str, str],
    expect: str,
    **script: Any,
) -> Scenario:
    ended = datetime.fromisoformat(clock)
    cid, event, seed = _event_only(name, ended, number, attributes)
    return Scenario.model_validate(
        {
            "name": name,
            "description": description,
            "clock": clock,
            "events": [event],
            "contacts": [seed.model_dump(by_alias=True)],
            "expect": {cid: expect},
            **script,
        }
    )


def _appointment_memo(ended: datetime) -> dict[str, str]:
    at = (ended + timedelta(days=3)).replace(hour=10, minute=30, second=0, microsecond=0)
    return {
        "aftercall_purpose": "에어컨 실외기 소음 점검 요청",
        "aftercall_status": "방문 점검 예약 완료",
        "aftercall_desired_outcome": "소음 원인 수리",
        "aftercall_strategy": "appointment",
        "aftercall_appointment_at": at.isoformat(),
        "aftercall_appointment_place": "서울 강남구 테헤란로 152, 고객님 댁",
        "aftercall_appointment_bring": "제품 보증서",
        "aftercall_consent": "yes",
        "aftercall_locale": "ko-KR",
    }


def _duplicates() -> Scenario:
    copies = copy.deepcopy(_payload("contact_record_six_copies.json"))
    number = "+821020000008"
    cid = copies[0]["ContactId"]
    for record in copies:
        record["CustomerEndpoint"]["Address"] = number
        record["TransferCompletedTimestamp"] = None
        record["TransferredToEndpoint"] = None
        record["Attributes"].update(KO_MEMO)
    ended = datetime.fromisoformat(copies[0]["DisconnectTimestamp"].replace("Z", "+00:00"))
    event = completed_event(cid, ended, number)
    return Scenario.model_validate(
        {
            "name": "duplicate-triggers",
            "description": "The contact event plus six copies of its contact record (at least once, "
            "re-emitted on update): one memo, one execution, one text.",
            "clock": ended.astimezone().isoformat(),
            "events": [event],
            "records": copies,
            "contacts": [{"contactId": cid, "customerNumber": number, "attributes": KO_MEMO}],
            "expect": {cid: "delivered_sms"},
        }
    )


def _burst(size: int = 50) -> Scenario:
    ended = datetime.fromisoformat(f"2026-11-25T14:00:00{KST}")
    records = [
        contact_record(contact_id(f"burst-{i}"), ended, f"+8210300{i:05d}", KO_MEMO) for i in range(size)
    ]
    return Scenario.model_validate(
        {
            "name": "burst-50",
            "description": f"{size} calls end at once; the provider allows 3 parts/s (toll-free) and "
            "throttles above it: the sender paces, nothing is lost or sent twice.",
            "clock": ended.isoformat(),
            "records": records,
            "partsPerSecond": 3,
            "expect": {r["ContactId"]: "delivered_sms" for r in records},
        }
    )


def builtin_scenarios() -> list[Scenario]:
    missing_memo = {"aftercall_consent": "yes"}
    quiet_clock = f"2026-11-25T23:10:00{KST}"
    return [
        _simple(
            "delivered-first-try",
            "ko-KR confirm: the text is delivered on the first try.",
            f"2026-11-25T10:30:00{KST}",
            "+821020000001",
            KO_MEMO,
            "delivered_sms",
        ),
        _simple(
            "detail-with-link",
            "en-US detail: key facts and a link to the short-lived detail page.",
            "2026-11-25T10:30:00-08:00",
            "+12065550142",
            EN_DETAIL_MEMO,
            "delivered_sms",
        ),
        _simple(
            "appointment-with-reminder",
            "Appointment confirmation now, a reminder 24 h before the visit.",
            f"2026-11-25T11:00:00{KST}",
            "+821020000003",
            _appointment_memo(datetime.fromisoformat(f"2026-11-25T11:00:00{KST}")),
            "delivered_sms",
        ),
        _simple(
            "transient-then-delivered",
            "The handset is unreachable once; the retry with backoff is delivered.",
            f"2026-11-25T10:40:00{KST}",
            "+821020000004",
            KO_MEMO,
            "delivered_sms",
            sms={"+821020000004": ["TEXT_CARRIER_UNREACHABLE", "TEXT_DELIVERED"]},
        ),
        _simple(
            "permanent-then-email",
            "The carrier blocks the text (permanent): no SMS retry, the email is delivered.",
            f"2026-11-25T10:50:00{KST}",
            "+821020000005",
            {**KO_MEMO, "aftercall_email": "customer5@example.com"},
            "delivered_email",
            sms={"+821020000005": ["TEXT_CARRIER_BLOCKED"]},
            email={"customer5@example.com": ["Delivery"]},
        ),
        _simple(
            "email-bounce-then-task",
            "The text is blocked, the email bounces: an agent gets a callback task.",
            f"2026-11-25T11:10:00{KST}",
            "+821020000006",
            {**KO_MEMO, "aftercall_email": "bounce@example.com"},
            "task_created",
            sms={"+821020000006": ["TEXT_BLOCKED"]},
            email={"bounce@example.com": ["Bounce.Permanent"]},
        ),
        _simple(
            "opted-out-customer",
            "The customer replied STOP earlier: no text is sent.",
            f"2026-11-25T11:20:00{KST}",
            "+821020000007",
            KO_MEMO,
            "skipped",
            preferences=[PreferenceSeed(phone="+821020000007", opted_out=True).model_dump(by_alias=True)],
        ),
        _duplicates(),
        _simple(
            "quiet-hours-deferral",
            "The call ends at 23:10 in Seoul: the text waits until 08:00, it is not dropped.",
            quiet_clock,
            "+821020000009",
            KO_MEMO,
            "delivered_sms",
        ),
        _simple(
            "landline-skip",
            "The customer called from a landline: no text, the reason is recorded.",
            f"2026-11-25T11:30:00{KST}",
            "+8222345678",
            KO_MEMO,
            "skipped",
        ),
        _simple(
            "invalid-number-skip",
            "DescribeContact returns a number that is not valid E.164: skipped with a reason.",
            f"2026-11-25T11:35:00{KST}",
            "+190011112222",
            KO_MEMO,
            "skipped",
        ),
        _simple(
            "missing-memo",
            "The agent wrote no memo: a generic confirmation goes out and the lint findings are stored.",
            f"2026-11-25T11:40:00{KST}",
            "+821020000010",
            missing_memo,
            "delivered_sms",
        ),
        *_gate(),
        *_agent_side(),
        *_choices(),
        *_whatsapp(),
        *_templates(),
        _odd_input(),
        _burst(),
    ]


def _odd_input() -> Scenario:
    from aftercall.local.odd_input_scenario import odd_input_scenario  # it builds on the payloads above

    return odd_input_scenario(KO_MEMO, completed_event, contact_record, contact_id)


def _choices() -> list[Scenario]:
    from aftercall.local.choice_scenarios import choice_scenarios  # it builds on the payloads above

    return choice_scenarios(completed_event, contact_id)


def _whatsapp() -> list[Scenario]:
    from aftercall.local.whatsapp_scenarios import whatsapp_scenarios  # it builds on the payloads above

    return whatsapp_scenarios(completed_event, contact_id)


def _agent_side() -> list[Scenario]:
    from aftercall.local.agent_scenarios import agent_scenarios  # it builds on the payloads above

    return agent_scenarios(completed_event, contact_id)


def _gate() -> list[Scenario]:
    from aftercall.local.gate_scenarios import gate_scenarios  # it builds on _simple above

    return gate_scenarios(_simple)


def _templates() -> list[Scenario]:
    from aftercall.local.template_scenarios import template_scenarios  # it builds on the payloads above

    return template_scenarios(completed_event, contact_id)
