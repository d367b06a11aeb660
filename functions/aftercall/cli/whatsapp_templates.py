"""``aftercall templates whatsapp create|status --stack NAME``: the WhatsApp templates on the linked account.

Outside the customer's 24-hour window only a template Meta approved may be sent. ``create`` submits
every template of ``domain/whatsapp_templates.py`` the account does not have yet (one per strategy
and the reminder, in ko-KR and en-US; an existing one is reported, never submitted twice) for Meta's
review; ``status`` shows Meta's verdict on each and exits 1 until all are approved. Until then the
send step skips WhatsApp for follow-ups outside the window (``whatsapp_template_not_approved``) and
the follow-up goes on by the next channel.

The account (``waba-…``): ``--waba-id``, else the stack's ``WhatsAppBusinessAccountId`` output.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from aftercall import clients
from aftercall.adapters.whatsapp_templates import EumWhatsAppTemplates
from aftercall.cli.stack import StackError, stack_outputs
from aftercall.domain.policy import SkipReason
from aftercall.domain.whatsapp_templates import APPROVED, TEMPLATES
from aftercall.errors import AftercallError

OUTPUT = "WhatsAppBusinessAccountId"  # the stack's output when deployed with whatsappWabaId
NOT_ALL_APPROVED = 1
REFUSED = 2


def register(actions: Any) -> None:
    parser = actions.add_parser(
        "whatsapp", help="submit the WhatsApp templates for Meta's review, or show Meta's verdicts"
    )
    steps = parser.add_subparsers(dest="whatsapp_action", required=True, metavar="STEP")
    create = steps.add_parser("create", help="submit every template the account does not have yet")
    status = steps.add_parser("status", help="Meta's status of each template (exit 1 until all approved)")
    for sub in (create, status):
        sub.add_argument("--stack", help="CloudFormation stack name: its WhatsAppBusinessAccountId output")
        sub.add_argument(
            "--waba-id", help="the linked business account's id, waba-... (default: the stack's)"
        )
        sub.add_argument("--region", help="AWS region (default: the SDK's)")
        sub.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.region:
            os.environ["AWS_DEFAULT_REGION"] = args.region
        templates = EumWhatsAppTemplates(clients.client("socialmessaging"), _account(args))
        existing = templates.statuses()
        if args.whatsapp_action == "create":
            return _create(templates, existing)
        return _status(existing)
    except (StackError, AftercallError) as exc:
        print(f"aftercall templates whatsapp: {exc}", file=sys.stderr)
        return REFUSED


def _account(args: argparse.Namespace) -> str:
    if args.waba_id:
        return str(args.waba_id)
    if not args.stack:
        raise StackError("give --waba-id, or --stack of a stack deployed with whatsappWabaId")
    found = stack_outputs(args.stack, args.region).get(OUTPUT)
    if not found:
        raise StackError(f"stack {args.stack!r} has no WhatsApp account: deploy it with whatsappWabaId")
    return found


def _create(templates: EumWhatsAppTemplates, existing: dict[tuple[str, str], str]) -> int:
    for template in TEMPLATES:
        key = (template.name, template.language)
        if key in existing:
            print(f"{template.name} ({template.language}): exists, {existing[key]}")
            continue
        print(f"{template.name} ({template.language}): submitted, {templates.create(template)}")
    print(
        "Meta reviews each template (often within minutes, at most a day); "
        "see its verdicts with: aftercall templates whatsapp status"
    )
    return 0


def _status(existing: dict[tuple[str, str], str]) -> int:
    waiting = []
    for template in TEMPLATES:
        status = existing.get((template.name, template.language), "not created")
        print(f"{template.name} ({template.language}): {status}")
        if status != APPROVED:
            waiting.append(template)
    if not waiting:
        print(f"all {len(TEMPLATES)} templates approved")
        return 0
    print(
        f"{len(waiting)} of {len(TEMPLATES)} not approved: until they are, a follow-up outside the "
        f"customer's 24-hour window skips WhatsApp ({SkipReason.WHATSAPP_TEMPLATE_NOT_APPROVED.value}) "
        "and goes on by the next channel of its route"
    )
    return NOT_ALL_APPROVED
