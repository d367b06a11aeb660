"""``aftercall templates list|show|put|disable --stack NAME``: the admins' template overrides on a deployed
stack (``templates whatsapp``: the WhatsApp templates, cli/whatsapp_templates.py).

``put TEMPLATE_ID FILE`` reads the body from a plain UTF-8 text file (one line per line of the text, no
JSON escaping), checks it exactly as the functions do (``domain.template_admin.check_override``:
placeholders, the part budget with a typical memo, message lint, the longest text AWS sends after
NFC) with the company name, callback number and banned phrases the stack's functions are deployed
with, and writes it only when it passes; otherwise it prints the reasons and exits 1. ``disable``
keeps the item but the functions stop using it (the built-in text applies again).

The table is found as ``aftercall forget`` finds it (``--stack``, ``--template-table``,
``TEMPLATE_TABLE``); the check's values from the stack's functions' environment, else the options.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from aftercall import clients
from aftercall.adapters.tables import bind_tables
from aftercall.adapters.template_store import TemplateStore
from aftercall.cli import whatsapp_templates
from aftercall.cli.stack import TABLES, StackError, resolve
from aftercall.domain.encoding import analyze, normalize_for_gsm
from aftercall.domain.template_admin import (
    VALID,
    CheckContext,
    StoredTemplate,
    check_override,
    content_digest,
)
from aftercall.domain.templates import (
    DEFAULT_TEMPLATES,
    FALLBACK_LOCALE,
    SAMPLE_VALUES,
    Template,
    default_for_id,
    render_lines,
    supported_locale,
)
from aftercall.errors import AftercallError
from aftercall.settings.templates import CHECK_VARIABLES, check_context

REFUSED = 1  # the template was not written: its reasons are printed


class TemplatesError(Exception):
    """Something the admin must fix before the command can run (a missing table, file or setting)."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "templates", help="list, show, check and write, or disable template overrides"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every template id: its override's state, or the default")
    show = actions.add_parser("show", help="one override: its body, state and the check's reasons")
    put = actions.add_parser("put", help="check a body as the functions do, then write it (enabled)")
    disable = actions.add_parser("disable", help="stop using an override: the built-in text applies")
    for sub in (show, put, disable):
        sub.add_argument(
            "template_id", metavar="TEMPLATE_ID", help="<strategy>#<locale> or reminder#<locale>"
        )
    put.add_argument("file", type=Path, metavar="FILE", help="the body: plain UTF-8 text, one line per line")
    put.add_argument("--part-budget", type=int, help="most SMS parts (default: the built-in template's)")
    for option, variable in zip(
        ("--company-name", "--callback-number", "--banned-phrases"), CHECK_VARIABLES, strict=True
    ):
        put.add_argument(option, help=f"checked with this value (default: the stack's functions' {variable})")
    whatsapp_templates.register(actions)
    for sub in (listing, show, put, disable):
        sub.add_argument("--stack", help="CloudFormation stack name: find the table among its resources")
        sub.add_argument("--template-table", help="templates table (default: $TEMPLATE_TABLE)")
        sub.add_argument("--region", help="AWS region (default: the SDK's)")
        sub.set_defaults(func=run, skip_executions=True, state_machine_arn=None, key_parameter=None)


