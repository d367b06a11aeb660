"""Finding a deployed stack's resources for the CLI (forget, preferences, templates, resend, smoke):
its tables by role, its state machine and its functions' key parameter, from ``--stack``, the
options and the environment."""

from __future__ import annotations

import argparse
import os

import boto3
from botocore.exceptions import ClientError

from aftercall.adapters.tables import (
    FollowupModel,
    LinkModel,
    MemoModel,
    PreferencesModel,
    TableNames,
    TemplateModel,
)

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


class StackError(Exception):
    """Something the operator must fix (a missing table, an unknown stack); never names the customer."""


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
            raise StackError(f"no {role} table: pass --stack, --{option.replace('_', '-')} or set {variable}")
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
        raise StackError(
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
        raise StackError(f"stack {stack!r} not found or not readable") from exc
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


def stack_outputs(stack: str, region: str | None) -> dict[str, str]:
    """The stack's outputs by key (queue URLs, function names, the state machine)."""
    try:
        found = boto3.client("cloudformation", region_name=region).describe_stacks(StackName=stack)
    except ClientError as exc:
        raise StackError(f"stack {stack!r} not found or not readable") from exc
    return {o["OutputKey"]: o["OutputValue"] for o in found["Stacks"][0].get("Outputs", [])}
