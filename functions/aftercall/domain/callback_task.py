"""The callback task an agent gets when the follow-up reached nobody: in the agent's language, the
failure in plain words (never raw statuses such as ``TEXT_BLOCKED``), what the call was about, the
number to call, and a time in the contact center's opening hours.

What the call was about is the memo's customer-facing lines (purpose, status, desired outcome): the
agent must know why to call without opening another contact. Never the agent-only note, and never a
line the gate left out of the customer's text. The task lives in Connect's contact records, which
``aftercall forget`` cannot erase (docs/reliability.md).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo

from aftercall.domain.followup import AttemptView
from aftercall.domain.memo import Memo
from aftercall.domain.text_normal import is_blank

DESCRIPTION_LIMIT = 4096  # StartTaskContact's Description
MAX_LINE = 200
MAX_SCHEDULE_AHEAD = timedelta(days=6)  # StartTaskContact schedules at most 6 days ahead

_NAMES = {
    ("ko-KR", "followup"): "후속 안내 미전달: 고객에게 전화해 주세요",
    ("ko-KR", "reminder"): "예약 알림 미전달: 고객에게 전화해 주세요",
    ("en-US", "followup"): "Follow-up not delivered: please call the customer",
    ("en-US", "reminder"): "Appointment reminder not delivered: please call the customer",
}
_LABELS = {
    "ko-KR": ("문의 목적", "현재 상태", "원하는 결과", "연락처", "고객에게 보낸 내용의 요점입니다."),
    "en-US": ("Purpose", "Status", "Desired outcome", "Number", "What the customer was to be told."),
}


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """When agents take callbacks, in the contact center's zone: ``days`` 0 = Monday."""

    start: time
    end: time
    days: frozenset[int]
    zone: tzinfo

    def next_open(self, now: datetime) -> datetime | None:
        """``now`` when open, else the next opening (at most 6 days ahead); None when none is."""
        local = now.astimezone(self.zone)
        for offset in range(7):
            day = (local + timedelta(days=offset)).date()
            if day.weekday() not in self.days:
                continue
            opens = datetime.combine(day, self.start, tzinfo=self.zone)
            closes = datetime.combine(day, self.end, tzinfo=self.zone)
            if offset == 0 and opens <= local < closes:
                return now
            if local < opens and opens - local <= MAX_SCHEDULE_AHEAD:
                return opens
        return None


# What went wrong, by what was tried: (Korean, English).
_FAILURES = {
    "reminder": (
        "예약 알림이 고객에게 전달되지 않았습니다.",
        "The appointment reminder did not reach the customer.",
    ),
    "both": (
        "문자와 이메일이 모두 전달되지 않았습니다.",
        "Neither the text nor the email reached the customer.",
    ),
    "sms": (
        "문자가 전달되지 않았고, 보낼 이메일 주소가 없습니다.",
        "The text was not delivered, and there is no email address to try.",
    ),
    "email": (
        "이메일이 전달되지 않았습니다(이 번호로는 문자를 보낼 수 없습니다).",
        "The email was not delivered (this number cannot take texts).",
    ),
    "nothing": ("고객에게 아무것도 보낼 수 없었습니다.", "Nothing could be sent to the customer."),
}


def failure_words(attempts: Sequence[AttemptView], locale: str, kind: str) -> str:
    """What went wrong, as an agent would say it (never a raw status)."""
    tried = {a.channel for a in attempts}
    if kind == "reminder":
        case = "reminder"
    elif {"sms", "email"} <= tried:
        case = "both"
    else:
        case = "sms" if "sms" in tried else "email" if "email" in tried else "nothing"
    return _FAILURES[case][0 if locale == "ko-KR" else 1]


def task_name(locale: str, kind: str) -> str:
    return _NAMES.get((locale, kind), _NAMES[("en-US", kind if kind == "reminder" else "followup")])


def task_description(
    attempts: Sequence[AttemptView],
    memo: Memo,
    shown: Collection[str],
    number: str | None,
    locale: str,
    kind: str,
) -> str:
    """The failure, the memo's customer-facing lines the customer was to read (``shown``: the fields the
    gate let out), and the number to call."""
    labels = _LABELS.get(locale, _LABELS["en-US"])
    lines = [failure_words(attempts, locale, kind), labels[4]]
    for label, name in zip(labels[:3], ("purpose", "status", "desired_outcome"), strict=True):
        value = getattr(memo, name)
        if name in shown and not is_blank(value):
            lines.append(f"{label}: {' '.join(value.split())[:MAX_LINE]}")
    if number:
        lines.append(f"{labels[3]}: {number}")
    return "\n".join(lines)[:DESCRIPTION_LIMIT]
