"""WhatsApp on the stack: the send step and its rights, the events topic, the account's event destination."""

from __future__ import annotations

import json
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator

from aftercall_infra.config import ConfigError, DeployConfig
from aftercall_infra.constants import Fn
from tests.infra.cfn import FULL_CONTEXT, Synthesized, actions, resources
from tests.infra.test_two_way_channel import rendered

NUMBER = "976c72a700aac43eaf573ae050example"
ACCOUNT = "fb2594b8a7974770b128a409e2example"


def destination_calls(synthesized: Synthesized) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    (resource,) = [
        r for k, r in synthesized.of_type("Custom::AWS").items() if k.startswith("DeliveryWhatsApp")
    ]
    (topic,) = [k for k in synthesized.of_type("AWS::SNS::Topic") if k.startswith("DeliveryWhatsAppEvents")]
    refs = {topic: "arn:aws:sns:ap-northeast-2:111122223333:whatsapp-events"}
    calls = {
        phase: json.loads(_text(resource["Properties"][phase], refs))
        for phase in ("Create", "Update", "Delete")
    }
    return resource, calls


def _text(value: Any, refs: dict[str, str]) -> str:
    return value if isinstance(value, str) else rendered(value, refs)


def test_the_account_sends_its_events_to_the_topic_and_stops_when_the_stack_goes(
    synthesized: Synthesized,
) -> None:
    resource, calls = destination_calls(synthesized)
    for phase in ("Create", "Update"):
        assert calls[phase]["action"] == "PutWhatsAppBusinessAccountEventDestinations"
        assert calls[phase]["parameters"] == {
            "id": FULL_CONTEXT["whatsappWabaId"],
            "eventDestinations": [
                {"eventDestinationArn": "arn:aws:sns:ap-northeast-2:111122223333:whatsapp-events"}
            ],
        }
    assert calls["Delete"]["parameters"] == {"id": FULL_CONTEXT["whatsappWabaId"], "eventDestinations": []}
    assert resource["Properties"]["InstallLatestAwsSdk"] is False


def test_every_destination_call_is_valid_for_the_real_api_model(synthesized: Synthesized) -> None:
    model = botocore.session.get_session().get_service_model("socialmessaging")
    _, calls = destination_calls(synthesized)
    for call in calls.values():
        shape = model.operation_model(call["action"]).input_shape
        report = ParamValidator().validate(call["parameters"], shape)
        assert not report.has_errors(), report.generate_report()


def test_only_the_social_messaging_service_may_publish_events(synthesized: Synthesized) -> None:
    (policy,) = [
        p["Properties"]["PolicyDocument"]
        for k, p in synthesized.of_type("AWS::SNS::TopicPolicy").items()
        if k.startswith("DeliveryWhatsAppEvents")
    ]
    allowed = [s for s in policy["Statement"] if s["Effect"] == "Allow" and "sns:Publish" in actions(s)]
    assert allowed
    assert all(s["Principal"] == {"Service": "social-messaging.amazonaws.com"} for s in allowed)


def test_the_send_step_may_send_from_that_number_and_read_that_accounts_templates_only(
    synthesized: Synthesized,
) -> None:
    social = [s for s in synthesized.statements_of(Fn.SEND_WHATSAPP) if actions(s)[0].startswith("social-")]
    granted = {a: [rendered(r, {}) for r in resources(s)] for s in social for a in actions(s)}
    assert granted == {
        "social-messaging:SendWhatsAppMessage": [
            f"arn:aws:social-messaging:ap-northeast-2:111122223333:phone-number-id/{NUMBER}"
        ],
        "social-messaging:ListWhatsAppMessageTemplates": [
            f"arn:aws:social-messaging:ap-northeast-2:111122223333:waba/{ACCOUNT}"
        ],
    }


def test_the_numbers_reach_the_send_step_and_the_plan(synthesized: Synthesized) -> None:
    send = synthesized.function(Fn.SEND_WHATSAPP)["Environment"]["Variables"]
    plan = synthesized.function(Fn.PLAN)["Environment"]["Variables"]
    assert (
        send["WHATSAPP_PHONE_NUMBER_ID"]
        == plan["WHATSAPP_PHONE_NUMBER_ID"]
        == FULL_CONTEXT["whatsappPhoneNumberId"]
    )
    assert send["WHATSAPP_WABA_ID"] == FULL_CONTEXT["whatsappWabaId"]
    assert send["WHATSAPP_SENDER_CONCURRENCY"] == str(
        synthesized.function(Fn.SEND_WHATSAPP)["ReservedConcurrentExecutions"]
    )


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ({"whatsappPhoneNumberId": "phone-number-id-abc"}, "go together"),
        ({"whatsappPhoneNumberId": "+821012345678", "whatsappWabaId": "waba-abc"}, "phone-number-id-"),
        ({"whatsappPhoneNumberId": "phone-number-id-abc", "whatsappWabaId": "123456"}, "waba-"),
        ({"whatsappMetaApiVersion": "20"}, "v20.0"),
    ],
)
def test_a_bad_whatsapp_key_fails_synth_with_the_reason(given: dict[str, str], reason: str) -> None:
    with pytest.raises(ConfigError, match=reason):
        DeployConfig.from_mapping(given)
