"""SMS port: one text through AWS End User Messaging SMS (``pinpoint-sms-voice-v2`` SendTextMessage).

SendTextMessage has no idempotency token: the caller claims the attempt before calling ``send``, so
a retried invocation never sends twice. ``Context`` carries the follow-up id, the attempt item and
the claim's receipt key; End User Messaging echoes it on every delivery event, which is how receipts
find their attempt and prove they are about this send. ``MaxPrice`` (optional, ``SMS_MAX_PRICE``)
caps what one text may cost: a dearer one is refused (``ValidationException`` with reason
``PRICE_OVER_THRESHOLD``), like any text refused for its destination, and the workflow falls back.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from aftercall.adapters.api_model import RequestConstraintError, check_constraints
from aftercall.adapters.aws_errors import SETUP, aws_errors
from aftercall.domain.outbound import SmsRequest
from aftercall.domain.receipts import RECEIPT_KEY
from aftercall.errors import ConfigurationError, OptedOutError, SmsAccountRefusedError, SmsPermanentError

OPERATION = "SendTextMessage"
OPTED_OUT_REASON = "DESTINATION_PHONE_NUMBER_OPTED_OUT"


class EumSms:
    """Sends texts. ``client`` is a botocore ``pinpoint-sms-voice-v2`` client (or the carrier simulator)."""

    def __init__(
        self,
        client: Any,
        configuration_set: str,
        origination_identity: str,
        ttl_seconds: int,
        max_price: str | None = None,
    ) -> None:
        self._client = client
        self._configuration_set = configuration_set
        self._origination_identity = origination_identity
        self._ttl_seconds = ttl_seconds
        self._max_price = max_price
        if max_price is not None:
            _check_max_price(client, max_price)

    def send(self, request: SmsRequest) -> str:
        """Send one text; returns the provider's MessageId. Raises domain errors only."""
        params = self._params(request)
        try:
            check_constraints(self._client.meta.service_model.operation_model(OPERATION), params)
        except RequestConstraintError as exc:
            raise SmsPermanentError(f"SendTextMessage request rejected before sending: {exc}") from exc
        # Not retried by the SDK (aftercall.clients): an answer lost after the request went out is
        # OutcomeUnknownError, and the attempt's receipt decides.
        with aws_errors(OPERATION, refused=SmsPermanentError, sends=True, setup=_SETUP):
            try:
                response = self._client.send_text_message(**params)
            except ClientError as exc:
                if _opted_out(exc):
                    raise OptedOutError("the destination opted out of texts") from exc
                account = _account_refusal(exc)
                if account:  # not throttling: nothing frees up until someone changes the account
                    raise SmsAccountRefusedError(
                        f"{OPERATION} refused for an account reason: {account}", account
                    ) from exc
                raise
        return str(response["MessageId"])

    def _params(self, request: SmsRequest) -> dict[str, Any]:
        return {
            "DestinationPhoneNumber": request.destination,
            "OriginationIdentity": self._origination_identity,
            "MessageBody": request.text,
            "MessageType": request.message_type,
            "ConfigurationSetName": self._configuration_set,
            "TimeToLive": self._ttl_seconds,
            "Context": _context(request),
        } | ({"MaxPrice": self._max_price} if self._max_price else {})


def _check_max_price(client: Any, max_price: str) -> None:
    """``MaxPrice`` (US dollars per message, ``"0.05"``) as the API model allows it, at cold start: a
    value AWS would refuse is our setup's fault, not the customer's, and must alarm."""
    try:
        check_constraints(client.meta.service_model.operation_model(OPERATION), {"MaxPrice": max_price})
    except RequestConstraintError as exc:
        raise ConfigurationError(f"SMS_MAX_PRICE is not a price SendTextMessage accepts: {exc}") from exc


def _context(request: SmsRequest) -> dict[str, str]:
    """Echoed on every delivery event: which attempt it is about, and the claim's receipt key."""
    context = {"followup_id": request.followup_id, "attempt": request.attempt}
    if request.receipt_key:
        context[RECEIPT_KEY] = request.receipt_key
    return context


def _opted_out(exc: ClientError) -> bool:
    reason = exc.response.get("Reason") or exc.response.get("Error", {}).get("Reason", "")
    return exc.response.get("Error", {}).get("Code") == "ConflictException" and reason == OPTED_OUT_REASON


# Refusals about the account, not the message or the moment: the monthly spend limit (the SMS
# sandbox's is $1), the sandbox's verified destinations, no origination identity for the country.
# Retrying cannot help and every customer would silently fall back to email: they must alarm.
ACCOUNT_REASONS = frozenset(
    {
        "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT",
        "VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT",
        "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY",
    }
)


def _account_refusal(exc: ClientError) -> str | None:
    reason = exc.response.get("Reason") or exc.response.get("Error", {}).get("Reason", "")
    return str(reason) if reason in ACCOUNT_REASONS else None


# Any other conflict is about our setup (an inactive number, a configuration set being deleted): it
# hits every send alike, so it must alarm instead of quietly moving every customer to email.
_SETUP = SETUP | {"ConflictException"}
