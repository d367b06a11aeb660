"""SMS port: one text through AWS End User Messaging SMS (``pinpoint-sms-voice-v2`` SendTextMessage).

SendTextMessage has no idempotency token: the caller claims the attempt before calling ``send``, so
a retried invocation never sends twice. ``Context`` carries the follow-up id and the attempt item;
End User Messaging echoes it on every delivery event, which is how receipts find their attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError, ConnectionError, HTTPClientError

from aftercall.adapters.api_model import RequestConstraintError, check_constraints
from aftercall.errors import (
    ConfigurationError,
    OptedOutError,
    ProviderUnavailableError,
    SmsPermanentError,
    ThrottledError,
)

OPERATION = "SendTextMessage"
OPTED_OUT_REASON = "DESTINATION_PHONE_NUMBER_OPTED_OUT"


@dataclass(frozen=True, slots=True)
class SmsRequest:
    destination: str  # E.164
    text: str
    followup_id: str
    attempt: str  # the attempt item, "attempt#sms#1"
    message_type: str = "TRANSACTIONAL"


class EumSms:
    """Sends texts. ``client`` is a boto3 ``pinpoint-sms-voice-v2`` client (or the carrier simulator)."""

    def __init__(
        self, client: Any, configuration_set: str, origination_identity: str, ttl_seconds: int
    ) -> None:
        self._client = client
        self._configuration_set = configuration_set
        self._origination_identity = origination_identity
        self._ttl_seconds = ttl_seconds

    def send(self, request: SmsRequest) -> str:
        """Send one text; returns the provider's MessageId. Raises domain errors only."""
        params = self._params(request)
        try:
            check_constraints(self._client.meta.service_model.operation_model(OPERATION), params)
        except RequestConstraintError as exc:
            raise SmsPermanentError(f"SendTextMessage request rejected before sending: {exc}") from exc
        try:
            response = self._client.send_text_message(**params)
        except ClientError as exc:
            raise translate_sms_error(exc) from exc
        except (ConnectionError, HTTPClientError) as exc:
            # A read timeout may hide an accepted text: the attempt stays claimed, so no resend.
            raise ProviderUnavailableError("SendTextMessage did not answer") from exc
        return str(response["MessageId"])

    def _params(self, request: SmsRequest) -> dict[str, Any]:
        return {
            "DestinationPhoneNumber": request.destination,
            "OriginationIdentity": self._origination_identity,
            "MessageBody": request.text,
            "MessageType": request.message_type,
            "ConfigurationSetName": self._configuration_set,
            "TimeToLive": self._ttl_seconds,
            "Context": {"followup_id": request.followup_id, "attempt": request.attempt},
        }


def translate_sms_error(exc: ClientError) -> Exception:
    """Map a SendTextMessage error onto a domain error (the caller raises it ``from exc``).

    Errors about our own setup (permissions, a missing configuration set or origination identity, an
    inactive number) become ConfigurationError: they hit every send alike, so they must alarm
    instead of quietly moving every customer to email. Errors about this one request or
    destination become SmsPermanentError, which falls back to the next channel.
    """
    error = exc.response.get("Error", {})
    code = error.get("Code", "")
    reason = exc.response.get("Reason") or error.get("Reason", "")
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    if code == "ThrottlingException":
        return ThrottledError("SendTextMessage throttled")
    if code == "ServiceQuotaExceededException":
        # The text was not sent, and the send quotas (parts per second, daily and monthly limits)
        # free up over time: back off and retry; the bounded retries fall back if it lasts.
        return ThrottledError(f"SendTextMessage quota exceeded: {reason or 'unspecified'}")
    if code == "InternalServerException" or status >= 500:
        return ProviderUnavailableError(f"SendTextMessage unavailable: {code}")
    if code == "ConflictException" and reason == OPTED_OUT_REASON:
        return OptedOutError("the destination opted out of texts")
    if code in {"AccessDeniedException", "ResourceNotFoundException", "ConflictException"}:
        return ConfigurationError(f"SendTextMessage refused by our setup: {code} {reason}".rstrip())
    return SmsPermanentError(f"SendTextMessage rejected the request: {code} {reason}".rstrip())
