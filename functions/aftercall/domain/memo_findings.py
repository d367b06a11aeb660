"""What the memo lint finds, as values: a finding's rule, its field, the phrase, how severe it is.

Apart from the lint itself (domain/memo_lint.py) so that reading a stored memo's findings does not
load the lint's word lists and patterns.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum


class Rule(StrEnum):
    MISSING = "missing"  # a required part (purpose, status, desired outcome) is empty
    VAGUE = "vague"  # a phrase that says nothing precise
    JUDGING = "judging"  # an emotional or judging word about the customer
    APPOINTMENT_INCOMPLETE = "appointment_incomplete"
    EMPTY = "empty"  # no memo at all
    MISSING_DETAIL = "missing_detail"  # when / what exactly / how far handled is empty
    UNDATED = "undated"  # a time word that pins no day, in occurred_at or a typed appointment time
    # Hooks for the gate's modules: masking at ingest (domain/sensitive.py), spelling (domain/spelling.py).
    PII_MASKED = "pii_masked"  # a card or resident registration number was masked before storing
    SPELLING = "spelling"  # a word no dictionary knows (not run at ingest)


class Severity(StrEnum):
    FIX = "fix"  # the memo is not good until this is fixed
    ADVICE = "advice"  # the memo would be more accurate with this


SEVERITY: dict[Rule, Severity] = {
    Rule.EMPTY: Severity.FIX,
    Rule.MISSING: Severity.FIX,
    Rule.VAGUE: Severity.FIX,
    Rule.JUDGING: Severity.FIX,
    Rule.APPOINTMENT_INCOMPLETE: Severity.FIX,
    Rule.UNDATED: Severity.FIX,
    Rule.MISSING_DETAIL: Severity.ADVICE,
    Rule.PII_MASKED: Severity.FIX,
    Rule.SPELLING: Severity.FIX,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding: the rule, the field and, for some rules, the phrase."""

    rule: Rule
    field: str
    phrase: str = ""

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.rule]

    def to_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}
