"""The gate: which customer-facing memo lines may leave, and what happens to the rest.

Pure. For each customer-facing field (``GATED_FIELDS``) the gate collects findings of a class
(``Check``): the memo lint's judging, vague and spelling findings for that field, and its own
detectors (domain/sensitive.py) for markup, placeholders and identifying numbers. Each class has an
action (``GatePolicy``):

- ``send``: the line goes out as written (allowed for vague and spelling only);
- ``drop``: an optional line is left out; a required line (``REQUIRED_FIELDS``) takes the memo's
  neutral form: every memo line is left out and the text is the composer's generic one for its
  strategy and locale (thanks, the appointment time and place, the link, the number to call);
- ``hold``: nothing is composed for the customer; the follow-up becomes a task for the agent that
  says what to fix (domain/gate_notice.py).

The decision (``GateDecision.summary()``) names classes and fields only, never the memo's text, so
it is recorded on the follow-up and counted in metrics.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from aftercall.domain.gate_values import Action, Check, GateFinding, GateSummary
from aftercall.domain.memo import Memo
from aftercall.domain.sensitive import detect
from aftercall.domain.text_normal import is_blank

__all__ = ["Action", "Check", "GateFinding", "GateSummary"]  # the values, kept importable from here


# Never sent as written, whatever the configuration says.
NEVER_SENT = frozenset(Check) - {Check.VAGUE, Check.SPELLING}
_SEVERITY = {Action.SEND: 0, Action.DROP: 1, Action.HOLD: 2}

DEFAULT_ACTIONS: Mapping[Check, Action] = {
    Check.JUDGING: Action.HOLD,
    Check.MARKUP: Action.DROP,
    Check.PLACEHOLDER: Action.DROP,
    Check.CARD_NUMBER: Action.DROP,
    Check.RESIDENT_NUMBER: Action.DROP,
    Check.ACCOUNT_NUMBER: Action.DROP,
    Check.VAGUE: Action.SEND,
    Check.SPELLING: Action.SEND,
}

MEMO_TEXT_FIELDS = ("purpose", "status", "desired_outcome", "occurred_at", "problem", "progress")
APPOINTMENT_FIELDS = ("appointment_place", "appointment_bring")
GATED_FIELDS = (*MEMO_TEXT_FIELDS, *APPOINTMENT_FIELDS)
REQUIRED_FIELDS = frozenset({"purpose", "status", "desired_outcome"})
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")


class LintFinding(Protocol):
    """What the gate reads of a memo lint finding (aftercall.domain.memo_lint.Finding)."""

    @property
    def rule(self) -> Any: ...

    @property
    def field(self) -> str: ...


@dataclass(frozen=True)
class GatePolicy:
    """What the gate does for each check (the never-sent checks cannot be set to send)."""

    actions: Mapping[Check, Action] = field(default_factory=lambda: dict(DEFAULT_ACTIONS))

    def __post_init__(self) -> None:
        for check in NEVER_SENT:
            if self.action(check) is Action.SEND:
                raise ValueError(f"{check.value} findings are never sent as written: choose drop or hold")

    def action(self, check: Check) -> Action:
        return Action(self.actions.get(check, DEFAULT_ACTIONS[check]))


@dataclass(frozen=True)
class GateDecision:
    """The gate's answer for one memo: what may be said and why."""

    memo: Memo  # what may be said: gated lines emptied
    findings: tuple[GateFinding, ...] = ()
    action: Action = Action.SEND  # the strongest action taken
    neutral: bool = False  # a required line was dropped: the generic text

    @property
    def held(self) -> bool:
        return self.action is Action.HOLD

    def summary(self) -> GateSummary:
        return GateSummary(self.action, self.neutral, self.findings)


def field_texts(memo: Memo) -> dict[str, str]:
    """Every customer-facing text of ``memo`` by gate field name."""
    appointment = memo.appointment
    return {
        **{name: getattr(memo, name) for name in MEMO_TEXT_FIELDS},
        "appointment_place": appointment.place if appointment else "",
        "appointment_bring": appointment.bring if appointment else "",
    }


def without_placeholders(memo: Memo) -> Memo:
    """``memo`` with every customer-facing line that says nothing ("-", ".", "N/A", "없음") emptied:
    a placeholder is the agent's "nothing here", never a line for the customer to read."""
    blank = [name for name, text in field_texts(memo).items() if text and is_blank(text)]
    return _without(memo, blank) if blank else memo


def normalised(text: str) -> tuple[str, str]:
    """What the detectors look at: full-width forms folded, invisible characters removed, and the
    same with invisible characters read as spaces ("4111\u200b1111 …" is a card either way)."""
    folded = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", folded), _INVISIBLE.sub(" ", folded)


def _lint_check(rule: Any) -> Check | None:
    value = str(getattr(rule, "value", rule))
    return {"judging": Check.JUDGING, "vague": Check.VAGUE, "spelling": Check.SPELLING}.get(value)


def _checks(memo: Memo, findings: Iterable[LintFinding]) -> list[tuple[Check, str]]:
    found: list[tuple[Check, str]] = []
    texts = field_texts(memo)
    for f in findings:
        check = _lint_check(f.rule)
        if check is not None and f.field in texts and texts[f.field]:
            found.append((check, f.field))
    for name in GATED_FIELDS:
        for variant in normalised(texts[name]):
            found.extend((Check(kind.value), name) for kind in detect(variant))
    order = list(Check)
    return sorted(set(found), key=lambda cf: (GATED_FIELDS.index(cf[1]), order.index(cf[0])))


def _without(memo: Memo, names: Iterable[str]) -> Memo:
    names = set(names)
    empty: dict[str, Any] = {n: "" for n in names if n in MEMO_TEXT_FIELDS}
    memo = dataclasses.replace(memo, **empty)
    if memo.appointment is not None:
        memo = dataclasses.replace(
            memo,
            appointment=dataclasses.replace(
                memo.appointment,
                place="" if "appointment_place" in names else memo.appointment.place,
                bring="" if "appointment_bring" in names else memo.appointment.bring,
            ),
        )
    return memo


def gate_memo(memo: Memo, findings: Iterable[LintFinding], policy: GatePolicy | None = None) -> GateDecision:
    """Decide what of ``memo`` may reach a customer, given its lint (and spelling) findings."""
    policy = policy or GatePolicy()
    memo = without_placeholders(memo)
    gated = [GateFinding(check, name, policy.action(check)) for check, name in _checks(memo, findings)]
    acted = [g for g in gated if g.action is not Action.SEND]
    if not acted:
        return GateDecision(memo, tuple(gated))
    action = max((g.action for g in acted), key=_SEVERITY.__getitem__)
    neutral = action is Action.HOLD or any(g.field in REQUIRED_FIELDS for g in acted)
    dropped = {g.field for g in acted}
    if neutral:
        dropped |= {*MEMO_TEXT_FIELDS, "appointment_bring"}
    return GateDecision(_without(memo, dropped), tuple(gated), action, neutral)


def apply_summary(memo: Memo, summary: GateSummary) -> Memo:
    """``memo`` as a recorded decision lets it out (the email applies what the plan decided)."""
    dropped = {g.field for g in summary.findings if g.action is not Action.SEND}
    if summary.neutral or summary.held:
        dropped |= {*MEMO_TEXT_FIELDS, "appointment_bring"}
    return _without(without_placeholders(memo), dropped)


def summary_checks(summary: GateSummary | None) -> tuple[str, ...]:
    """The classes that were acted on (not sent), for logs and metrics."""
    if summary is None:
        return ()
    return tuple(sorted({g.check.value for g in summary.findings if g.action is not Action.SEND}))
