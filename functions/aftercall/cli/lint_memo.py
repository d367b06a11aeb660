"""``aftercall lint-memo FILE [--json] [--lang ko|en|both] [--no-spelling]``: check a memo the way
it will be treated.

Lint (quick, accurate, polite), the numbers that will be masked before it is stored, spelling
(Hunspell's ko_KR and en_US dictionaries, when installed), and what the gate would let the customer
read (usecases/check_memo.py). Each finding is printed with its severity — ``fix`` (the memo is not
good until it is fixed) or ``advice`` (the memo would be more accurate) — its rule, field and, for
phrase rules, the phrase from our lists, then what to do in plain words (Korean, English or both).
Exit status: 0 when nothing needs fixing (advice alone still exits 0), 1 when something does, 2 for
an unreadable file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aftercall.cli import spelling as spelling_option
from aftercall.cli.memo_file import MemoFileError, read_memo
from aftercall.domain.gate import Action, GateDecision
from aftercall.domain.memo_advice import advice
from aftercall.domain.memo_findings import Finding, Rule, Severity
from aftercall.usecases.check_memo import MemoCheck, check_memo

_GATE = {
    Action.SEND: "the customer reads every line",
    Action.DROP: "those lines are left out of the customer's text",
    Action.HOLD: "nothing goes to the customer; the agent gets a task saying what to fix",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("lint-memo", help="check a memo: quick, accurate, polite, spelling, gate")
    parser.add_argument("file", type=Path, help="JSON contact attributes, or a contact record")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.add_argument(
        "--lang", choices=("ko", "en", "both"), default="both", help="language of the advice (default: both)"
    )
    spelling_option.add_option(parser)
    parser.set_defaults(func=run)


def gate_line(gate: GateDecision) -> str:
    acted = [f"{f.check.value} in {f.field}" for f in gate.findings if f.action is not Action.SEND]
    if not acted:
        return f"{gate.action.value}: {_GATE[Action.SEND]}"
    neutral = "; a required line: the generic text is sent" if gate.neutral and not gate.held else ""
    return f"{gate.action.value}: {', '.join(acted)} — {_GATE[gate.action]}{neutral}"


def _json(check: MemoCheck, spelling_note: str | None) -> dict[str, Any]:
    free_text = bool(check.memo.free_text)
    rows = []
    for f in check.findings:
        said = advice(f, free_text)
        rows.append({**f.to_dict(), "severity": f.severity.value, "advice_ko": said.ko, "advice_en": said.en})
    return {
        "ok": check.ok,
        "findings": rows,
        "spelling": [{"field": i.field, "word": i.word} for i in check.spelling],
        "spelling_checked": check.spelling_checked,
        "spelling_note": spelling_note,
        "gate": {
            "action": check.gate.action.value,
            "neutral": check.gate.neutral,
            "findings": [f.to_dict() for f in check.gate.findings],
        },
    }


def _summary(findings: tuple[Finding, ...]) -> str:
    fixes = sum(f.severity is Severity.FIX for f in findings)
    suggestions = len(findings) - fixes
    counted = f"{suggestions} suggestion{'s' if suggestions != 1 else ''}"
    if fixes:
        return f"memo needs work: {fixes} to fix, {counted}"
    summary = "memo ok: quick, accurate and polite"
    return summary + (f" — {counted} to make it more accurate" if suggestions else "")


def _lines(check: MemoCheck, speller: Any, spelling_note: str | None, lang: str) -> list[str]:
    free_text = bool(check.memo.free_text)
    out = [_summary(check.findings)]
    if free_text:
        out.append("free-text memo (aftercall_memo): its labelled lines were read into the fields below")
    words: dict[str, list[str]] = {i.field: [] for i in check.spelling}
    for issue in check.spelling:
        words[issue.field].append(issue.word)
    for f in check.findings:
        head = f"{f.severity.value:<7} {f.rule.value:<24} {f.field:<16}"
        if f.rule is Rule.SPELLING:
            for word in words.get(f.field, []):
                hints = speller.suggest(word, "ko" if not word.isascii() else "en") if speller else []
                out.append(f'{head} "{word}"' + (f" → {', '.join(hints)}" if hints else ""))
        else:
            out.append((head + (f' "{f.phrase}"' if f.phrase else "")).rstrip())
        said = advice(f, free_text)
        shown = (("ko", said.ko), ("en", said.en))
        out += [f"        {text}" for code, text in shown if lang in (code, "both")]
    if spelling_note:
        out.append(f"{'spelling':<32} not checked: {spelling_note}")
    out.append(f"{'gate':<32} {gate_line(check.gate)}")
    return out


def run(args: argparse.Namespace) -> int:
    try:
        memo = read_memo(args.file)
    except MemoFileError as exc:
        print(f"error: {exc}")
        return 2
    speller, note = spelling_option.load(not args.no_spelling)
    check = check_memo(memo, speller)
    if args.json:
        print(json.dumps(_json(check, note), ensure_ascii=False))
    else:
        print("\n".join(_lines(check, speller, note, getattr(args, "lang", "both"))))
    return 0 if check.ok else 1
