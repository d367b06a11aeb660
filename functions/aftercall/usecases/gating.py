"""The gate where texts are composed: the plan (SMS, and the route when it holds), the email, the page.

One decision per follow-up: the plan gates the stored memo with its stored lint findings (and the
spelling findings, where the spelling check runs), records the summary on the follow-up and counts
it; the email applies the recorded summary; the detail page, which knows no follow-up item, gates the
memo again with the same policy (the same inputs give the same decision).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.gate import Action, GateDecision, GatePolicy, GateSummary, apply_summary, gate_memo
from aftercall.domain.memo import Memo
from aftercall.domain.memo_lint import lint_memo
from aftercall.observability import logger
from aftercall.usecases.metrics import count_by

GATED = "Gated"  # metric: one per finding acted on, dimension rule

SpellingCheck = Callable[[Memo], Iterable[Any]]  # memo → findings with .rule "spelling" and .field


def findings_of(record: ContactMemo) -> list[Any]:
    """The stored lint findings and today's lint: a memo stored before a rule existed is gated too."""
    return [*record.findings, *lint_memo(record.memo)]


def gate_record(
    record: ContactMemo, policy: GatePolicy, spelling: SpellingCheck | None = None
) -> GateDecision:
    findings = findings_of(record)
    if spelling is not None:
        findings.extend(spelling(record.memo))
    return gate_memo(record.memo, findings, policy)


def gated(record: ContactMemo, decision: GateDecision) -> ContactMemo:
    return dataclasses.replace(record, memo=decision.memo)


def recorded_memo(record: ContactMemo, summary: GateSummary | None, policy: GatePolicy) -> Memo:
    """What the email may say: the plan's recorded decision, else the gate applied now."""
    if summary is not None:
        return apply_summary(record.memo, summary)
    return gate_record(record, policy).memo


def observe(decision: GateDecision, followup_id: str) -> None:
    """Count each finding acted on by its rule; log the classes and fields, never the text."""
    acted = [f for f in decision.findings if f.action is not Action.SEND]
    for finding in acted:
        count_by(GATED, "rule", finding.check.value)
    if decision.findings:
        logger.info(
            "gate decision",
            followup_id=followup_id,
            action=decision.action.value,
            neutral=decision.neutral,
            findings=[f.to_dict() for f in decision.findings],
        )


def hold_task(summary: GateSummary, memo: Memo, kind: str, default_locale: str) -> tuple[str, str]:
    """The held follow-up's task: its name and what to fix, in the language the agent wrote in.

    The notice's texts load here, on the held path only: most follow-ups are not held."""
    from aftercall.domain.gate_notice import agent_locale, hold_task_description, hold_task_name

    locale = agent_locale(memo, default_locale)
    return hold_task_name(locale, kind), hold_task_description(summary, locale)
