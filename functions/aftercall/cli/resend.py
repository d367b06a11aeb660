"""``aftercall resend CONTACT_ID --stack NAME [--channel sms|email|task]``: try a follow-up again.

For a follow-up that ended ``failed``, ``sent_unconfirmed`` or ``skipped``: the deployed workflow
plans and sends it again in a new execution, ``<contact>-resend-<n>`` (usecases/resend.py), through
``--channel`` first when given (the rest of the route follows). Refused, with the reason, when it was
delivered, still runs, or the customer opted out. Who asked (the caller's IAM identity) is recorded
on the resend's follow-up. Prints ids and the reason only, never the customer's number or memo.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from aftercall.adapters.tables import bind_tables
from aftercall.cli.stack import StackError, resolve_stack
from aftercall.errors import AftercallError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "resend", help="try a failed, unconfirmed or skipped follow-up again through the deployed workflow"
    )
    parser.add_argument("contact_id", metavar="CONTACT_ID", help="the call's Amazon Connect contact id")
    parser.add_argument("--stack", required=True, help="CloudFormation stack name")
    parser.add_argument(
        "--channel", choices=("sms", "email", "task"), help="the channel to try first (default: the route)"
    )
    parser.add_argument("--region", help="AWS region (default: the SDK's)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from aftercall.composition.resend import resend_use_case  # the adapters: only when run

    try:
        names, _, machine = resolve_stack(args.stack, args.region)
        bind_tables(names, args.region)
        if args.region:
            os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
        asked_by = boto3.client("sts", region_name=args.region).get_caller_identity()["Arn"]
        print(f"aftercall resend: checking {args.contact_id} on {args.stack} ...", file=sys.stderr)
        started = resend_use_case(str(machine))(args.contact_id, args.channel, str(asked_by))
    except (StackError, AftercallError) as exc:
        print(f"aftercall resend: not resent: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"aftercall resend: AWS refused: {type(exc).__name__}", file=sys.stderr)
        return 1
    channel = args.channel or "the usual route"
    print(
        f"resend {started.number} of {args.contact_id} started (follow-up {started.followup_id}, by "
        f"{channel}); asked by {asked_by}. Its outcome: the dashboard or the follow-ups table."
    )
    return 0
