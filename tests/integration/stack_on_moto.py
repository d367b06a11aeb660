"""A CloudFormation stack on moto made from the synthesized stack: its tables and its state machine
(the real logical ids, key schemas, indexes and state machine name; physical names generated as
CloudFormation generates them), plus the customer-key SecureString. The CLI commands that take
``--stack`` (forget, preferences, resend, templates) find everything from its name alone.

``stack`` is module-scoped (creating it is slow): each test uses contacts and numbers of its own.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from aftercall.adapters.tables import TableNames, bind_tables
from aftercall.settings import table_environment
from tests.integration.aws import REGION, MotoAws

STACK = "Aftercall"
PARAMETER = "/aftercall/customer-key"
SECRET = "forget-test-secret"


# The resource types moto's CloudFormation creates that the commands read; the rest of the stack
# (functions, Connect, End User Messaging, alarms...) is left out.
KEPT_TYPES = {"AWS::DynamoDB::Table", "AWS::StepFunctions::StateMachine"}
# Properties that name resources moto does not hold (the data key, the log group, the definition's
# asset) or that it does not model; the tables keep their keys, indexes, streams and TTL.
DROPPED = {"SSESpecification", "DeletionProtectionEnabled", "PointInTimeRecoverySpecification"}
_WAIT = {"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 60, "End": True}}}


@functools.cache
def synthesized_template() -> dict[str, Any]:
    """The stack as ``cdk synth`` writes it (every context key set, tests/infra/cfn.FULL_CONTEXT),
    reduced to its tables and its state machine: their logical ids, key schemas, indexes and the state
    machine's name are the deployed ones, so the commands see the real shape of the stack."""
    import os

    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from aws_cdk import assertions

    from aftercall_infra.application import build_app
    from tests.infra.cfn import FULL_CONTEXT

    with tempfile.TemporaryDirectory() as outdir:
        built = build_app({**FULL_CONTEXT, "aws:cdk:disable-asset-staging": True}, outdir=outdir)
        template = assertions.Template.from_stack(built.stack).to_json()
    resources: dict[str, Any] = {}
    for logical, resource in template["Resources"].items():
        if resource["Type"] not in KEPT_TYPES:
            continue
        properties = {k: v for k, v in resource["Properties"].items() if k not in DROPPED}
        if resource["Type"] == "AWS::StepFunctions::StateMachine":
            # moto does not run it here: its executions stay RUNNING until stopped
            properties = {
                "StateMachineName": properties["StateMachineName"],
                "DefinitionString": json.dumps(_WAIT),
                "RoleArn": "arn:aws:iam::123456789012:role/followup",
            }
        resources[logical] = {"Type": resource["Type"], "Properties": properties}
    outputs = {
        name: output
        for name, output in template.get("Outputs", {}).items()
        if isinstance(output["Value"], str)
        or (isinstance(output["Value"], dict) and output["Value"].get("Ref") in resources)
    }
    return {"Resources": resources, "Outputs": outputs}


@dataclass
class Stack:
    names: TableNames
    state_machine: str

    def count(self, model: Any) -> int:
        return sum(1 for _ in model.scan())


@pytest.fixture(scope="module", name="stack")
def stack_fixture(module_aws: MotoAws) -> Iterator[Stack]:
    """One stack for the module (creating it is slow); every test uses numbers of its own.

    The account's own tables stay beside the stack's, but not in the environment: the command must
    find the stack's tables from its name alone.
    """
    module_aws.delenv(*table_environment(module_aws.tables), "CUSTOMER_KEY_PARAMETER")
    module_aws.client("cloudformation").create_stack(
        StackName=STACK, TemplateBody=json.dumps(synthesized_template())
    )
    module_aws.client("ssm").put_parameter(Name=PARAMETER, Value=SECRET, Type="SecureString")
    names = names_by_key()
    bind_tables(names, REGION)
    clear_parameter_cache()
    resources = module_aws.client("cloudformation").describe_stack_resources(StackName=STACK)
    machine = next(
        r["PhysicalResourceId"]
        for r in resources["StackResources"]
        if r["ResourceType"] == "AWS::StepFunctions::StateMachine"
    )
    yield Stack(names, machine)
    clear_parameter_cache()


def names_by_key() -> TableNames:
    """The stack's tables (not the account's others), told apart by their partition keys."""
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    resources = boto3.client("cloudformation", region_name=REGION).describe_stack_resources(StackName=STACK)
    by_key = {}
    for resource in resources["StackResources"]:
        if resource["ResourceType"] != "AWS::DynamoDB::Table":
            continue
        name = resource["PhysicalResourceId"]
        schema = dynamodb.describe_table(TableName=name)["Table"]["KeySchema"]
        by_key[next(k["AttributeName"] for k in schema if k["KeyType"] == "HASH")] = name
    return TableNames(
        memos=by_key["contact_id"],
        followups=by_key["followup_id"],
        preferences=by_key["customer_key"],
        templates=by_key["template_id"],
        links=by_key["token"],
    )


def clear_parameter_cache() -> None:
    from aws_lambda_powertools.utilities import parameters

    parameters.clear_caches()
