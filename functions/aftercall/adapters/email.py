"""Email port: one follow-up email through Amazon SES v2 SendEmail.

The configuration set publishes the delivery events (Delivery, Bounce, Complaint, ...) to SNS; the
mail tags ``followup_id`` and ``attempt`` come back on every event and correlate it with the attempt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

from aftercall.domain.receipts import attempt_to_tag
from aftercall.errors import ConfigurationError, EmailFailedError, ProviderUnavailableError, ThrottledError

# SES accepts tag values of ASCII letters, digits, "_" and "-", at most 256 characters.
_TAG_VALUE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_THROTTLED = {"TooManyRequestsException", "LimitExceededException"}
# These hit every email alike (our identity, account or configuration set): alarm, don't hide them.
_SETUP = {
    "AccountSuspendedException",
    "SendingPausedException",
    "MailFromDomainNotVerifiedException",
    "NotFoundException",
}
_CHARSET = "UTF-8"


@dataclass(frozen=True, slots=True)
class EmailRequest:
    to: str
    subject: str
    text: str
    html: str
    followup_id: str
    attempt: str  # the attempt item, "attempt#email#1"


class SesEmail:
    """Sends follow-up emails. ``client`` is a boto3 ``sesv2`` client."""

    def __init__(self, client: Any, from_address: str, configuration_set: str) -> None:
        self._client = client
        self._from_address = from_address
        self._configuration_set = configuration_set

    def send(self, request: EmailRequest) -> str:
        """Send one email; returns the SES MessageId. Raises domain errors only."""
        tags = {"followup_id": request.followup_id, "attempt": attempt_to_tag(request.attempt)}
        bad = sorted(name for name, value in tags.items() if not _TAG_VALUE.fullmatch(value))
        if bad:
            raise EmailFailedError(f"SES tag values not allowed: {', '.join(bad)}")
        try:
            response = self._client.send_email(**self._params(request, tags))
        except ClientError as exc:
            raise translate_email_error(exc) from exc
        except (ConnectionError, HTTPClientError) as exc:
            raise ProviderUnavailableError("SendEmail did not answer") from exc
        return str(response["MessageId"])

    def _params(self, request: EmailRequest, tags: dict[str, str]) -> dict[str, Any]:
        return {
            "FromEmailAddress": self._from_address,
            "Destination": {"ToAddresses": [request.to]},
            "Content": {
                "Simple": {
                    "Subject": {"Data": request.subject, "Charset": _CHARSET},
                    "Body": {
                        "Text": {"Data": request.text, "Charset": _CHARSET},
                        "Html": {"Data": request.html, "Charset": _CHARSET},
                    },
                }
            },
            "EmailTags": [{"Name": name, "Value": value} for name, value in tags.items()],
            "ConfigurationSetName": self._configuration_set,
        }


def translate_email_error(exc: ClientError) -> Exception:
    """Map a SendEmail error onto a domain error (the caller raises it ``from exc``)."""
    code = exc.response.get("Error", {}).get("Code", "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if code in _THROTTLED:
        # Sending rate or daily quota: nothing was sent and the quota frees up over time.
        return ThrottledError(f"SendEmail throttled: {code}")
    if code in _SETUP:
        return ConfigurationError(f"SendEmail refused by our setup: {code}")
    if status >= 500:
        return ProviderUnavailableError(f"SendEmail unavailable: {code}")
    # MessageRejected, BadRequestException: this email to this address will not go out.
    return EmailFailedError(f"SendEmail rejected the email: {code}")
