"""Check a memo before it is saved: lint, numbers that will be masked, spelling, and what the gate
would let the customer read. ``aftercall lint-memo`` and ``preview`` call it; so will the agent
workspace's memo check (DESIGN.md §8, a check_memo flow Lambda), where the agent can still fix it.

The spelling check runs only when a dictionary is passed (``known``): the Hunspell dictionaries are
in the CLI's environment (``make spelling``), not in the Lambda layer (docs/decisions.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from aftercall.domain.gate import GateDecision, GatePolicy, gate_memo
from aftercall.domain.memo import Memo
from aftercall.domain.memo_lint import Finding, Rule, lint_memo
from aftercall.domain.pii import mask_memo
from aftercall.domain.spelling import Known, SpellingIssue, spelling_issues


@dataclass(frozen=True)
class MemoCheck:
    memo: Memo  # as it will be stored: numbers masked
    findings: tuple[Finding, ...]  # lint, masking, spelling (by field): safe to log
    spelling: tuple[SpellingIssue, ...]  # the misspelled words: for the agent's eyes only
    gate: GateDecision  # what the customer would read
    spelling_checked: bool

    @property
    def ok(self) -> bool:
        return not self.findings


def check_memo(memo: Memo, known: Known | None = None, policy: GatePolicy | None = None) -> MemoCheck:
    stored, masked = mask_memo(memo)
    issues = tuple(spelling_issues(stored, known)) if known is not None else ()
    spelling = tuple(Finding(Rule.SPELLING, name) for name in dict.fromkeys(i.field for i in issues))
    findings = (*lint_memo(stored), *masked, *spelling)
    return MemoCheck(stored, findings, issues, gate_memo(stored, findings, policy), known is not None)
