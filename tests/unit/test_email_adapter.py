"""SesEmail against the real sesv2 model, with botocore's Stubber."""

from __future__ import annotations

from typing import Any

import pytest

from aftercall.adapters.email import SesEmail
from aftercall.domain.outbound import EmailRequest
from aftercall.errors import ConfigurationError, EmailFailedError, ProviderUnavailableError, ThrottledError
from tests.helpers import stubbed

REQUEST = EmailRequest(
    to="customer@example.com",
    subject="상담 내용 안내",
    text="오늘 문의하신 환불은 3일 안에 처리됩니다.",
    html="<p>오늘 문의하신 환불은 3일 안에 처리됩니다.</p>",
    followup_id="f-1",
    attempt="attempt#email#1",
)


def _email(client: Any) -> SesEmail:
    return SesEmail(client, from_address="support@example.com", configuration_set="aftercall")


def test_an_email_is_sent_with_text_html_tags_and_configuration_set() -> None:
    with stubbed("sesv2") as (client, stubber):
        # Given the exact request SES must receive
        utf8 = "UTF-8"
        stubber.add_response(
            "send_email",
            {"MessageId": "ses-1"},
            {
                "FromEmailAddress": "support@example.com",
                "Destination": {"ToAddresses": ["customer@example.com"]},
                "Content": {
                    "Simple": {
                        "Subject": {"Data": REQUEST.subject, "Charset": utf8},
                        "Body": {
                            "Text": {"Data": REQUEST.text, "Charset": utf8},
                            "Html": {"Data": REQUEST.html, "Charset": utf8},
                        },
                    }
                },
                "EmailTags": [
                    {"Name": "followup_id", "Value": "f-1"},
                    {"Name": "attempt", "Value": "attempt-email-1"},
                ],
                "ConfigurationSetName": "aftercall",
            },
        )
        # When it is sent
        # Then SES's message id comes back
        assert _email(client).send(REQUEST) == "ses-1"


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("TooManyRequestsException", 429, ThrottledError),
        ("LimitExceededException", 400, ThrottledError),
        ("MessageRejected", 400, EmailFailedError),
        ("BadRequestException", 400, EmailFailedError),
        ("SendingPausedException", 400, ConfigurationError),
        ("AccountSuspendedException", 400, ConfigurationError),
        ("MailFromDomainNotVerifiedException", 400, ConfigurationError),
        ("NotFoundException", 404, ConfigurationError),
        ("InternalFailure", 500, ProviderUnavailableError),
    ],
)
def test_ses_errors_become_domain_errors(code: str, status: int, expected: type[Exception]) -> None:
    with stubbed("sesv2") as (client, stubber):
        stubber.add_client_error("send_email", service_error_code=code, http_status_code=status)
        with pytest.raises(expected):
            _email(client).send(REQUEST)


def test_a_follow_up_id_that_ses_would_refuse_as_a_tag_is_caught_before_sending() -> None:
    # Given a follow-up id with a character SES tags do not allow, and no stubbed response
    request = EmailRequest(
        "a@example.com", "s", "t", "<p>t</p>", followup_id="f/1", attempt="attempt#email#1"
    )
    # Then no call is made and the email fails as a whole
    with stubbed("sesv2") as (client, _), pytest.raises(EmailFailedError, match="followup_id"):
        _email(client).send(request)
