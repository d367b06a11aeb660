"""``aftercall lint-memo FILE [--json]``: check a memo the way ingestion does."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aftercall.cli.memo_file import MemoFileError, read_memo
from aftercall.domain.memo_lint import Rule, lint_memo

_ADVICE = {
    Rule.EMPTY: "no memo was written",
    Rule.MISSING: "a required part is empty",
    Rule.VAGUE: "say exactly what is checked or what the problem is",
    Rule.JUDGING: "state facts and the situation only",
    Rule.APPOINTMENT_INCOMPLETE: "an appointment needs a time and a place",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("lint-memo", help="check a memo: quick, accurate, polite")
    parser.add_argument("file", type=Path, help="JSON contact attributes, or a contact record")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        memo = read_memo(args.file)
    except MemoFileError as exc:
        print(f"error: {exc}")
        return 2
    findings = lint_memo(memo)
    if args.json:
        report = {"ok": not findings, "findings": [f.to_dict() for f in findings]}
        print(json.dumps(report, ensure_ascii=False))
    elif not findings:
        print("memo ok: quick, accurate and polite")
    else:
        for f in findings:
            phrase = f' "{f.phrase}"' if f.phrase else ""
            print(f"{f.rule.value:<24} {f.field:<16}{phrase} — {_ADVICE[f.rule]}")
    return 1 if findings else 0
