"""EumSms against the real pinpoint-sms-voice-v2 model, with botocore's Stubber."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import Stubber

from aftercall.adapters.sms import EumSms
from aftercall.domain.outbound import SmsRequest
from aftercall.errors import (
    ConfigurationError,
    OptedOutError,
    ProviderUnavailableError,
    SmsPermanentError,
    ThrottledError,
)
from tests.helpers import stubbed

SMS = "pinpoint-sms-voice-v2"
REQUEST = SmsRequest(
    destination="+821023456789",
    text="[상담 안내] 오늘 문의하신 환불은 3일 안에 처리됩니다.",
    followup_id="f-1",
    attempt="attempt#sms#1",
)


def _sms(client: Any, ttl: int = 3600) -> EumSms:
    return EumSms(client, configuration_set="aftercall", origination_identity="pool-1", ttl_seconds=ttl)


def test_a_text_is_sent_with_our_context_and_settings() -> None:
    with stubbed(SMS) as (client, stubber):
        # Given the exact request the service must receive
        stubber.add_response(
            "send_text_message",
            {"MessageId": "m-1"},
            {
                "DestinationPhoneNumber": REQUEST.destination,
                "OriginationIdentity": "pool-1",
                "MessageBody": REQUEST.text,
                "MessageType": "TRANSACTIONAL",
                "ConfigurationSetName": "aftercall",
                "TimeToLive": 3600,
                "Context": {"followup_id": "f-1", "attempt": "attempt#sms#1"},
            },
        )
        # When the text is sent
        message_id = _sms(client).send(REQUEST)
    # Then the provider's message id comes back
    assert message_id == "m-1"


def _fails_with(stubber: Stubber, code: str, status: int = 400, **fields: str) -> None:
    stubber.add_client_error(
        "send_text_message", service_error_code=code, http_status_code=status, modeled_fields=fields or None
    )


@pytest.mark.parametrize(
    ("code", "status", "fields", "expected"),
    [
        ("ThrottlingException", 429, {}, ThrottledError),
        # The monthly spend limit (the sandbox's $1), the sandbox's verified destinations, no identity
        # for the country: account problems that alarm, never throttling that is retried.
        (
            "ServiceQuotaExceededException",
            402,
            {"Reason": "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT"},
            ConfigurationError,
        ),
        (
            "ServiceQuotaExceededException",
            402,
            {"Reason": "VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT"},
            ConfigurationError,
        ),
        (
            "ValidationException",
            400,
            {"Reason": "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY"},
            ConfigurationError,
        ),
        ("ServiceQuotaExceededException", 402, {"Reason": "DAILY_DESTINATION_CALL_LIMIT"}, ThrottledError),
        ("InternalServerException", 500, {}, ProviderUnavailableError),
        ("ConflictException", 409, {"Reason": "DESTINATION_PHONE_NUMBER_OPTED_OUT"}, OptedOutError),
        ("ConflictException", 409, {"Reason": "RESOURCE_NOT_ACTIVE"}, ConfigurationError),
        ("AccessDeniedException", 403, {}, ConfigurationError),
        ("ResourceNotFoundException", 404, {"ResourceType": "configuration-set"}, ConfigurationError),
        ("ValidationException", 400, {"Reason": "DESTINATION_COUNTRY_BLOCKED"}, SmsPermanentError),
    ],
)
def test_provider_errors_become_domain_errors(
    code: str, status: int, fields: dict[str, str], expected: type[Exception]
) -> None:
    with stubbed(SMS) as (client, stubber):
        # Given the service answers with an error
        _fails_with(stubber, code, status, **fields)
        # When a text is sent
        # Then the error is the domain error the state machine retries or catches on
        with pytest.raises(expected):
            _sms(client).send(REQUEST)


def test_an_opted_out_destination_is_not_mistaken_for_another_conflict() -> None:
    with stubbed(SMS) as (client, stubber):
        _fails_with(stubber, "ConflictException", 409, Reason="DESTINATION_PHONE_NUMBER_OPTED_OUT")
        with pytest.raises(OptedOutError) as caught:
            _sms(client).send(REQUEST)
    assert caught.value.__cause__ is not None  # raised "from" the SDK error


@pytest.mark.parametrize(
    "request_",
    [
        SmsRequest(destination="010-2345-6789", text="hi", followup_id="f-1", attempt="attempt#sms#1"),
        SmsRequest(destination="+821023456789", text="x" * 1601, followup_id="f-1", attempt="attempt#sms#1"),
        SmsRequest(
            destination="+821023456789", text="hi", followup_id="f-1", attempt="a", message_type="OTP"
        ),
    ],
    ids=["not-e164", "body-too-long", "unknown-message-type"],
)
def test_a_request_the_model_forbids_is_refused_before_any_call(request_: SmsRequest) -> None:
    # Given no response is stubbed: any call would fail the test with a StubResponseError
    with stubbed(SMS) as (client, _), pytest.raises(SmsPermanentError) as caught:
        _sms(client).send(request_)
    # Then the error names the rule, never the value
    assert request_.destination not in str(caught.value)


def test_a_time_to_live_outside_the_model_range_is_refused() -> None:
    with stubbed(SMS) as (client, _), pytest.raises(SmsPermanentError, match="TimeToLive"):
        _sms(client, ttl=259201).send(REQUEST)
