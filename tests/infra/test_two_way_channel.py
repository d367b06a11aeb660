"""The stack points the origination identity's two-way channel at its replies topic (``twoWaySms``)."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from aws_cdk import App, Stack
from botocore.validate import ParamValidator

from aftercall_infra import arns
from aftercall_infra.config import ConfigError
from tests.infra.cfn import Synthesized

_FAKE = {"AWS::Partition": "aws", "AWS::Region": "ap-northeast-2", "AWS::AccountId": "111122223333"}


def rendered(value: Any, refs: dict[str, str]) -> str:
    """A Fn::Join of strings and Refs, as CloudFormation would render it."""
    parts = value["Fn::Join"][1]
    return "".join(p if isinstance(p, str) else refs.get(p["Ref"], _FAKE.get(p["Ref"], "")) for p in parts)


def channel_calls(synthesized: Synthesized) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    (resource,) = [r for k, r in synthesized.of_type("Custom::AWS").items() if k.startswith("TwoWay")]
    (topic,) = [k for k in synthesized.of_type("AWS::SNS::Topic") if k.startswith("TwoWayReplies")]
    refs = {topic: "arn:aws:sns:ap-northeast-2:111122223333:replies"}
    calls = {
        phase: json.loads(rendered(resource["Properties"][phase], refs))
        for phase in ("Create", "Update", "Delete")
    }
    return resource, calls


def test_the_number_sends_replies_to_the_topic_and_stops_when_the_stack_goes(
    synthesized: Synthesized,
) -> None:
    resource, calls = channel_calls(synthesized)
    number = (
        "arn:aws:sms-voice:ap-northeast-2:111122223333:phone-number/phone-0123456789abcdef0123456789abcdef"
    )

    for phase in ("Create", "Update"):
        assert calls[phase]["service"] == "pinpoint-sms-voice-v2"
        assert calls[phase]["action"] == "UpdatePhoneNumber"
        assert calls[phase]["parameters"] == {
            "PhoneNumberId": number,
            "TwoWayEnabled": True,
            "TwoWayChannelArn": "arn:aws:sns:ap-northeast-2:111122223333:replies",
        }
    assert calls["Delete"]["parameters"] == {"PhoneNumberId": number, "TwoWayEnabled": False}
    assert resource["Properties"]["InstallLatestAwsSdk"] is False
    assert any(d.startswith("TwoWayRepliesPolicy") for d in resource["DependsOn"])  # publish allowed first


def test_every_call_is_valid_for_the_real_api_model(synthesized: Synthesized) -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    _, calls = channel_calls(synthesized)
    for call in calls.values():
        report = ParamValidator().validate(
            call["parameters"], model.operation_model(call["action"]).input_shape
        )
        assert not report.has_errors(), report.generate_report()


def test_the_provider_may_make_only_that_call_on_that_number(synthesized: Synthesized) -> None:
    (policy,) = [
        p["Properties"]["PolicyDocument"]
        for k, p in synthesized.of_type("AWS::IAM::Policy").items()
        if k.startswith("TwoWayTwoWayChannel")
    ]
    (statement,) = policy["Statement"]
    assert statement["Action"] == "sms-voice:UpdatePhoneNumber"
    assert rendered(statement["Resource"], {}).endswith(
        ":phone-number/phone-0123456789abcdef0123456789abcdef"
    )


@pytest.mark.parametrize(
    ("identity", "action"),
    [
        ("phone-0123456789abcdef0123456789abcdef", "UpdatePhoneNumber"),
        ("pool-0123456789abcdef0123456789abcdef", "UpdatePool"),
        ("arn:aws:sms-voice:ap-northeast-2:111122223333:pool/pool-0123", "UpdatePool"),
    ],
)
def test_a_number_or_a_pool_gets_its_own_call(identity: str, action: str) -> None:
    assert arns.sms_two_way_target(Stack(App(), "S"), identity)[0] == action


def test_a_sender_id_cannot_take_replies() -> None:
    sender = "arn:aws:sms-voice:ap-northeast-2:111122223333:sender-id/EXAMPLE/KR"
    with pytest.raises(ConfigError, match="sender ID cannot receive replies"):
        arns.sms_two_way_target(Stack(App(), "S"), sender)
