"""Email port: one follow-up email through Amazon SES v2 SendEmail.

The configuration set publishes the delivery events (Delivery, Bounce, Complaint, ...) to SNS; the
mail tags ``followup_id``, ``attempt`` and ``receipt_key`` come back on every event: they correlate
it with the attempt and prove it is about this send.
"""

from __future__ import annotations

import re
from typing import Any

from aftercall.adapters.aws_errors import aws_errors
from aftercall.domain.outbound import EmailRequest
from aftercall.domain.receipts import RECEIPT_KEY, attempt_to_tag
from aftercall.errors import EmailFailedError

# SES accepts tag values of ASCII letters, digits, "_" and "-", at most 256 characters.
_TAG_VALUE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CHARSET = "UTF-8"


class SesEmail:
    """Sends follow-up emails. ``client`` is a botocore ``sesv2`` client."""

    def __init__(self, client: Any, from_address: str, configuration_set: str) -> None:
        self._client = client
        self._from_address = from_address
        self._configuration_set = configuration_set

    def send(self, request: EmailRequest) -> str:
        """Send one email; returns the SES MessageId. Raises domain errors only."""
        tags = {"followup_id": request.followup_id, "attempt": attempt_to_tag(request.attempt)}
        if request.receipt_key:
            tags[RECEIPT_KEY] = request.receipt_key
        bad = sorted(name for name, value in tags.items() if not _TAG_VALUE.fullmatch(value))
        if bad:
            raise EmailFailedError(f"SES tag values not allowed: {', '.join(bad)}")
        # Not retried by the SDK (aftercall.clients): a lost answer is OutcomeUnknownError.
        with aws_errors("SendEmail", refused=EmailFailedError, sends=True):
            response = self._client.send_email(**self._params(request, tags))
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
