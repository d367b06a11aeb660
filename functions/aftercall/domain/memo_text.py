"""A memo written as one free text (``aftercall_memo``): its labelled lines fill the structured fields.

Many agents type the memo as one block of text. It is stored whole and never sent: only what a
labelled line says reaches a structured field, and only the structured fields ever reach a customer.
A labelled line is a known label followed by a colon (``목적: 환불 문의``, ``Status: refund
submitted``) or in brackets (``[목적] 환불 문의``), optionally after a bullet (``-``, ``*``, ``•``,
``1.``). Several labelled parts may share a line when separated by `` / `` or `` | ``
(``목적: 카드 분실 / 상태: 정지 완료``). A structured attribute the agent filled wins over a label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aftercall.domain.text_normal import LazyPattern

# Field name → the labels agents write for it (Korean and English; matched without case).
LABELS: dict[str, tuple[str, ...]] = {
    "purpose": (
        "목적",
        "문의",
        "문의 내용",
        "문의내용",
        "용건",
        "purpose",
        "reason for call",
        "reason",
        "inquiry",
    ),
    "status": ("상태", "현재 상태", "현재상태", "진행 상태", "status", "current status"),
    "desired_outcome": (
        "원하는 결과",
        "요청",
        "요청 사항",
        "요청사항",
        "고객 요청",
        "desired outcome",
        "customer wants",
        "request",
        "outcome",
    ),
    "occurred_at": (
        "발생 시각",
        "발생시각",
        "발생 일시",
        "발생일시",
        "발생일",
        "when",
        "occurred at",
        "occurred",
    ),
    "problem": ("문제", "문제점", "증상", "problem", "issue"),
    "progress": (
        "처리",
        "처리 내용",
        "처리내용",
        "진행 상황",
        "조치",
        "조치 내용",
        "progress",
        "action taken",
        "actions taken",
    ),
}
_FIELD_OF = {label: field for field, labels in LABELS.items() for label in labels}
_LABEL = "|".join(re.escape(label) for label in sorted(_FIELD_OF, key=len, reverse=True))
_LABELLED = LazyPattern(
    rf"^\s*(?:[-*•·▶>]+\s*|\d{{1,2}}[.)]\s*)?(?:\[\s*(?P<bracketed>{_LABEL})\s*\]\s*[:：]?|(?P<colon>{_LABEL})\s*[:：])"
    r"\s*(?P<value>.*?)\s*$",
    flags=re.IGNORECASE,
)
_SEPARATOR = LazyPattern(rf"\s+[/|]\s+(?=(?:\[\s*)?(?:{_LABEL})\s*(?:\]|[:：]))", flags=re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Segment:
    """One line of free text and the structured field its label names."""

    text: str  # the segment as written, label included
    field: str = ""  # the structured field a label names; "" when unlabelled
    value: str = ""  # what follows the label


def segments(free_text: str) -> list[Segment]:
    """The free text cut into lines (and `` / ``-separated labelled parts), each labelled or not."""
    found: list[Segment] = []
    for line in (free_text or "").replace("\r\n", "\n").split("\n"):
        for part in _SEPARATOR.split(line):
            if not part.strip():
                continue
            match = _LABELLED.match(part)
            if match is None:
                found.append(Segment(part.strip()))
                continue
            label = (match.group("bracketed") or match.group("colon")).lower()
            found.append(Segment(part.strip(), _FIELD_OF[label], match.group("value")))
    return found


def labelled_fields(free_text: str) -> dict[str, str]:
    """Each field's value from its first non-empty labelled line."""
    fields: dict[str, str] = {}
    for segment in segments(free_text):
        if segment.field and segment.value and segment.field not in fields:
            fields[segment.field] = segment.value
    return fields


def unused_text(free_text: str, fields: dict[str, str]) -> str:
    """The free text less the labelled lines whose value became a field: what only the free text says."""
    kept = [
        s.text for s in segments(free_text) if not (s.field and s.value and fields.get(s.field) == s.value)
    ]
    return "\n".join(kept)
