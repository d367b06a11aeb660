"""SendTextMessage's MaxPrice: an optional cap on what one text costs (issue 13, point 10)."""

from __future__ import annotations

import pytest

from aftercall.adapters.sms import EumSms
from aftercall.domain.outbound import SmsRequest
from aftercall.errors import ConfigurationError, SmsPermanentError
from aftercall.settings.steps import SendSmsSettings
from tests.helpers import stubbed

SMS = "pinpoint-sms-voice-v2"
REQUEST = SmsRequest("+821023456789", "[안내] 환불은 3일 안에 처리됩니다.", "f-1", "attempt#sms#1")
EXPECTED = {
    "DestinationPhoneNumber": REQUEST.destination,
    "OriginationIdentity": "pool-1",
    "MessageBody": REQUEST.text,
    "MessageType": "TRANSACTIONAL",
    "ConfigurationSetName": "aftercall",
    "TimeToLive": 3600,
    "Context": {"followup_id": "f-1", "attempt": "attempt#sms#1"},
}


def test_a_max_price_goes_with_every_text() -> None:
    with stubbed(SMS) as (client, stubber):
        stubber.add_response("send_text_message", {"MessageId": "m-1"}, {**EXPECTED, "MaxPrice": "0.05"})
        assert EumSms(client, "aftercall", "pool-1", 3600, max_price="0.05").send(REQUEST) == "m-1"


def test_without_a_max_price_none_is_sent() -> None:
    with stubbed(SMS) as (client, stubber):
        stubber.add_response("send_text_message", {"MessageId": "m-1"}, EXPECTED)
        EumSms(client, "aftercall", "pool-1", 3600).send(REQUEST)


@pytest.mark.parametrize("price", ["5", "0.123456", "123.4", "$0.05", "free"])
def test_a_max_price_the_api_model_refuses_is_a_setup_error_at_cold_start(price: str) -> None:
    with stubbed(SMS) as (client, _), pytest.raises(ConfigurationError, match="SMS_MAX_PRICE"):
        EumSms(client, "aftercall", "pool-1", 3600, max_price=price)


def test_a_text_dearer_than_the_max_price_is_refused_for_its_destination() -> None:
    # AWS refuses it (ValidationException, reason PRICE_OVER_THRESHOLD): the workflow falls back
    with stubbed(SMS) as (client, stubber):
        stubber.add_client_error(
            "send_text_message",
            service_error_code="ValidationException",
            http_status_code=400,
            modeled_fields={"Reason": "PRICE_OVER_THRESHOLD"},
        )
        with pytest.raises(SmsPermanentError):
            EumSms(client, "aftercall", "pool-1", 3600, max_price="0.01").send(REQUEST)


def test_the_setting_is_optional() -> None:
    environment = {
        "MEMO_TABLE": "memos", "FOLLOWUP_TABLE": "followups", "PREFERENCES_TABLE": "preferences",
        "TEMPLATE_TABLE": "templates", "LINK_TABLE": "links", "PACING_TABLE": "pacing",
        "SMS_CONFIGURATION_SET": "aftercall", "SMS_ORIGINATION_IDENTITY": "pool-1",
    }  # fmt: skip
    assert SendSmsSettings.from_env(environment).sms_max_price is None
    assert SendSmsSettings.from_env({**environment, "SMS_MAX_PRICE": "0.05"}).sms_max_price == "0.05"
