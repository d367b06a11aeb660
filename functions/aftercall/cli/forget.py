"""``aftercall forget --phone NUMBER``: stop one customer's running follow-ups, then delete their data
from every table of a deployed stack.

Tables: ``--stack NAME`` finds them among the stack's resources (each table is recognised by its
partition key, as declared in adapters/tables.py), else ``--memo-table`` ... options, else the
handlers' environment variables (``MEMO_TABLE`` ...). The follow-up state machine, whose running
executions for the customer's contacts are stopped first: the stack's, else ``--state-machine-arn``,
else ``STATE_MACHINE_ARN``; without one the command refuses, unless ``--skip-executions`` says none
can run. The customer key needs the HMAC secret: the SSM parameter named by ``--key-parameter``,
else ``CUSTOMER_KEY_PARAMETER``, else the one the stack's functions are configured with, else
``/aftercall/customer-key``.

Prints what was stopped and deleted, by table. The number is never printed, logged or echoed in an
error. docs/reliability.md lists what it cannot erase (execution histories, Connect's contact
records, backups, point-in-time recovery) and for how long each lives.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from aftercall import clients
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.erasure import Erasure
from aftercall.adapters.tables import bind_tables
from aftercall.adapters.workflow_stopper import WorkflowStopper
from aftercall.cli.stack import (
    TABLES,
    StackError,
    resolve,
)
from aftercall.domain.phone import InvalidPhoneNumber, parse_phone
from aftercall.errors import AftercallError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "forget",
        help="stop one customer's running follow-ups and delete their data (memos, follow-ups, attempts, "
        "reminders, preferences, links)",
    )
    parser.add_argument("--phone", required=True, help="the customer's number, E.164 or national")
    parser.add_argument("--stack", help="CloudFormation stack name: find the tables among its resources")
    for role, (option, variable, _) in TABLES.items():
        parser.add_argument(
            f"--{option.replace('_', '-')}", dest=option, help=f"{role} table name (default: ${variable})"
        )
    parser.add_argument(
        "--state-machine-arn", help="follow-up state machine (default: the stack's, or $STATE_MACHINE_ARN)"
    )
    parser.add_argument(
        "--skip-executions",
        action="store_true",
        help="erase without stopping executions (only where no workflow runs on these tables)",
    )
    parser.add_argument("--key-parameter", help="SSM SecureString with the customer-key secret")
    parser.add_argument("--region", help="AWS region (default: the SDK's)")
    parser.add_argument(
        "--default-region", default="KR", help="country of numbers given without a country code"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        e164 = parse_phone(args.phone, args.default_region).e164
    except InvalidPhoneNumber as exc:
        print(f"aftercall forget: {exc}", file=sys.stderr)  # the message never contains the input
        return 2
    try:
        names, key_parameter, machine = resolve(args)
        bind_tables(names, args.region)
        if args.region:
            os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
        customer_key = CustomerKeyer(clients.client("ssm"), key_parameter).key_for(e164)
        stopper = WorkflowStopper(clients.client("stepfunctions"), machine) if machine else None
        report = Erasure(stopper).forget(customer_key)
    except (StackError, AftercallError) as exc:
        print(f"aftercall forget: {exc}", file=sys.stderr)
        return 2
    except (ClientError, BotoCoreError) as exc:
        print(f"aftercall forget: AWS refused: {type(exc).__name__}", file=sys.stderr)
        return 1
    print(
        "forgot one customer: "
        f"executions={report.executions} memos={report.memos} followups={report.followups} "
        f"attempts={report.attempts} links={report.links} preferences={report.preferences}"
    )
    return 0
