"""DynamoDB failures that may pass, as the domain errors the workflow retries.

PynamoDB raises PutError, GetError, UpdateError, ... whatever the cause. When botocore's own retries
could not absorb throttling or a 5xx, the workflow step should be retried with backoff like any other
transient failure, so those become ThrottledError / ProviderUnavailableError (by class name, the
error names in the state machine's Retry lists). Anything else propagates unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pynamodb.exceptions import PynamoDBException

from aftercall.errors import ProviderUnavailableError, ThrottledError

_THROTTLING = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}
_UNAVAILABLE = {"InternalServerError", "ServiceUnavailable"}


@contextmanager
def dynamodb_failures_are_transient() -> Iterator[None]:
    try:
        yield
    except PynamoDBException as exc:
        code = exc.cause_response_code or ""
        if code in _THROTTLING:
            raise ThrottledError(f"DynamoDB throttled: {code}") from exc
        if code in _UNAVAILABLE:
            raise ProviderUnavailableError(f"DynamoDB unavailable: {code}") from exc
        raise
