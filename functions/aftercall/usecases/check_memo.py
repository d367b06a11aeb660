"""Check a memo before it is saved: lint, numbers that will be masked, spelling, and what the gate
would let the customer read. ``aftercall lint-memo`` and ``preview`` call it; so will the agent
workspace's memo check (DESIGN.md §8, a check_memo flow Lambda), where the agent can still fix it.

The spelling check runs only when a dictionary is passed (``known``): Hunspell's, through Enchant in
the CLI (``make spelling``) or its C library in the check_memo Lambda (its spelling layer).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aftercall.domain.gate import GateDecision, GatePolicy, gate_memo
from aftercall.domain.memo import Memo
from aftercall.domain.memo_advice import advice
from aftercall.domain.memo_findings import Finding, Rule, Severity
from aftercall.domain.memo_lint import lint_memo
from aftercall.domain.memo_save import values_to_save
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
        """Nothing to fix; advice (an empty when / what / how far, ``missing_detail``) leaves it ok."""
        return not any(f.severity is Severity.FIX for f in self.findings)


def check_memo(memo: Memo, known: Known | None = None, policy: GatePolicy | None = None) -> MemoCheck:
    stored, masked = mask_memo(memo)
    issues = tuple(spelling_issues(stored, known)) if known is not None else ()
    spelling = tuple(Finding(Rule.SPELLING, name) for name in dict.fromkeys(i.field for i in issues))
    findings = (*lint_memo(stored), *masked, *spelling)
    return MemoCheck(stored, findings, issues, gate_memo(stored, findings, policy), known is not None)


MAX_FINDINGS_SHOWN = 5  # finding1 … finding5: what a form can show one by one


def flow_reply(check: MemoCheck, submitted: Mapping[str, str], locale: str) -> dict[str, str]:
    """The check_memo flow Lambda's answer: a flat map of strings (docs/agent-workspace.md).

    ``ok``, ``count``, ``findings`` (one per line, in the agent's language), ``finding1`` …
    ``finding5``, ``spelling_checked``, and each submitted memo attribute as it may be saved.
    """
    free_text = bool(check.memo.free_text)
    first_what_to_fix = sorted(check.findings, key=lambda f: f.severity is not Severity.FIX)
    said = [advice(f, free_text) for f in first_what_to_fix]
    lines = list(dict.fromkeys(a.ko if locale == "ko-KR" else a.en for a in said))
    reply = {
        "ok": str(check.ok).lower(),
        "count": str(len(lines)),
        "findings": "\n".join(lines),
        "spelling_checked": str(check.spelling_checked).lower(),
        **{f"finding{i}": lines[i - 1] if i <= len(lines) else "" for i in range(1, MAX_FINDINGS_SHOWN + 1)},
    }
    return {**reply, **values_to_save(submitted, check.findings, locale)}
