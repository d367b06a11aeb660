"""Template overrides typed in the DynamoDB console, as a demo scenario's admin does it: the items are
written with no check, and the templates table's stream (keys only) is handed to the validator the
way Lambda's event source mapping hands it, so the demo shows the verdict the deployed stack records.

Each scenario starts from the built-in templates: what an earlier scenario typed is removed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config

from aftercall.local.resources import TABLES
from aftercall.local.scenario import Scenario

VALIDATOR = "template-validator"  # local.resources.HANDLERS


@dataclass(frozen=True)
class TemplateVerdict:
    template_id: str
    status: str
    reasons: tuple[str, ...]


def type_templates(aws: Any, scenario: Scenario) -> list[TemplateVerdict]:
    """Remove earlier scenarios' overrides, type this scenario's, and return the validator's verdicts."""
    dynamodb = boto3.client("dynamodb", region_name=aws.region)
    table = TABLES.templates
    leftovers = dynamodb.scan(TableName=table, ProjectionExpression="template_id")["Items"]
    for leftover in leftovers:
        dynamodb.delete_item(TableName=table, Key={"template_id": leftover["template_id"]})
    if not scenario.templates:
        return []
    stream = _Stream(dynamodb, aws.region, table)
    for edit in scenario.templates:
        item: dict[str, Any] = {"template_id": {"S": edit.template_id}, "body": {"S": edit.body}}
        if edit.part_budget is not None:
            item["part_budget"] = {"N": str(edit.part_budget)}
        dynamodb.put_item(TableName=table, Item=item)
    aws.invoke(VALIDATOR, stream.event())
    stream.event()  # the validator's own writes: it does not judge them again (nothing to hand on)
    verdicts = []
    for edit in scenario.templates:
        stored = dynamodb.get_item(TableName=table, Key={"template_id": {"S": edit.template_id}})["Item"]
        reasons = tuple(r["S"] for r in stored.get("reasons", {}).get("L", []))
        verdicts.append(
            TemplateVerdict(edit.template_id, stored.get("status", {}).get("S", "unchecked"), reasons)
        )
    return verdicts


class _Stream:
    """The table's stream from now on (enabled once, keys only, as the stack deploys it)."""

    def __init__(self, dynamodb: Any, region: str, table: str) -> None:
        description = dynamodb.describe_table(TableName=table)["Table"]
        if not description.get("StreamSpecification", {}).get("StreamEnabled"):
            dynamodb.update_table(
                TableName=table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
            )
            description = dynamodb.describe_table(TableName=table)["Table"]
        self.arn = description["LatestStreamArn"]
        # moto answers DynamoDB Streams on its regional endpoint, not on botocore's account-based one.
        self.streams = boto3.client(
            "dynamodbstreams", region_name=region, config=Config(account_id_endpoint_mode="disabled")
        )
        shards = self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"]
        self.iterator = self.streams.get_shard_iterator(
            StreamArn=self.arn, ShardId=shards[-1]["ShardId"], ShardIteratorType="LATEST"
        )["ShardIterator"]

    def event(self) -> dict[str, Any]:
        """The records written since the last call, as Lambda's DynamoDB-stream event."""
        answer = self.streams.get_records(ShardIterator=self.iterator)
        self.iterator = answer["NextShardIterator"]
        return {"Records": [{**r, "eventSourceARN": self.arn} for r in answer["Records"]]}
