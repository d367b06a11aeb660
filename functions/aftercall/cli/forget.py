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

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from aftercall import clients
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.erasure import Erasure
from aftercall.adapters.tables import (
    FollowupModel,
    LinkModel,
    MemoModel,
    PreferencesModel,
    TableNames,
    TemplateModel,
    bind_tables,
)
from aftercall.adapters.workflow_stopper import WorkflowStopper
from aftercall.domain.phone import InvalidPhoneNumber, parse_phone
from aftercall.errors import AftercallError

DEFAULT_KEY_PARAMETER = "/aftercall/customer-key"
STATE_MACHINE = "state_machine"  # among what ``discover`` finds in a stack
# Table role → (option, environment variable, the partition key that recognises it in a stack).
TABLES: dict[str, tuple[str, str, str]] = {
    "memos": ("memo_table", "MEMO_TABLE", MemoModel.contact_id.attr_name),
    "followups": ("followup_table", "FOLLOWUP_TABLE", FollowupModel.followup_id.attr_name),
    "preferences": ("preferences_table", "PREFERENCES_TABLE", PreferencesModel.customer_key.attr_name),
    "templates": ("template_table", "TEMPLATE_TABLE", TemplateModel.template_id.attr_name),
    "links": ("link_table", "LINK_TABLE", LinkModel.token.attr_name),
}


class ForgetError(Exception):
    """Something the operator must fix (a missing table, an unknown stack); never names the customer."""


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
    except (ForgetError, AftercallError) as exc:
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


def resolve(args: argparse.Namespace) -> tuple[TableNames, str, str | None]:
    """Table names, the key parameter and the state machine (None: skip executions), from the
    stack, the options and the environment."""
    found: dict[str, str] = {}
    stack_parameter: str | None = None
    if args.stack:
        found, stack_parameter = discover(args.stack, args.region)
    names: dict[str, str] = {}
    for role, (option, variable, _) in TABLES.items():
        name = getattr(args, option, None) or found.get(role) or os.environ.get(variable)
        if not name:
            raise ForgetError(
                f"no {role} table: pass --stack, --{option.replace('_', '-')} or set {variable}"
            )
        names[role] = name
    key_parameter = (
        args.key_parameter
        or os.environ.get("CUSTOMER_KEY_PARAMETER")
        or stack_parameter
        or DEFAULT_KEY_PARAMETER
    )
    return TableNames(**names), key_parameter, _state_machine(args, found)


def resolve_stack(stack: str | None, region: str | None) -> tuple[TableNames, str, str | None]:
    """``resolve`` for the commands with no table options: the stack's resources, else the
    environment's; the state machine is always wanted."""
    options = {option: None for option, _, _ in TABLES.values()}
    args = argparse.Namespace(
        stack=stack,
        region=region,
        state_machine_arn=None,
        skip_executions=False,
        key_parameter=None,
        **options,
    )
    return resolve(args)


def _state_machine(args: argparse.Namespace, found: dict[str, str]) -> str | None:
    if args.skip_executions:
        return None
    machine = args.state_machine_arn or found.get(STATE_MACHINE) or os.environ.get("STATE_MACHINE_ARN")
    if not machine:
        raise ForgetError(
            "no state machine whose executions to stop: pass --stack, --state-machine-arn or set "
            "STATE_MACHINE_ARN (or --skip-executions where no workflow runs)"
        )
    return str(machine)


def discover(stack: str, region: str | None = None) -> tuple[dict[str, str], str | None]:
    """The stack's tables by role (recognised by partition key), its state machine (under
    ``STATE_MACHINE``) and its functions' key parameter."""
    cloudformation = boto3.client("cloudformation", region_name=region)
    try:
        resources = cloudformation.describe_stack_resources(StackName=stack)["StackResources"]
    except ClientError as exc:
        raise ForgetError(f"stack {stack!r} not found or not readable") from exc
    dynamodb = boto3.client("dynamodb", region_name=region)
    roles_by_key = {key: role for role, (_, _, key) in TABLES.items()}
    tables: dict[str, str] = {}
    parameter: str | None = None
    for resource in resources:
        physical = resource.get("PhysicalResourceId")
        if not physical:
            continue
        if resource["ResourceType"] == "AWS::DynamoDB::Table":
            schema = dynamodb.describe_table(TableName=physical)["Table"]["KeySchema"]
            hash_key = next(k["AttributeName"] for k in schema if k["KeyType"] == "HASH")
            role = roles_by_key.get(hash_key)
            if role:
                tables[role] = physical
        elif resource["ResourceType"] == "AWS::StepFunctions::StateMachine":
            tables[STATE_MACHINE] = physical  # its ARN
        elif resource["ResourceType"] == "AWS::Lambda::Function" and parameter is None:
            parameter = _function_key_parameter(physical, region)
    return tables, parameter


def _function_key_parameter(function_name: str, region: str | None) -> str | None:
    try:
        config = boto3.client("lambda", region_name=region).get_function_configuration(
            FunctionName=function_name
        )
    except ClientError:
        return None
    value = config.get("Environment", {}).get("Variables", {}).get("CUSTOMER_KEY_PARAMETER")
    return str(value) if value else None
