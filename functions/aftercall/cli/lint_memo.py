"""``aftercall lint-memo FILE [--json] [--no-spelling]``: check a memo the way it will be treated.

Lint (quick, accurate, polite), the numbers that will be masked before it is stored, spelling
(Hunspell's ko_KR and en_US dictionaries, when installed), and what the gate would let the customer
read (usecases/check_memo.py).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aftercall.cli import spelling as spelling_option
from aftercall.cli.memo_file import MemoFileError, read_memo
from aftercall.domain.gate import Action, GateDecision
from aftercall.usecases.check_memo import MemoCheck, check_memo

_ADVICE = {
    "empty": "no memo was written",
    "missing": "a required part is empty",
    "vague": "say exactly what is checked or what the problem is",
    "judging": "state facts and the situation only",
    "appointment_incomplete": "an appointment needs a time and a place",
    "pii_masked": "masked before saving (the last four digits are kept)",
    "spelling": "check the spelling",
}
_GATE = {
    Action.SEND: "the customer reads every line",
    Action.DROP: "those lines are left out of the customer's text",
    Action.HOLD: "nothing goes to the customer; the agent gets a task saying what to fix",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("lint-memo", help="check a memo: quick, accurate, polite, spelling, gate")
    parser.add_argument("file", type=Path, help="JSON contact attributes, or a contact record")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    spelling_option.add_option(parser)
    parser.set_defaults(func=run)


def gate_line(gate: GateDecision) -> str:
    acted = [f"{f.check.value} in {f.field}" for f in gate.findings if f.action is not Action.SEND]
    if not acted:
        return f"{gate.action.value}: {_GATE[Action.SEND]}"
    neutral = "; a required line: the generic text is sent" if gate.neutral and not gate.held else ""
    return f"{gate.action.value}: {', '.join(acted)} — {_GATE[gate.action]}{neutral}"


def _json(check: MemoCheck, spelling_note: str | None) -> dict[str, Any]:
    return {
        "ok": check.ok,
        "findings": [f.to_dict() for f in check.findings],
        "spelling": [{"field": i.field, "word": i.word} for i in check.spelling],
        "spelling_checked": check.spelling_checked,
        "spelling_note": spelling_note,
        "gate": {
            "action": check.gate.action.value,
            "neutral": check.gate.neutral,
            "findings": [f.to_dict() for f in check.gate.findings],
        },
    }


def _human(check: MemoCheck, speller: Any, spelling_note: str | None) -> None:
    words: dict[str, list[str]] = {i.field: [] for i in check.spelling}
    for issue in check.spelling:
        words[issue.field].append(issue.word)
    if check.ok:
        print("memo ok: quick, accurate and polite")
    for f in check.findings:
        rule = f.rule.value
        if rule == "spelling":
            for word in words.get(f.field, []):
                hints = speller.suggest(word, "ko" if not word.isascii() else "en") if speller else []
                hint = f" → {', '.join(hints)}" if hints else ""
                print(f'{rule:<24} {f.field:<16} "{word}"{hint} — {_ADVICE[rule]}')
            continue
        phrase = f' "{f.phrase}"' if f.phrase else ""
        print(f"{rule:<24} {f.field:<16}{phrase} — {_ADVICE.get(rule, rule)}")
    if spelling_note:
        print(f"{'spelling':<24} not checked: {spelling_note}")
    print(f"{'gate':<24} {gate_line(check.gate)}")


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
        _human(check, speller, note)
    return 0 if check.ok else 1
