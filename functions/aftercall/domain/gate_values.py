"""The gate's decision as values: what a follow-up records and a store, a notice or a metric reads.

Apart from the gate itself (domain/gate.py), so that reading a follow-up does not load the memo and
the detectors the gate decides with.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Check(StrEnum):
    JUDGING = "judging"
    MARKUP = "markup"
    PLACEHOLDER = "placeholder"
    CARD_NUMBER = "card_number"
    RESIDENT_NUMBER = "resident_number"
    ACCOUNT_NUMBER = "account_number"
    VAGUE = "vague"
    SPELLING = "spelling"


class Action(StrEnum):
    SEND = "send"
    DROP = "drop"
    HOLD = "hold"


@dataclass(frozen=True, slots=True)
class GateFinding:
    """One check the gate acted on, in one field (never the text)."""

    check: Check
    field: str
    action: Action

    def to_dict(self) -> dict[str, str]:
        return {"check": self.check.value, "field": self.field, "action": self.action.value}


@dataclass(frozen=True, slots=True)
class GateSummary:
    """The decision as recorded on the follow-up: classes and fields, never text."""

    action: Action
    neutral: bool = False
    findings: tuple[GateFinding, ...] = ()

    @property
    def held(self) -> bool:
        return self.action is Action.HOLD
