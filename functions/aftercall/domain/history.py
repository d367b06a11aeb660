"""A customer's earlier calls as the next agent reads them: flat Connect attributes in plain words.

Connect shows contact attributes to the agent and a flow Lambda may return only a flat map of
strings, so each call is a few ``history_{i}_*`` keys plus one short summary. Only what the customer
said and what was done (the customer-facing fields), never another agent's agent-only note unless
the contact center allows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from aftercall.domain.appointment import appointment_start
from aftercall.domain.locale_formats import KO_KR, long_date, short_datetime
from aftercall.domain.memo import Memo, MemoKey
from aftercall.domain.text_normal import is_blank

MAX_VALUE = 200  # characters per field: the agent reads a line, not the memo
MAX_SUMMARY = 1200  # the whole response stays far below Connect's 32 KB limit
SLOTS = 3  # history_{i}_* always answered for i in 1..3: the flow module copies those keys
_PER_CALL = ("date", "purpose", "status", "desired_outcome", "progress", "appointment", "followup")


def empty_history() -> dict[str, str]:
    """No earlier call: every key the flow module reads, empty."""
    return pad({"history_count": "0", "history_summary": ""})


def pad(attributes: dict[str, str]) -> dict[str, str]:
    """The keys of the slots no call filled, as empty strings (a flow reading a missing key fails)."""
    blanks = {f"history_{i}_{name}": "" for i in range(1, SLOTS + 1) for name in _PER_CALL}
    return {**blanks, **attributes}


_FIELDS = ("purpose", "status", "desired_outcome", "progress")
_LABELS = {
    KO_KR: {"purpose": "목적", "status": "상태", "desired_outcome": "원하는 결과", "progress": "처리"},
    "en-US": {"purpose": "Purpose", "status": "Status", "desired_outcome": "Wants", "progress": "Done"},
}

# What became of the call's follow-up (the follow-up item's outcome), in the agent's words.
_OUTCOMES = {
    "delivered_sms": ("문자 전달됨", "text delivered"),
    "delivered_email": ("문자 대신 이메일 전달됨", "fell back to email: delivered"),
    "sent_unconfirmed": ("문자 발송됨(전달 확인 없음)", "text sent, delivery not confirmed"),
    "task_created": ("문자·이메일 모두 실패: 콜백 업무 생성됨", "text and email failed: callback task"),
    "held_for_review": ("메모 수정이 필요해 보류됨", "held: the memo needed fixing"),
    "failed": ("후속 안내 실패", "follow-up failed"),
    "skipped:opted_out": ("고객이 문자 수신을 거부함", "customer opted out of texts"),
    "skipped:no_consent": ("고객 동의가 없어 보내지 않음", "not sent: no consent"),
    "skipped:frequency_cap": ("발송 횟수 제한으로 보내지 않음", "not sent: frequency cap"),
    "skipped:transferred_onward": (
        "다른 상담원에게 연결됨(마지막 통화에서 안내)",
        "transferred: followed up from the last leg",
    ),
}
_PLANNED = ("발송 예정", "follow-up planned")
_NO_FOLLOWUP = ("후속 안내 없음", "no follow-up")
_NOT_SENT = ("보내지 않음", "not sent")


@dataclass(frozen=True, slots=True)
class PastCall:
    """One earlier call of a customer and what became of its follow-up."""

    contact_id: str
    ended_at: datetime
    memo: Memo
    followup_outcome: str | None  # the follow-up item's outcome; None while it runs
    has_followup: bool
    appointment_confirmed: bool = False  # the customer replied to confirm it


def followup_words(call: PastCall, locale: str) -> str:
    ko = locale == KO_KR
    if not call.has_followup:
        return _NO_FOLLOWUP[0 if ko else 1]
    if call.followup_outcome is None:
        return _PLANNED[0 if ko else 1]
    known = _OUTCOMES.get(call.followup_outcome)
    if known:
        return known[0 if ko else 1]
    if call.followup_outcome.startswith("skipped:"):
        return _NOT_SENT[0 if ko else 1]
    return call.followup_outcome.replace("_", " ")


def open_appointment(memo: Memo, now: datetime, zone: tzinfo, locale: str) -> str:
    """The appointment in words while it is still ahead and not cancelled; "" otherwise."""
    appointment = memo.appointment
    if appointment is None or memo.choice(MemoKey.APPOINTMENT_STATUS) == "cancelled":
        return ""
    start = appointment_start(appointment, zone)
    if start is None or start <= now:
        return ""
    words = short_datetime(start.astimezone(zone), locale)
    return _short(f"{words} · {appointment.place}" if not is_blank(appointment.place) else words)


def history_attributes(
    calls: Sequence[PastCall],
    *,
    locale: str,
    zone: tzinfo,
    now: datetime,
    include_agent_notes: bool = False,
) -> dict[str, str]:
    """``history_count``, ``history_summary`` and ``history_{i}_*`` for each call, newest first."""
    labels = _LABELS.get(locale, _LABELS["en-US"])
    out: dict[str, str] = {"history_count": str(len(calls))}
    lines: list[str] = []
    for i, call in enumerate(calls, start=1):
        fields = call.memo.customer_fields()
        date = long_date(call.ended_at.astimezone(zone), locale)
        appointment = open_appointment(call.memo, now, zone, locale)
        if appointment and call.appointment_confirmed:
            appointment += " (고객 확인)" if locale == KO_KR else " (confirmed by the customer)"
        followup = followup_words(call, locale)
        out[f"history_{i}_date"] = date
        for name in _FIELDS:
            out[f"history_{i}_{name}"] = "" if is_blank(fields[name]) else _short(fields[name])
        out[f"history_{i}_appointment"] = appointment
        out[f"history_{i}_followup"] = followup
        if include_agent_notes:
            note = call.memo.agent_note
            out[f"history_{i}_agent_note"] = "" if is_blank(note) else _short(note)
        said = [f"{labels[n]}: {out[f'history_{i}_{n}']}" for n in _FIELDS if out[f"history_{i}_{n}"]]
        extra = [appointment] if appointment else []
        lines.append(" · ".join([f"{i}) {date}", *said, *extra, followup]))
    out["history_summary"] = _short("\n".join(lines), MAX_SUMMARY)
    return pad(out)


def _short(text: str, limit: int = MAX_VALUE) -> str:
    text = " ".join(text.split()) if limit == MAX_VALUE else text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
