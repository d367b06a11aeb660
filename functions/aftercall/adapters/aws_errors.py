"""The one translator from botocore and PynamoDB errors to aftercall's typed errors.

Every adapter calls it (``with aws_errors("SendTextMessage", ...)``), so which AWS error codes mean
"throttled", "unavailable" or "our setup is wrong" is written once. The classes it returns are the
error names the state machine retries or catches (``aftercall.errors``):

| what happened                                        | error                        |
|------------------------------------------------------|------------------------------|
| refused for rate or a quota that frees up            | ThrottledError               |
| 5xx, or no connection was made (nothing was sent)    | ProviderUnavailableError     |
| the request may have been sent, the answer was lost  | OutcomeUnknownError (sends), |
|                                                      | ProviderUnavailableError     |
| refused because of our setup (IAM, a missing         | ConfigurationError           |
| resource, a suspended account): alarm, don't hide it |                              |
| refused for this request or destination (by the      | the adapter's ``refused``    |
| service, or by the SDK's parameter validation)       |                              |

Codes an adapter must treat otherwise (an opt-out, an execution that already exists, a conditional
write that lost) are handled by the adapter before it gets here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    ParamValidationError,
    ReadTimeoutError,
)
from pynamodb.exceptions import PynamoDBException

from aftercall.errors import (
    AftercallError,
    ConfigurationError,
    InvalidInputError,
    OutcomeUnknownError,
    PermanentError,
    ProviderUnavailableError,
    ThrottledError,
)

THROTTLED = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "RequestLimitExceeded",
        "LimitExceededException",
        "KmsThrottlingException",
        "ThrottledRequestException",  # socialmessaging (End User Messaging Social)
        "ServiceQuotaExceededException",  # send and open-task quotas free up over time
    }
)
UNAVAILABLE = frozenset(
    {
        "InternalServerException",
        "InternalServerError",
        "InternalFailure",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "DependencyException",  # socialmessaging: Meta did not answer
    }
)
SETUP = frozenset(
    {
        "AccessDeniedException",
        "AccessDenied",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ResourceNotFoundException",
        "NotFoundException",
        "StateMachineDoesNotExist",
        "ParameterNotFound",
        "AccountSuspendedException",
        "SendingPausedException",
        "MailFromDomainNotVerifiedException",
        "KMSAccessDeniedException",
        "AccessDeniedByMetaException",  # socialmessaging: the linked business account's standing with Meta
        "KMSDisabledException",
        "KMSNotFoundException",
    }
)


def condition_failed(exc: BaseException) -> bool:
    """A conditional write refused because its condition did not hold (not an error of ours)."""
    return error_code(exc) == "ConditionalCheckFailedException"


def error_code(exc: BaseException) -> str:
    """The AWS error code behind ``exc`` ("" for a connection error or a non-AWS exception)."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", ""))
    if isinstance(exc, PynamoDBException):
        return exc.cause_response_code or ""
    return ""


def _status(exc: BaseException) -> int:
    cause = exc.cause if isinstance(exc, PynamoDBException) else exc
    if isinstance(cause, ClientError):
        return int(cause.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    return 0


def translate(
    exc: BaseException,
    operation: str,
    *,
    refused: type[AftercallError] = PermanentError,
    sends: bool = False,
    setup: frozenset[str] = SETUP,
) -> AftercallError:
    """The typed error for ``exc``; the caller raises it ``from exc``. Messages name the operation
    and the code, never the request: SDK messages can quote a recipient."""
    if isinstance(exc, PynamoDBException) and isinstance(exc.cause, BotoCoreError):
        exc = exc.cause
    if isinstance(exc, ParamValidationError):  # refused by the SDK before sending: this input's fault
        return refused(f"{operation} refused before sending: a parameter is not what the API accepts")
    if isinstance(exc, BotoCoreError):
        if isinstance(exc, EndpointConnectionError):  # includes ConnectTimeoutError: nothing went out
            return ProviderUnavailableError(f"{operation}: no connection")
        if sends and isinstance(exc, ReadTimeoutError | ConnectionClosedError):
            return OutcomeUnknownError(f"{operation}: sent, but the answer was lost")
        return ProviderUnavailableError(f"{operation}: no answer ({type(exc).__name__})")
    code = error_code(exc)
    if code in THROTTLED:
        return ThrottledError(f"{operation} throttled: {code}")
    if code in UNAVAILABLE or _status(exc) >= 500:
        return ProviderUnavailableError(f"{operation} unavailable: {code}")
    if code in setup:
        return ConfigurationError(f"{operation} refused by our setup: {code}")
    return refused(f"{operation} refused: {code or type(exc).__name__}")


@contextmanager
def aws_errors(
    operation: str,
    *,
    refused: type[AftercallError] = PermanentError,
    sends: bool = False,
    setup: frozenset[str] = SETUP,
) -> Iterator[None]:
    """Translate the botocore and PynamoDB errors raised inside the block (see ``translate``)."""
    try:
        yield
    except (ClientError, BotoCoreError, PynamoDBException) as exc:
        raise translate(exc, operation, refused=refused, sends=sends, setup=setup) from exc


# The tables' adapters wear this on every public method. A request DynamoDB refuses (an item over
# 400 KB, a malformed key) is about the input: retrying it cannot help.
dynamodb_errors = aws_errors("DynamoDB", refused=InvalidInputError)
