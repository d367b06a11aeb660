"""A CloudFormation stack on moto shaped like the deployed one: the five tables (with generated names,
as CDK's are) and the state machine, plus the customer-key SecureString. The CLI commands that take
``--stack`` (forget, preferences, resend) find everything from its name alone.

``stack`` is module-scoped (creating it is slow): each test uses contacts and numbers of its own.
"""

from __future__ import annotations

import json
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


def _table(logical: str, key: str, sort: str | None = None, *indexes: dict[str, Any]) -> Any:
    attributes = [{"AttributeName": key, "AttributeType": "S"}]
    schema = [{"AttributeName": key, "KeyType": "HASH"}]
    if sort:
        attributes.append({"AttributeName": sort, "AttributeType": "S"})
        schema.append({"AttributeName": sort, "KeyType": "RANGE"})
    properties: dict[str, Any] = {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": attributes,
        "KeySchema": schema,
    }
    if indexes:
        for index in indexes:
            properties["AttributeDefinitions"] += index.pop("attributes")
        properties["GlobalSecondaryIndexes"] = list(indexes)
    return logical, {"Type": "AWS::DynamoDB::Table", "Properties": properties}


TEMPLATE = {
    "Resources": dict(
        [
            _table(
                "StorageMemos1A2B3C",
                "contact_id",
                None,
                {
                    "IndexName": "by-customer",
                    "KeySchema": [
                        {"AttributeName": "customer_key", "KeyType": "HASH"},
                        {"AttributeName": "ended_at", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                    "attributes": [
                        {"AttributeName": "customer_key", "AttributeType": "S"},
                        {"AttributeName": "ended_at", "AttributeType": "S"},
                    ],
                },
            ),
            _table(
                "StorageFollowups4D5E6F",
                "followup_id",
                "item",
                {
                    "IndexName": "by-message-id",
                    "KeySchema": [{"AttributeName": "message_id", "KeyType": "HASH"}],
                    "Projection": {"ProjectionType": "ALL"},
                    "attributes": [{"AttributeName": "message_id", "AttributeType": "S"}],
                },
                {
                    "IndexName": "by-customer-sends",
                    "KeySchema": [
                        {"AttributeName": "sms_customer_key", "KeyType": "HASH"},
                        {"AttributeName": "sent_at", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "KEYS_ONLY"},
                    "attributes": [
                        {"AttributeName": "sms_customer_key", "AttributeType": "S"},
                        {"AttributeName": "sent_at", "AttributeType": "S"},
                    ],
                },
            ),
            _table("StoragePreferences7A8B9C", "customer_key"),
            _table("StorageTemplates0D1E2F", "template_id"),
            _table("StorageLinks3A4B5C", "token"),
            (
                "WorkflowFollowup6D7E8F",
                {
                    "Type": "AWS::StepFunctions::StateMachine",
                    "Properties": {
                        # moto does not run it: executions stay RUNNING until stopped
                        "DefinitionString": json.dumps(
                            {
                                "StartAt": "Wait",
                                "States": {"Wait": {"Type": "Wait", "Seconds": 60, "End": True}},
                            }
                        ),
                        "RoleArn": "arn:aws:iam::123456789012:role/followup",
                    },
                },
            ),
        ]
    )
}


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
    module_aws.client("cloudformation").create_stack(StackName=STACK, TemplateBody=json.dumps(TEMPLATE))
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
