"""The templates table's stream validator on the embedded AWS: an admin writes an override by hand (the
DynamoDB console's put), the stream carries its keys, the handler checks it as the functions do and
records the verdict on the item; the functions then ignore a rejected one. The stream records are
moto's own (GetRecords), handed to the handler in Lambda's event shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config

from aftercall.adapters.tables import TemplateModel
from aftercall.adapters.template_store import TemplateStore
from aftercall.domain.composer import ComposeContext
from aftercall.domain.memo import Memo, Strategy
from aftercall.handlers import template_validator
from aftercall.local.lambda_context import lambda_context
from aftercall.observability import metrics
from aftercall.usecases.texts import TEMPLATE_REJECTED, compose_for
from tests.integration.aws import MotoAws

pytestmark = pytest.mark.integration

COMPANY, CALLBACK = "Acme Bank", "1588-1234"
GOOD = "Thanks for calling ${company_name}.\n?About: ${purpose}\nCall ${callback_number}."
CTX = ComposeContext(COMPANY, CALLBACK, None)
MEMO = Memo(purpose="double charge", desired_outcome="refund by Mar 6")


class Stream:
    """The templates table's stream (keys only), read as Lambda's event source mapping reads it."""

    def __init__(self, aws: MotoAws) -> None:
        self.dynamodb = aws.client("dynamodb")
        # moto answers DynamoDB Streams on its regional endpoint, not on botocore's account-based one.
        self.streams = boto3.client(
            "dynamodbstreams", region_name=aws.region, config=Config(account_id_endpoint_mode="disabled")
        )
        table = aws.tables.templates
        self.dynamodb.update_table(
            TableName=table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
        )
        self.arn = self.dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
        shard = self.streams.describe_stream(StreamArn=self.arn)["StreamDescription"]["Shards"][0]["ShardId"]
        self.iterator = self.streams.get_shard_iterator(
            StreamArn=self.arn, ShardId=shard, ShardIteratorType="LATEST"
        )["ShardIterator"]

    def new_records(self) -> dict[str, Any]:
        """What was written since the last call, as a Lambda DynamoDB-stream event."""
        answer = self.streams.get_records(ShardIterator=self.iterator)
        self.iterator = answer["NextShardIterator"]
        return {"Records": [{**r, "eventSourceARN": self.arn} for r in answer["Records"]]}


@pytest.fixture
def stream(aws: MotoAws) -> Iterator[Stream]:
    aws.setenv(COMPANY_NAME=COMPANY, CALLBACK_NUMBER=CALLBACK, BANNED_PHRASES="free gift")
    metrics.clear_metrics()
    yield Stream(aws)
    metrics.clear_metrics()


def _console_put(aws: MotoAws, template_id: str, **attributes: dict[str, Any]) -> None:
    """An admin's item, typed in the DynamoDB console (no check, no status)."""
    aws.client("dynamodb").put_item(
        TableName=aws.tables.templates, Item={"template_id": {"S": template_id}, **attributes}
    )


def _validate(event: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """The handler; ``rejections``: the TemplateRejected count it emitted (its EMF lines on stdout)."""
    capsys.readouterr()
    answer = dict(template_validator.handler(event, lambda_context("template_validator")))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    emitted = [line for line in lines if "_aws" in line]
    return {**answer, "rejections": sum(sum(line.get(TEMPLATE_REJECTED, [])) for line in emitted)}


def test_a_bad_template_written_in_the_console_is_rejected_with_its_reasons_and_ignored(
    aws: MotoAws, stream: Stream, capsys: pytest.CaptureFixture[str]
) -> None:
    body = "${company_name}: a free gift for you! ${customer_name}\nCall ${callback_number}."
    _console_put(aws, "confirm#en-US", body={"S": body}, part_budget={"N": "1"})

    answer = _validate(stream.new_records(), capsys)

    item = TemplateModel.get("confirm#en-US")
    assert answer["batchItemFailures"] == []
    assert item.status == "rejected"
    assert "unknown placeholder ${customer_name}" in item.reasons
    assert answer["rejections"] == 1  # TemplateRejected, alarmed
    assert TemplateStore().get("confirm#en-US") is None  # the functions skip it ...
    metrics.clear_metrics()
    sms = compose_for(MEMO, Strategy.CONFIRM, "en-US", CTX, "followup", TemplateStore(), ())
    assert sms.template_source == "default"  # ... and compose the built-in text
    assert TEMPLATE_REJECTED not in metrics.metric_set  # without judging it again at every send


def test_the_validators_own_write_is_not_checked_again(
    aws: MotoAws, stream: Stream, capsys: pytest.CaptureFixture[str]
) -> None:
    _console_put(aws, "confirm#en-US", body={"S": "${company_name} ${nope}"})
    _validate(stream.new_records(), capsys)
    first = TemplateModel.get("confirm#en-US")

    answer = _validate(stream.new_records(), capsys)  # the MODIFY record of the verdict itself

    assert answer["rejections"] == 0
    assert TemplateModel.get("confirm#en-US").checked_at == first.checked_at
    assert stream.new_records()["Records"] == []  # nothing written: the loop ends here


def test_a_sound_template_is_marked_valid_and_used_and_an_edit_is_checked_again(
    aws: MotoAws, stream: Stream, capsys: pytest.CaptureFixture[str]
) -> None:
    _console_put(aws, "confirm#en-US", body={"S": GOOD})
    _validate(stream.new_records(), capsys)
    assert TemplateModel.get("confirm#en-US").status == "valid"
    assert compose_for(
        MEMO, Strategy.CONFIRM, "en-US", CTX, "followup", TemplateStore(), ()
    ).template_source == ("override")

    _validate(stream.new_records(), capsys)  # its own verdict: unchanged
    _console_put(aws, "confirm#en-US", body={"S": GOOD + "\nA free gift awaits."}, status={"S": "valid"})
    answer = _validate(stream.new_records(), capsys)

    item = TemplateModel.get("confirm#en-US")
    assert item.status == "rejected"  # a "valid" typed by hand does not stand for the new content
    assert item.reasons == ["message lint: banned_phrase"]
    assert answer["rejections"] == 1


def test_an_item_with_an_attribute_of_the_wrong_type_is_rejected_and_never_breaks_a_send(
    aws: MotoAws, stream: Stream, capsys: pytest.CaptureFixture[str]
) -> None:
    _console_put(aws, "confirm#ko-KR", body={"S": GOOD}, part_budget={"S": "2"})

    _validate(stream.new_records(), capsys)
    again = _validate(stream.new_records(), capsys)

    item = aws.client("dynamodb").get_item(
        TableName=aws.tables.templates, Key={"template_id": {"S": "confirm#ko-KR"}}
    )
    assert item["Item"]["status"] == {"S": "rejected"}
    assert "part_budget" in item["Item"]["reasons"]["L"][0]["S"]
    assert again["rejections"] == 0
    assert TemplateStore().get("confirm#ko-KR") is None  # the plan step gets the built-in text, no error


def test_a_removed_override_needs_no_check(
    aws: MotoAws, stream: Stream, capsys: pytest.CaptureFixture[str]
) -> None:
    _console_put(aws, "confirm#en-US", body={"S": GOOD})
    _validate(stream.new_records(), capsys)
    _validate(stream.new_records(), capsys)
    TemplateStore().delete("confirm#en-US")

    event = stream.new_records()
    answer = _validate(event, capsys)

    assert [r["eventName"] for r in event["Records"]] == ["REMOVE"]
    assert answer == {"batchItemFailures": [], "rejections": 0}
