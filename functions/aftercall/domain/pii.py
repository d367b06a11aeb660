"""Masking before the memo is stored: card and resident registration numbers, in every field.

Contact attributes are the agent's free text, and agents paste what the customer read out. The memo
is kept for months, so a card number (PCI DSS forbids storing it in the clear) or a resident
registration number is masked before the first write, in every field: the customer-facing ones,
the agent-only note, the appointment, and any other ``aftercall_*`` attribute kept with the memo.
The last four digits stay (domain/sensitive.py); the finding names the field and the kind of number,
never the number.
"""

from __future__ import annotations

import dataclasses

from aftercall.domain.memo import Memo
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.sensitive import mask_numbers

_TEXT_FIELDS = ("purpose", "status", "desired_outcome", "occurred_at", "problem", "progress", "agent_note")


def mask_memo(memo: Memo) -> tuple[Memo, tuple[Finding, ...]]:
    """``memo`` with card and resident registration numbers masked; one finding per field and kind."""
    findings: list[Finding] = []

    def masked(name: str, text: str) -> str:
        if not text:
            return text
        out, kinds = mask_numbers(text)
        findings.extend(Finding(Rule.PII_MASKED, name, kind.value) for kind in kinds)
        return out

    changes: dict[str, object] = {name: masked(name, getattr(memo, name)) for name in _TEXT_FIELDS}
    if memo.appointment is not None:
        changes["appointment"] = dataclasses.replace(
            memo.appointment,
            place=masked("appointment_place", memo.appointment.place),
            bring=masked("appointment_bring", memo.appointment.bring),
        )
    changes["free_text"] = masked("memo", memo.free_text)  # aftercall_memo: findings name it "memo"
    changes["extra"] = {key: masked(key, value) for key, value in memo.extra.items()}
    if not findings:
        return memo, ()
    return dataclasses.replace(memo, **changes), tuple(findings)  # type: ignore[arg-type]
