"""EumWhatsApp against the real socialmessaging model (botocore's Stubber), and the stand-in."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from aftercall.adapters.whatsapp import META_API_VERSION, EumWhatsApp, cloud_api_message
from aftercall.domain.outbound import WhatsAppRequest
from aftercall.errors import (
    OutcomeUnknownError,
    ProviderUnavailableError,
    ThrottledError,
    WhatsAppPermanentError,
)
from aftercall.local.whatsapp_standin import WhatsAppStandIn
from tests.helpers import stubbed

SOCIAL = "socialmessaging"
PHONE_ID = "phone-number-id-0123456789abcdef0123456789abcdef"
TEMPLATE = WhatsAppRequest(
    destination="+821023456789",
    followup_id="f-1",
    attempt="attempt#whatsapp#1",
    template="aftercall_refund",
    language="ko",
    parameters=("환불은 3일 안에 처리됩니다.",),
)
TEXT = WhatsAppRequest(
    destination="+821023456789", followup_id="f-1", attempt="attempt#whatsapp#1", text="문의 감사합니다."
)


def test_a_template_message_is_sent_as_cloud_api_json_from_our_number() -> None:
    with stubbed(SOCIAL) as (client, stubber):
        message = cloud_api_message(TEMPLATE)
        expected = {
            "originationPhoneNumberId": PHONE_ID,
            "message": message,
            "metaApiVersion": META_API_VERSION,
        }
        stubber.add_response("send_whatsapp_message", {"messageId": "wamid.1"}, expected)
        message_id = EumWhatsApp(client, PHONE_ID).send(TEMPLATE)
    assert message_id == "wamid.1"
    body = json.loads(message)
    assert body["type"] == "template"
    assert body["template"]["name"] == "aftercall_refund"
    assert body["template"]["language"] == {"code": "ko"}
    assert body["template"]["components"][0]["parameters"] == [
        {"type": "text", "text": TEMPLATE.parameters[0]}
    ]


def test_free_form_text_is_sent_as_a_text_message() -> None:
    body = json.loads(cloud_api_message(TEXT))
    assert body == {
        "messaging_product": "whatsapp",
        "to": "+821023456789",
        "type": "text",
        "text": {"preview_url": False, "body": "문의 감사합니다."},
        # Meta echoes it with every status: the attempt, the claim's key (none here), the follow-up.
        "biz_opaque_callback_data": "attempt#whatsapp#1 - f-1",
    }


def test_a_request_with_neither_text_nor_template_is_a_typed_error() -> None:
    with pytest.raises(WhatsAppPermanentError):
        cloud_api_message(WhatsAppRequest(destination="+821023456789", followup_id="f", attempt="a"))


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("ThrottledRequestException", 400, ThrottledError),
        ("InternalServiceException", 500, (ProviderUnavailableError, OutcomeUnknownError)),
        ("ValidationException", 400, WhatsAppPermanentError),
    ],
)
def test_service_errors_become_domain_errors(code: str, status: int, expected: type[Exception]) -> None:
    with stubbed(SOCIAL) as (client, stubber):
        stubber.add_client_error("send_whatsapp_message", service_error_code=code, http_status_code=status)
        with pytest.raises(expected):
            EumWhatsApp(client, PHONE_ID).send(TEXT)


def test_the_client_never_resends_a_whatsapp_message() -> None:
    from aftercall import clients

    config = clients._CONFIGS[SOCIAL]
    assert config.retries == {"mode": "standard", "total_max_attempts": 1}


def test_the_stand_in_answers_like_the_service_and_keeps_what_was_sent() -> None:
    stand_in = WhatsAppStandIn()
    with pytest.raises(WhatsAppPermanentError):  # Meta refuses a template it has not approved
        EumWhatsApp(stand_in, PHONE_ID).send(TEMPLATE)
    definition = {"name": "aftercall_refund", "language": "ko", "category": "UTILITY", "components": []}
    stand_in.create_whatsapp_message_template(id="waba-1", templateDefinition=json.dumps(definition).encode())
    stand_in.review("APPROVED")
    message_id = EumWhatsApp(stand_in, PHONE_ID).send(TEMPLATE)
    assert message_id.startswith("wamid.")
    assert stand_in.sent[0]["messageId"] == message_id
    assert stand_in.sent[0]["message"]["template"]["name"] == "aftercall_refund"


def test_the_stand_in_refuses_what_the_service_would_refuse() -> None:
    stand_in = WhatsAppStandIn()
    with pytest.raises(ClientError) as raised:
        stand_in.send_whatsapp_message(
            originationPhoneNumberId=PHONE_ID, message=b"not json", metaApiVersion="v20.0"
        )
    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert stand_in.sent == []
