"""``aftercall lint-memo FILE [--json] [--lang ko|en|both]``: check a memo the way ingestion does.

Each finding is printed with its severity — ``fix`` (the memo is not good until it is fixed) or
``advice`` (the memo would be more accurate) — its rule, field and, for phrase rules, the phrase
from our lists, then what to do in plain words (Korean, English or both). Exit status: 0 when
nothing needs fixing (advice alone still exits 0), 1 when something does, 2 for an unreadable file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from aftercall.cli.memo_file import MemoFileError, read_memo
from aftercall.domain.memo_advice import advice
from aftercall.domain.memo_lint import Finding, Severity, lint_memo


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("lint-memo", help="check a memo: quick, accurate, polite")
    parser.add_argument("file", type=Path, help="JSON contact attributes, or a contact record")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.add_argument(
        "--lang", choices=("ko", "en", "both"), default="both", help="language of the advice (default: both)"
    )
    parser.set_defaults(func=run)


def _fixes(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.FIX]


def _as_json(findings: list[Finding], free_text: bool) -> dict[str, Any]:
    rows = []
    for f in findings:
        said = advice(f, free_text)
        rows.append({**f.to_dict(), "severity": f.severity.value, "advice_ko": said.ko, "advice_en": said.en})
    return {"ok": not _fixes(findings), "findings": rows}


def _lines(findings: list[Finding], free_text: bool, lang: str) -> list[str]:
    fixes = len(_fixes(findings))
    suggestions = len(findings) - fixes
    counted = f"{suggestions} suggestion{'s' if suggestions != 1 else ''}"
    if not fixes:
        summary = "memo ok: quick, accurate and polite"
        if suggestions:
            summary += f" — {counted} to make it more accurate"
    else:
        summary = f"memo needs work: {fixes} to fix, {counted}"
    out = [summary]
    if free_text:
        out.append("free-text memo (aftercall_memo): its labelled lines were read into the fields below")
    for f in findings:
        phrase = f' "{f.phrase}"' if f.phrase else ""
        out.append(f"{f.severity.value:<7} {f.rule.value:<24} {f.field:<16}{phrase}".rstrip())
        said = advice(f, free_text)
        if lang in ("ko", "both"):
            out.append(f"        {said.ko}")
        if lang in ("en", "both"):
            out.append(f"        {said.en}")
    return out


def run(args: argparse.Namespace) -> int:
    try:
        memo = read_memo(args.file)
    except MemoFileError as exc:
        print(f"error: {exc}")
        return 2
    findings = lint_memo(memo)
    free_text = bool(memo.free_text)
    if args.json:
        print(json.dumps(_as_json(findings, free_text), ensure_ascii=False))
    else:
        print("\n".join(_lines(findings, free_text, getattr(args, "lang", "both"))))
    return 1 if _fixes(findings) else 0
