"""``aftercall forget --phone``: one customer's data leaves every table; other customers' data stays.

The tables are created by a CloudFormation stack on moto (with generated names, as CDK's are), so
the command must find them with ``--stack``; the customer key comes from the SSM SecureString.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.tables import (
    ALL_MODELS,
    FollowupModel,
    LinkModel,
    MemoModel,
    PreferencesModel,
    TableNames,
    TemplateModel,
    bind_tables,
)
from aftercall.cli.main import main
from aftercall.domain.followup import NewFollowup, SmsText, StatusUpdate, TextClaim, attempt_item
from aftercall.domain.phone import customer_key
from aftercall.domain.preferences import Preferences
from aftercall.settings import table_environment
from tests.helpers import korean_mobile
from tests.integration.aws import REGION, MotoAws
from tests.samples import sample_contact_memo, sample_memo

pytestmark = pytest.mark.integration

STACK = "Aftercall"
PARAMETER = "/aftercall/customer-key"
SECRET = "forget-test-secret"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FORGOTTEN = "+821023456789"
KEPT = "+821098765432"
MEMO_TEXT = "중복 청구 12,000원 환불 요청"


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
        ]
    )
}


@dataclass
class Stack:
    names: TableNames

    def count(self, model: Any) -> int:
        return sum(1 for _ in model.scan())


@pytest.fixture(scope="module")
def stack(module_aws: MotoAws) -> Iterator[Stack]:
    """One stack for the module (creating it is slow); every test uses numbers of its own.

    The account's own tables stay beside the stack's, but not in the environment: the command must
    find the stack's tables from its name alone.
    """
    module_aws.delenv(*table_environment(module_aws.tables), "CUSTOMER_KEY_PARAMETER")
    module_aws.client("cloudformation").create_stack(StackName=STACK, TemplateBody=json.dumps(TEMPLATE))
    module_aws.client("ssm").put_parameter(Name=PARAMETER, Value=SECRET, Type="SecureString")
    names = _names_by_key()
    bind_tables(names, REGION)
    _clear_parameter_cache()
    yield Stack(names)
    _clear_parameter_cache()


def _names_by_key() -> TableNames:
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


def _clear_parameter_cache() -> None:
    from aws_lambda_powertools.utilities import parameters

    parameters.clear_caches()


def _number() -> str:
    return korean_mobile()


def _key(number: str) -> str:
    return customer_key(number, SECRET.encode())


def _customer(number: str, calls: int, appointment: bool = False) -> list[str]:
    """Seed ``calls`` contacts of one customer with everything a follow-up leaves behind."""
    store, links = FollowupStore(timedelta(days=30)), LinkStore()
    key = _key(number)
    contact_ids = []
    for n in range(calls):
        contact_id = str(uuid.uuid4())
        contact_ids.append(contact_id)
        memo = sample_contact_memo(
            contact_id,
            number,
            sample_memo(purpose=MEMO_TEXT, email="customer@example.com"),
            ended_at=NOW - timedelta(days=n),
            last_update=NOW - timedelta(days=n),
            customer_key=key,
        )
        MemoStore().save_if_newer(memo, timedelta(days=400), NOW)
        followup_ids = [contact_id, f"{contact_id}_reminder"] if appointment else [contact_id]
        for followup_id in followup_ids:
            store.save_plan(
                NewFollowup(
                    followup_id=followup_id,
                    contact_id=contact_id,
                    kind="followup",
                    customer_key=key,
                    call_ended_at=NOW,
                    send_at=NOW,
                    route=("sms", "email"),
                    sms=SmsText(f"{MEMO_TEXT} 안내", 1, "UCS-2"),
                ),
                NOW,
            )
            store.claim(
                followup_id, attempt_item("sms", 1), "followup", "token", NOW, TextClaim(1, "UCS-2", key)
            )
            store.append_status(
                followup_id,
                attempt_item("sms", 1),
                StatusUpdate("TEXT_DELIVERED", NOW, True, "sms", f"e-{followup_id}", f"m-{followup_id}"),
            )
            links.issue(followup_id, contact_id, "ko-KR", timedelta(days=7), NOW)
    PreferencesStore().put(key, Preferences(locale="ko-KR", email="customer@example.com"), NOW)
    return contact_ids


def test_forget_by_stack_deletes_one_customers_data_from_every_table(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two customers with memos, follow-ups (one with a reminder), attempts, links and preferences
    forgotten = _customer(FORGOTTEN, calls=2, appointment=True)
    kept = _customer(KEPT, calls=1)
    TemplateModel("confirm#ko-KR", body="[${company_name}]", part_budget=1).save()
    before = {model.__name__: stack.count(model) for model in ALL_MODELS}
    # When the operator forgets the first one, given in national form, with only the stack's name
    code = main(["forget", "--phone", "010-2345-6789", "--stack", STACK, "--region", REGION])
    # Then every item of theirs is gone, with counts printed and the number nowhere in the output
    out = capsys.readouterr()
    assert code == 0
    assert out.out.strip() == ("forgot one customer: memos=2 followups=4 attempts=4 links=4 preferences=1")
    for text in (FORGOTTEN, FORGOTTEN.removeprefix("+"), "010-2345-6789", "01023456789", _key(FORGOTTEN)):
        assert text not in out.out + out.err
    assert not list(MemoModel.customer_index.query(_key(FORGOTTEN)))
    for contact_id in forgotten:
        for followup_id in (contact_id, f"{contact_id}_reminder"):
            assert not list(FollowupModel.query(followup_id))
        assert not list(LinkModel.scan(LinkModel.contact_id == contact_id))
    assert PreferencesModel.count(_key(FORGOTTEN)) == 0
    # And the other customer and the templates are untouched
    assert [m.contact_id for m in MemoModel.customer_index.query(_key(KEPT))] == kept
    assert len(list(FollowupModel.query(kept[0]))) == 2
    assert PreferencesModel.count(_key(KEPT)) == 1
    after = {model.__name__: stack.count(model) for model in ALL_MODELS}
    assert after["TemplateModel"] == before["TemplateModel"] >= 1
    assert after["LinkModel"] == before["LinkModel"] - 4
    assert after["MemoModel"] == before["MemoModel"] - 2


def test_forget_finds_the_follow_ups_that_texted_the_customer_even_without_their_memo(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a customer whose memo is already gone (memos and follow-ups have retentions of their own)
    number = _number()
    [contact_id] = _customer(number, calls=1)
    MemoModel(contact_id).delete()
    # When the operator forgets them
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    # Then the follow-up that texted them is found through the followups table's index, and deleted
    # with its detail link
    assert capsys.readouterr().out.strip() == (
        "forgot one customer: memos=0 followups=1 attempts=1 links=1 preferences=1"
    )
    assert not list(FollowupModel.query(contact_id))
    assert not list(LinkModel.scan(LinkModel.contact_id == contact_id))


def test_forget_twice_finds_nothing_the_second_time(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    number = _number()
    _customer(number, calls=1)
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    capsys.readouterr()
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    assert capsys.readouterr().out.strip() == (
        "forgot one customer: memos=0 followups=0 attempts=0 links=0 preferences=0"
    )


def test_forget_with_table_options_and_the_key_parameter_from_the_environment(
    stack: Stack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    number = _number()
    _customer(number, calls=1)
    monkeypatch.setenv("CUSTOMER_KEY_PARAMETER", PARAMETER)
    monkeypatch.setenv("TEMPLATE_TABLE", stack.names.templates)
    names = stack.names
    code = main(
        ["forget", "--phone", number, "--memo-table", names.memos, "--followup-table", names.followups,
         "--preferences-table", names.preferences, "--link-table", names.links, "--region", REGION]
    )  # fmt: skip
    assert code == 0
    assert "memos=1 followups=1 attempts=1 links=1 preferences=1" in capsys.readouterr().out


def test_an_invalid_number_is_refused_without_echoing_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["forget", "--phone", "12-NOT-A-PHONE-98", "--memo-table", "x"])
    err = capsys.readouterr().err
    assert code == 2
    assert "12-NOT-A-PHONE-98" not in err


def test_an_unknown_stack_is_reported(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["forget", "--phone", FORGOTTEN, "--stack", "NoSuchStack", "--region", REGION])
    out = capsys.readouterr()
    assert code == 2
    assert "NoSuchStack" in out.err
    assert FORGOTTEN not in out.out + out.err


def test_the_key_changes_with_the_secret_so_a_wrong_secret_forgets_nothing(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a customer keyed with the stack's secret
    number = _number()
    _customer(number, calls=1)
    ssm = boto3.client("ssm", region_name=REGION)
    # When the parameter holds another secret
    ssm.put_parameter(Name=PARAMETER, Value="another-secret", Type="SecureString", Overwrite=True)
    _clear_parameter_cache()
    try:
        assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    finally:
        ssm.put_parameter(Name=PARAMETER, Value=SECRET, Type="SecureString", Overwrite=True)
        _clear_parameter_cache()
    # Then the key differs and nothing is found: the key is an HMAC of the number, not a bare hash
    assert "memos=0" in capsys.readouterr().out
    assert customer_key(number, b"another-secret") != _key(number)
    assert MemoModel.customer_index.count(_key(number)) == 1
