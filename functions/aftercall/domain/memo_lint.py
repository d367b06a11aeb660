"""Memo lint: a good memo is quick, accurate and polite (see docs/memo-attributes.md).

Pure functions over a Memo. A finding names a rule, the field and, for phrase rules, the matched
phrase from our own list (never the agent's surrounding text), so findings are safe to log.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from enum import StrEnum

from aftercall.domain.memo import REQUIRED_FIELDS, Memo, Strategy


class Rule(StrEnum):
    MISSING = "missing"  # a required part is empty
    VAGUE = "vague"  # a phrase that says nothing precise
    JUDGING = "judging"  # an emotional or judging word about the customer
    APPOINTMENT_INCOMPLETE = "appointment_incomplete"
    EMPTY = "empty"  # no memo at all
    # Hooks for the gate's modules: masking at ingest (domain/sensitive.py), spelling (domain/spelling.py).
    PII_MASKED = "pii_masked"  # a card or resident registration number was masked before storing
    SPELLING = "spelling"  # a word no dictionary knows (not run at ingest)


@dataclass(frozen=True, slots=True)
class Finding:
    rule: Rule
    field: str
    phrase: str = ""

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


# Vague phrases: they promise checking without saying what, or say "problem" without saying which.
VAGUE_PHRASES: tuple[str, ...] = (
    "확인 필요",
    "확인필요",
    "확인 요망",
    "문제 있음",
    "문제있음",
    "이상 있음",
    "추후 안내",
    "처리 예정",
    "needs checking",
    "need to check",
    "to be checked",
    "has an issue",
    "has issues",
    "some problem",
    "something wrong",
    "will follow up",
    "tbd",
)

# Emotional or judging words about the customer: memos state facts and situations only.
JUDGING_WORDS: tuple[str, ...] = (
    "진상",
    "블랙컨슈머",
    "막무가내",
    "무례",
    "짜증",
    "화냄",
    "소리지름",
    "이상한 고객",
    "rude",
    "angry",
    "crazy",
    "stupid",
    "annoying",
    "difficult customer",
    "aggressive",
    "idiot",
    "hysterical",
)


def contains_phrase(text: str, phrase: str) -> bool:
    """Latin phrases match whole words, case-insensitively; others (Hangul) match as substrings."""
    if re.fullmatch(r"[\w ]+", phrase, flags=re.ASCII):
        return re.search(rf"\b{re.escape(phrase)}\b", text, flags=re.IGNORECASE) is not None
    return phrase in text


def lint_memo(memo: Memo) -> list[Finding]:
    """Return the memo's findings, in field order; an empty list means the memo is good."""
    if memo.is_empty:
        return [Finding(Rule.EMPTY, "memo")]
    findings: list[Finding] = []
    fields = memo.customer_fields()
    for key in REQUIRED_FIELDS:
        name = key.value.removeprefix("aftercall_")
        if not fields[name]:
            findings.append(Finding(Rule.MISSING, name))
    texts = {**fields, "agent_note": memo.agent_note}
    for name, text in texts.items():
        if not text:
            continue
        findings.extend(Finding(Rule.VAGUE, name, p) for p in VAGUE_PHRASES if contains_phrase(text, p))
        findings.extend(Finding(Rule.JUDGING, name, w) for w in JUDGING_WORDS if contains_phrase(text, w))
    if memo.strategy is Strategy.APPOINTMENT and (memo.appointment is None or not memo.appointment.place):
        findings.append(Finding(Rule.APPOINTMENT_INCOMPLETE, "appointment"))
    return findings
