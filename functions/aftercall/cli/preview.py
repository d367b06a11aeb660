"""``aftercall preview``: the text a memo would get, with its encoding, parts, budget and lint.

The company name, callback number and detail base URL come from the same environment variables as
the deployed functions (COMPANY_NAME, CALLBACK_NUMBER, DETAIL_BASE_URL, BANNED_PHRASES, ...), with
demo values when unset. ``--template FILE`` previews an admin override as the functions would treat
it: refused with reasons (and the default shown) when it is broken.

The memo passes the gate first (docs/texts.md): dropped lines are not in the text, and a held memo
shows the agent's task instead of a text. Spelling is checked when the dictionaries are installed.

Exit status: 0 clean, 1 lint findings, a gate or spelling finding, or a refused override, 2
unreadable input or a text that cannot fit its budget.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from aftercall.cli import spelling as spelling_option
from aftercall.cli.lint_memo import gate_line
from aftercall.domain.composer import ComposedSms, DoesNotFitError, compose_sms
from aftercall.domain.encoding import analyze
from aftercall.domain.gate import Action
from aftercall.domain.gate_notice import agent_locale, hold_task_description
from aftercall.domain.memo import Memo, Strategy, memo_from_attributes
from aftercall.domain.templates import FOLLOWUP, KINDS, Template, default_template, validate_template
from aftercall.errors import ConfigurationError
from aftercall.settings.texts import TextSettings
from aftercall.usecases.check_memo import MemoCheck, check_memo

DEMO_ENV = {
    "COMPANY_NAME": "에이스카드",
    "CALLBACK_NUMBER": "1588-0000",
    "DETAIL_BASE_URL": "https://d.example.com/l",
}
SAMPLE_LINK_ID = "PrEvIeWtOkEn0123456789"  # as long as a real link token


class InputError(Exception):
    pass


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="show the follow-up text for a memo: encoding, parts, budget, lint",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--strategy", required=True, choices=[s.value for s in Strategy])
    parser.add_argument("--locale", default=None, help="ko-KR or en-US (default: DEFAULT_LOCALE)")
    parser.add_argument("--memo", required=True, type=Path, help="JSON object of contact attributes")
    parser.add_argument("--kind", default=FOLLOWUP, choices=KINDS)
    parser.add_argument("--template", type=Path, help="a template body to preview as an override")
    parser.add_argument("--budget", type=int, help="the override's part budget (default: the default's)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    spelling_option.add_option(parser)
    parser.set_defaults(func=run)


def _read_memo(path: Path) -> Memo:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the memo file: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise InputError("the memo file must hold a JSON object of string attributes")
    return memo_from_attributes(data)


def _override(args: argparse.Namespace, default: Template) -> Template | None:
    if args.template is None:
        return None
    try:
        body = args.template.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the template file: {exc}") from exc
    budget = args.budget if args.budget is not None else default.part_budget
    return Template(default.template_id, body, budget, source="override")


def _gate_report(check: MemoCheck, note: str | None) -> dict[str, Any]:
    return {
        "gate": gate_line(check.gate),
        "gate_action": check.gate.action.value,
        "spelling": [f"{i.field}: {i.word}" for i in check.spelling]
        if note is None
        else [f"not checked: {note}"],
    }


def _held(check: MemoCheck, note: str | None) -> dict[str, Any]:
    """A held follow-up has no text: what the agent's task would say instead."""
    task = hold_task_description(check.gate.summary(), agent_locale(check.memo))
    return {**_gate_report(check, note), "text": None, "task": task}


def _report(sms: ComposedSms, refused: tuple[str, ...]) -> dict[str, Any]:
    return {
        "template_id": sms.template_id,
        "template_source": sms.template_source,
        "encoding": sms.encoding,
        "units": analyze(sms.text).units,
        "parts": sms.parts,
        "budget": sms.budget,
        "shortened": sms.shortened,
        "findings": list(sms.findings),
        "override_refused": list(refused),
        "text": sms.text,
    }


def _print_human(report: dict[str, Any]) -> None:
    if report.get("text") is None:
        print(f"{'gate':<10} {report['gate']}")
        print()
        print(report["task"])
        return
    rows = [
        ("template", f"{report['template_id']} ({report['template_source']})"),
        ("encoding", f"{report['encoding']}, {report['units']} units"),
        ("parts", f"{report['parts']} of a budget of {report['budget']}"),
        ("shortened", "yes" if report["shortened"] else "no"),
        ("lint", ", ".join(report["findings"]) or "none"),
    ]
    rows += [("refused", reason) for reason in report["override_refused"]]
    rows += [("gate", report["gate"])] + [("spelling", line) for line in report["spelling"]]
    for label, value in rows:
        print(f"{label:<10} {value}")
    print()
    print(report["text"])


def run(args: argparse.Namespace) -> int:
    try:
        settings = TextSettings.from_env({**DEMO_ENV, **os.environ})
        speller, note = spelling_option.load(not args.no_spelling)
        check = check_memo(_read_memo(args.memo), speller, settings.gate_policy())
        if check.gate.held:
            return _print(_held(check, note), args.json, 1)
        memo = check.gate.memo
        strategy = Strategy(args.strategy)
        locale = args.locale or settings.default_locale
        default = default_template(strategy, locale, args.kind)
        override = _override(args, default)
        banned = settings.banned_phrase_list()
        refused: tuple[str, ...] = ()
        if override is not None:
            refused = validate_template(override, settings.company_name, settings.callback_number, banned)
        ctx = settings.compose_context(settings.detail_link(SAMPLE_LINK_ID))
        template = default if refused or override is None else override
        sms = compose_sms(memo, strategy, locale, ctx, args.kind, template, banned)
    except (InputError, ConfigurationError, DoesNotFitError) as exc:
        print(f"aftercall preview: {exc}", file=sys.stderr)
        return 2
    report = {**_report(sms, refused), **_gate_report(check, note)}
    acted = check.gate.action is not Action.SEND or check.spelling
    return _print(report, args.json, 1 if sms.findings or refused or acted else 0)


def _print(report: dict[str, Any], as_json: bool, status: int) -> int:
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_human(report)
    return status