def run(args: argparse.Namespace) -> int:
    try:
        store = _open(args)
        if args.action == "list":
            return _list(store)
        if args.action == "show":
            return _show(store, args.template_id)
        if args.action == "disable":
            return _disable(store, args.template_id)
        return _put(store, args)
    except (StackError, TemplatesError, AftercallError) as exc:
        print(f"aftercall templates: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"aftercall templates: AWS refused: {type(exc).__name__}", file=sys.stderr)
        return 1


def _open(args: argparse.Namespace) -> TemplateStore:
    for role, (option, _, _) in TABLES.items():  # only the templates table is needed
        if role != "templates" and not getattr(args, option, None):
            setattr(args, option, "unused")
    if args.stack:
        print(f"finding the templates table of stack {args.stack} ...", file=sys.stderr)
    names, _, _ = resolve(args)
    bind_tables(names, args.region)
    if args.region:
        os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
    return TemplateStore()


def _list(store: TemplateStore) -> int:
    overrides = {t.template_id: t for t in store.all()}
    for tid in sorted({*DEFAULT_TEMPLATES, *overrides}):
        template = overrides.get(tid)
        print(f"{tid}: {_state(template) if template else 'built-in text (no override)'}")
        for reason in template.reasons if template and template.status != VALID else ():
            print(f"    - {reason}")
    return 0


def _show(store: TemplateStore, template_id: str) -> int:
    template = store.record(template_id)
    if template is None:
        default = default_for_id(template_id)
        if default is None:
            raise TemplatesError(
                f"no template {template_id!r}: the ids are {', '.join(sorted(DEFAULT_TEMPLATES))}"
            )
        print(f"{template_id}: no override, the built-in text (budget {default.part_budget} parts):")
        print(default.body)
        return 0
    print(f"{template_id}: {_state(template)}")
    for reason in template.reasons:
        print(f"    - {reason}")
    if template.malformed:
        print(f"    - {template.malformed}")
    else:
        print(template.body)
    return 0


def _disable(store: TemplateStore, template_id: str) -> int:
    if not store.disable(template_id, _who(), datetime.now(UTC)):
        raise TemplatesError(f"no override {template_id!r}: the built-in text is in use already")
    print(f"{template_id}: disabled; the functions use the built-in text")
    return 0


def _put(store: TemplateStore, args: argparse.Namespace) -> int:
    default = default_for_id(args.template_id)
    budget = args.part_budget if args.part_budget is not None else (default.part_budget if default else 1)
    template = Template(args.template_id, _read_body(args.file), budget, source="override")
    context = _check_context(args)
    print(f"checking {args.template_id} as the functions do ...", file=sys.stderr)
    reasons = check_override(template, context)
    if reasons:
        print(f"{args.template_id}: refused, nothing written:", file=sys.stderr)
        for reason in reasons:
            print(f"    - {reason}", file=sys.stderr)
        return REFUSED
    store.put(template, _who(), datetime.now(UTC), verdict=(VALID, content_digest(template.body, budget)))
    sizing = analyze(normalize_for_gsm(render_lines(template.lines, _sample(template, context))))
    print(
        f"{args.template_id}: written and enabled (a typical memo: {sizing.parts} of {budget} parts, "
        f"{sizing.units} {sizing.encoding} characters)"
    )
    return 0


def _read_body(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is not part of the text
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplatesError(f"cannot read the template file {path}: {type(exc).__name__}") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


def _sample(template: Template, context: CheckContext) -> dict[str, str]:
    values = SAMPLE_VALUES[supported_locale(template.locale) or FALLBACK_LOCALE]
    return {**values, "company_name": context.company_name, "callback_number": context.callback_number}


def _check_context(args: argparse.Namespace) -> CheckContext:
    deployed = _deployed_values(args.stack, args.region) if args.stack else {}
    given = (args.company_name, args.callback_number, args.banned_phrases)
    values = {
        variable: value if value is not None else deployed.get(variable, os.environ.get(variable))
        for variable, value in zip(CHECK_VARIABLES, given, strict=True)
    }
    company, callback, banned = (values[v] for v in CHECK_VARIABLES)
    if not company or not callback:
        raise TemplatesError(
            "the check needs the company name and callback number the functions use: pass --stack, "
            "or --company-name and --callback-number"
        )
    return check_context(company, callback, banned or "")


def _deployed_values(stack: str, region: str | None) -> dict[str, str]:
    """COMPANY_NAME, CALLBACK_NUMBER and BANNED_PHRASES of the stack's template validator (any function
    that composes texts has the same)."""
    resources = boto3.client("cloudformation", region_name=region).describe_stack_resources(StackName=stack)
    lambda_ = boto3.client("lambda", region_name=region)
    for resource in resources["StackResources"]:
        if resource["ResourceType"] != "AWS::Lambda::Function" or not resource.get("PhysicalResourceId"):
            continue
        config = lambda_.get_function_configuration(FunctionName=resource["PhysicalResourceId"])
        variables = config.get("Environment", {}).get("Variables", {})
        if "TEMPLATE_TABLE" in variables and "COMPANY_NAME" in variables:
            return {v: variables[v] for v in CHECK_VARIABLES if v in variables}
    return {}


def _who() -> str:
    return f"admin:{clients.client('sts').get_caller_identity()['Arn']}"


def _state(template: StoredTemplate) -> str:
    enabled = "enabled" if template.enabled else "disabled"
    used = "in use" if template.usable else "not used: the built-in text applies"
    status = "malformed" if template.malformed else template.status
    when = template.updated_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if template.updated_at else "-"
    budget = "default" if template.part_budget is None else str(template.part_budget)
    by = template.updated_by or "-"
    return f"{enabled}, {status} ({used}); budget {budget}; updated {when} by {by}"
