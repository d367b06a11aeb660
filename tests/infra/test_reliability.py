"""Issue 13's promises as CloudFormation: receipts only from their services, least privilege, and what
the dead-letter queues may hold for how long."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

import pytest

from aftercall_infra.constants import Fn, Table
from aftercall_infra.nag import as_text
from tests.infra.cfn import ACCOUNT, Synthesized, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


def _table_id(synthesized: Synthesized, table: Table) -> str:
    (logical_id,) = [
        k for k in synthesized.of_type("AWS::DynamoDB::Table") if k.startswith(f"Storage{table.title()}")
    ]
    return logical_id


def _touches(statement: dict[str, Any], logical_id: str) -> bool:
    return any(logical_id in json.dumps(resource) for resource in resources(statement))


# Least privilege -----------------------------------------------------------------------------------


def test_the_receipt_function_cannot_touch_the_preferences_table(synthesized: Synthesized) -> None:
    preferences = _table_id(synthesized, Table.PREFERENCES)

    assert not [s for s in synthesized.statements_of(Fn.RECEIPTS) if _touches(s, preferences)]
    assert [
        s
        for s in synthesized.statements_of(Fn.RECEIPTS)
        if _touches(s, _table_id(synthesized, Table.FOLLOWUPS))
    ]


# Receipts only from the services that send them ------------------------------------------------

REGION = "ap-northeast-2"
OTHER_ACCOUNT = "444455556666"


def _topic_statements(synthesized: Synthesized, prefix: str) -> tuple[str, list[dict[str, Any]]]:
    (policy,) = [p for k, p in synthesized.of_type("AWS::SNS::TopicPolicy").items() if k.startswith(prefix)]
    (topic,) = policy["Properties"]["Topics"]
    return topic["Ref"], policy["Properties"]["PolicyDocument"]["Statement"]


def _resolved(synthesized: Synthesized, value: object) -> str:
    """A policy value as AWS would evaluate it in account ACCOUNT and REGION."""
    text = as_text(value)
    for logical_id, resource in synthesized.resources.items():
        name = (
            resource["Properties"].get("Name") if resource["Type"] == "AWS::SES::ConfigurationSet" else None
        )
        if name:
            text = text.replace(f"<{logical_id}>", name)
    for pseudo, real in (("Partition", "aws"), ("Region", REGION), ("AccountId", ACCOUNT)):
        text = text.replace(f"<AWS::{pseudo}>", real)
    return text


def _condition_holds(operator: str, expected: str, actual: str | None) -> bool:
    if operator == "StringEquals":
        return actual == expected
    if operator == "StringNotEquals":  # a negated operator matches a key missing from the request
        return actual is None or actual != expected
    if operator == "ArnLike":
        return actual is not None and fnmatch.fnmatchcase(actual, expected)
    if operator == "Bool":
        return actual is not None and actual.lower() == expected.lower()
    raise AssertionError(f"the test evaluator does not know {operator}")


def _decision(synthesized: Synthesized, statements: list[dict[str, Any]], caller: dict[str, str]) -> str:
    """IAM's evaluation of sns:Publish on the topic by ``caller`` (its principal and request context):
    an explicit Deny wins, then an Allow of the topic policy; an IAM principal of the account may also be
    allowed by its own policy ("identity"), which only a Deny here can stop."""
    context = {key.lower(): value for key, value in caller.items()}
    effects = set()
    for statement in statements:
        principal = statement["Principal"]
        if principal not in ("*", {"AWS": "*"}, {"Service": context.get("service")}):
            continue
        conditions = statement.get("Condition", {})
        if all(
            _condition_holds(operator, _resolved(synthesized, expected), context.get(key.lower()))
            for operator, pairs in conditions.items()
            for key, expected in pairs.items()
        ):
            effects.add(statement["Effect"])
    if "Deny" in effects:
        return "denied"
    if "Allow" in effects or context.get("identity") == "allows":
        return "allowed"
    return "denied"


SMS_CONFIGURATION_SET = f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:configuration-set/Aftercall-sms"
EMAIL_CONFIGURATION_SET = f"arn:aws:ses:{REGION}:{ACCOUNT}:configuration-set/Aftercall-email"
CALLERS: dict[str, dict[str, str]] = {
    "End User Messaging, our configuration set": {
        "service": "sms-voice.amazonaws.com",
        "aws:PrincipalServiceName": "sms-voice.amazonaws.com",
        "aws:SourceAccount": ACCOUNT,
        "aws:SourceArn": SMS_CONFIGURATION_SET,
        "aws:SecureTransport": "true",
    },
    "SES, our configuration set": {
        "service": "ses.amazonaws.com",
        "aws:PrincipalServiceName": "ses.amazonaws.com",
        "aws:SourceAccount": ACCOUNT,
        "aws:SourceArn": EMAIL_CONFIGURATION_SET,
        "aws:SecureTransport": "true",
    },
    "End User Messaging, another account's configuration set": {
        "service": "sms-voice.amazonaws.com",
        "aws:PrincipalServiceName": "sms-voice.amazonaws.com",
        "aws:SourceAccount": OTHER_ACCOUNT,
        "aws:SourceArn": SMS_CONFIGURATION_SET.replace(ACCOUNT, OTHER_ACCOUNT),
        "aws:SecureTransport": "true",
    },
    "a role of this account allowed sns:Publish on * (a forged receipt)": {
        "identity": "allows",
        "aws:PrincipalAccount": ACCOUNT,
        "aws:SecureTransport": "true",
    },
    "another service, e.g. EventBridge": {
        "service": "events.amazonaws.com",
        "aws:PrincipalServiceName": "events.amazonaws.com",
        "aws:SourceAccount": ACCOUNT,
        "aws:SecureTransport": "true",
    },
}
MAY_PUBLISH = {
    "DeliverySmsEventsPolicy": {"End User Messaging, our configuration set"},
    "DeliveryEmailEventsPolicy": {"SES, our configuration set"},
}


@pytest.mark.parametrize("policy", sorted(MAY_PUBLISH))
def test_only_the_sending_service_from_our_configuration_set_may_publish_receipts(
    synthesized: Synthesized, policy: str
) -> None:
    _, statements = _topic_statements(synthesized, policy)

    allowed = {
        name for name, caller in CALLERS.items() if _decision(synthesized, statements, caller) == "allowed"
    }

    assert allowed == MAY_PUBLISH[policy]


@pytest.mark.parametrize(
    ("policy", "service", "source_arn"),
    [
        ("DeliverySmsEventsPolicy", "sms-voice.amazonaws.com", SMS_CONFIGURATION_SET),
        ("DeliveryEmailEventsPolicy", "ses.amazonaws.com", EMAIL_CONFIGURATION_SET),
    ],
)
def test_receipt_topic_policy_statements(
    synthesized: Synthesized, policy: str, service: str, source_arn: str
) -> None:
    topic_id, statements = _topic_statements(synthesized, policy)
    allows = [s for s in statements if s["Effect"] == "Allow"]
    (deny_others,) = [s for s in statements if "aws:PrincipalServiceName" in json.dumps(s)]

    (allow,) = allows  # nothing else is allowed by the topic policy
    assert allow["Principal"] == {"Service": service}
    assert allow["Action"] == "sns:Publish"
    assert allow["Resource"] == {"Ref": topic_id}
    conditions = {k.lower(): v for pairs in allow["Condition"].values() for k, v in pairs.items()}
    assert _resolved(synthesized, conditions["aws:sourceaccount"]) == ACCOUNT
    assert _resolved(synthesized, conditions["aws:sourcearn"]) == source_arn
    assert deny_others == {
        "Sid": deny_others["Sid"],
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "sns:Publish",
        "Resource": {"Ref": topic_id},
        "Condition": {"StringNotEquals": {"aws:PrincipalServiceName": service}},
    }


# What the dead-letter queues hold, and for how long ---------------------------------------------

FOUR_DAYS = 4 * 24 * 3600
# Queue (by logical id prefix) -> whether AWS may write whole events into it (personal data).
DEAD_LETTER_QUEUES = {
    "IngestDeadLetters": True,  # EventBridge target DLQ, ingest-event's failed async invocations
    "DeliveryReceiptDeadLetters": True,  # the SNS subscriptions' redrive, receipts' failed async invocations
    "DeliverySendDeadLetters": False,  # the send queue's messages: {taskToken, followupId, retryCount}
    "TwoWayInboundDeadLetters": True,  # the replies topic's redrive, inbound-sms' failed invocations
    "DeliveryWhatsAppEventDeadLetters": True,  # the WhatsApp events topic's redrive, its handler's failures
    "TemplatesDeadLetters": False,  # the templates stream's on-failure records: shard, sequence numbers
}


def _queue(synthesized: Synthesized, prefix: str) -> dict[str, Any]:
    (queue,) = [q for k, q in synthesized.of_type("AWS::SQS::Queue").items() if k.startswith(prefix)]
    return queue["Properties"]


@pytest.mark.parametrize(("prefix", "whole_events"), sorted(DEAD_LETTER_QUEUES.items()))
def test_dead_letters_with_personal_data_are_encrypted_and_short_lived(
    synthesized: Synthesized, prefix: str, whole_events: bool
) -> None:
    queue = _queue(synthesized, prefix)

    assert queue["KmsMasterKeyId"]["Fn::GetAtt"][0].startswith("StorageDataKey")
    if whole_events:
        assert queue["MessageRetentionPeriod"] <= FOUR_DAYS
    else:
        assert queue["MessageRetentionPeriod"] == 14 * 24 * 3600


def test_every_queue_fed_whole_events_by_aws_is_a_short_lived_one(synthesized: Synthesized) -> None:
    """The rule's DLQ, the SNS subscriptions' redrive policies and the functions' asynchronous DLQs."""
    targets = [
        target["DeadLetterConfig"]["Arn"]
        for rule in synthesized.of_type("AWS::Events::Rule").values()
        for target in rule["Properties"]["Targets"]
        if "DeadLetterConfig" in target
    ]
    targets += [
        s["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]
        for s in synthesized.of_type("AWS::SNS::Subscription").values()
        if "RedrivePolicy" in s["Properties"]
    ]
    targets += [
        f["Properties"]["DeadLetterConfig"]["TargetArn"]
        for f in synthesized.of_type("AWS::Lambda::Function").values()
        if "DeadLetterConfig" in f["Properties"]
    ]
    queues = {target["Fn::GetAtt"][0] for target in targets}

    assert len(targets) >= 5
    assert all(
        any(queue.startswith(prefix) for prefix, whole in DEAD_LETTER_QUEUES.items() if whole)
        for queue in queues
    ), queues


def test_the_send_queues_dead_letters_are_consumed_and_may_only_fail_waits(synthesized: Synthesized) -> None:
    (mapping,) = [
        m["Properties"]
        for m in synthesized.of_type("AWS::Lambda::EventSourceMapping").values()
        if m["Properties"]["FunctionName"]["Ref"] == synthesized.function_id(Fn.SEND_DEAD_LETTER)
    ]
    states = {
        action
        for statement in synthesized.statements_of(Fn.SEND_DEAD_LETTER)
        for action in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
        if action.startswith("states:")
    }

    assert mapping["EventSourceArn"]["Fn::GetAtt"][0].startswith("DeliverySendDeadLetters")
    assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert states == {"states:SendTaskFailure"}
    assert synthesized.function(Fn.SEND_DEAD_LETTER)["Timeout"] < _queue(
        synthesized, "DeliverySendDeadLetters"
    ).get("VisibilityTimeout", 30)
