"""The one translator: which botocore errors are throttling, unavailability, our setup, or this input."""

from __future__ import annotations

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    ParamValidationError,
    ReadTimeoutError,
)

from aftercall.adapters.aws_errors import translate
from aftercall.errors import (
    ConfigurationError,
    InvalidInputError,
    OutcomeUnknownError,
    ProviderUnavailableError,
    ThrottledError,
    WhatsAppPermanentError,
)


def _client_error(code: str, status: int = 400) -> ClientError:
    return ClientError({"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op")


@pytest.mark.parametrize(
    ("exc", "sends", "expected"),
    [
        (_client_error("ThrottledRequestException", 429), True, ThrottledError),
        (_client_error("DependencyException", 502), True, ProviderUnavailableError),
        (_client_error("AccessDeniedByMetaException", 403), True, ConfigurationError),
        (_client_error("ValidationException"), True, WhatsAppPermanentError),
        (_client_error("SomethingNew", 503), True, ProviderUnavailableError),
        (EndpointConnectionError(endpoint_url="https://x"), True, ProviderUnavailableError),
        (ReadTimeoutError(endpoint_url="https://x"), True, OutcomeUnknownError),
        (ConnectionClosedError(endpoint_url="https://x"), False, ProviderUnavailableError),
        # The SDK refused the request before sending it: this input's fault, never "unavailable"
        (
            ParamValidationError(report="Invalid length for parameter InstanceId"),
            True,
            WhatsAppPermanentError,
        ),
    ],
)
def test_each_error_becomes_the_typed_error_the_workflow_acts_on(
    exc: Exception, sends: bool, expected: type[Exception]
) -> None:
    translated = translate(exc, "SendWhatsAppMessage", refused=WhatsAppPermanentError, sends=sends)
    assert type(translated) is expected
    assert "SendWhatsAppMessage" in str(translated)


def test_a_parameter_the_api_refuses_is_this_inputs_fault_and_names_no_value() -> None:
    exc = ParamValidationError(
        report="Invalid value for parameter DestinationPhoneNumber, value: +821012345678"
    )
    translated = translate(exc, "DescribeContact", refused=InvalidInputError)
    assert isinstance(translated, InvalidInputError)
    assert "+821012345678" not in str(translated)
