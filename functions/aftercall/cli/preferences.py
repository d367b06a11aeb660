"""``aftercall preferences show|set --phone NUMBER``: read or change one customer's choices on a deployed
stack: no more texts (``--opt-out`` / ``--opt-in``), the preferred channel, the email address.

The number is hashed here with the stack's secret (the customer key, as ingest computes it); it is
never printed, logged or echoed in an error, and the email address is shown masked. The tables and
the key parameter are found as ``aftercall forget`` finds them (``--stack``, options, environment).
A change records who made it (the caller's IAM identity) and when. An opt-in lifts only aftercall's
own opt-out: a number on End User Messaging SMS's opt-out list stays there until it is removed from
that list (``aws pinpoint-sms-voice-v2 delete-opted-out-number``).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from aftercall import clients
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.tables import bind_tables
from aftercall.cli.stack import TABLES, StackError, resolve
from aftercall.domain.phone import InvalidPhoneNumber, parse_phone
from aftercall.domain.preferences import CHANNEL_CHOICES
from aftercall.errors import AftercallError

SHOWN = (
    *("opted_out", "opted_out_at", "opt_out_source", "preferred_channel", "locale", "email"),
    *("choice_at", "choice_source", "updated_at"),
    *("whatsapp_opt_in", "whatsapp_opt_in_at", "whatsapp_opt_in_source", "whatsapp_inbound_at"),
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "preferences", help="show or change one customer's choices on a deployed stack"
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    show = actions.add_parser("show", help="what is stored for the customer (the email masked)")
    change = actions.add_parser("set", help="record the customer's choice")
    opt = change.add_mutually_exclusive_group()
    opt.add_argument("--opt-out", action="store_true", help="no more texts")
    opt.add_argument("--opt-in", action="store_true", help="texts again (aftercall's own opt-out only)")
    change.add_argument(
        "--channel",
        choices=CHANNEL_CHOICES,
        help="the channel the customer prefers (whatsapp: also their opt-in to WhatsApp)",
    )
    change.add_argument("--email", help="the customer's email address (used when they prefer email)")
    for sub in (show, change):
        sub.add_argument("--phone", required=True, help="the customer's number, E.164 or national")
        sub.add_argument("--stack", help="CloudFormation stack name: find the tables among its resources")
        sub.add_argument("--preferences-table", help="preferences table (default: $PREFERENCES_TABLE)")
        sub.add_argument("--key-parameter", help="SSM SecureString with the customer-key secret")
        sub.add_argument("--region", help="AWS region (default: the SDK's)")
        sub.add_argument("--default-region", default="KR", help="country of numbers without a country code")
        sub.set_defaults(func=run, skip_executions=True, state_machine_arn=None)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "set" and not (args.opt_out or args.opt_in or args.channel or args.email):
        print(
            "aftercall preferences set: nothing to set (--opt-out, --opt-in, --channel or --email)",
            file=sys.stderr,
        )
        return 2
    try:
        e164 = parse_phone(args.phone, args.default_region).e164
    except InvalidPhoneNumber as exc:
        print(f"aftercall preferences: {exc}", file=sys.stderr)  # the message never contains the input
        return 2
    try:
        store, key = _open(args, e164)
        if args.action == "set":
            _set(args, store, key)
        print(_describe(store.record(key)))
    except (StackError, AftercallError) as exc:
        print(f"aftercall preferences: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"aftercall preferences: AWS refused: {type(exc).__name__}", file=sys.stderr)
        return 1
    return 0


def _open(args: argparse.Namespace, e164: str) -> tuple[PreferencesStore, str]:
    for role, (option, _, _) in TABLES.items():  # only the preferences table is needed
        if role != "preferences" and not getattr(args, option, None):
            setattr(args, option, "unused")
    names, key_parameter, _ = resolve(args)
    bind_tables(names, args.region)
    if args.region:
        os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
    return PreferencesStore(), CustomerKeyer(clients.client("ssm"), key_parameter).key_for(e164)


def _set(args: argparse.Namespace, store: PreferencesStore, key: str) -> None:
    now = datetime.now(UTC)
    source = f"admin:{clients.client('sts').get_caller_identity()['Arn']}"
    if args.opt_out:
        store.record_opt_out(key, source, now)
    if args.opt_in:
        store.record_opt_in(key, source, now)
    if args.channel or args.email:
        store.record_choices(key, args.channel, args.email, source, now)
    print("recorded for one customer: " + ", ".join(_changes(args)))


def _changes(args: argparse.Namespace) -> list[str]:
    changes = ["opt-out"] if args.opt_out else ["opt-in"] if args.opt_in else []
    changes += [f"channel={args.channel}"] if args.channel else []
    return changes + (["email"] if args.email else [])


def _describe(item: dict[str, Any] | None) -> str:
    if item is None:
        return "nothing stored for this customer: the defaults apply (texts allowed, the configured route)"
    lines = []
    for name in SHOWN:
        value = item.get(name)
        if value is None:
            continue
        if name == "email":
            value = mask_email(str(value))
        if isinstance(value, datetime):
            value = value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(f"{name}: {value}")
    return "\n".join(lines)


def mask_email(address: str) -> str:
    """``k***@example.com``: enough for an admin to recognise it, not to read it."""
    local, at, domain = address.partition("@")
    return f"{local[:1]}***{at}{domain}" if at else "***"
