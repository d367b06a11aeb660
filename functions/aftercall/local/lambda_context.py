"""The one stand-in for the Lambda context object, for local runs, benchmarks and tests.

Powertools' decorators read a few of its fields (function name, ARN, memory, request id) for the
log keys and the cold-start metric. Standard library only: tests import it in fresh interpreters
that check what a handler's import pulls in.
"""

from __future__ import annotations

import uuid

from aftercall.local import ACCOUNT


class LambdaContext:
    """Enough of the Lambda context for Powertools' decorators."""

    def __init__(
        self,
        function_name: str,
        region: str = "ap-northeast-2",
        *,
        request_id: str | None = None,
        remaining_millis: int = 300_000,
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = 256
        self.invoked_function_arn = f"arn:aws:lambda:{region}:{ACCOUNT}:function:{function_name}"
        self.aws_request_id = request_id or str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._remaining_millis = remaining_millis

    def get_remaining_time_in_millis(self) -> int:
        return self._remaining_millis


def lambda_context(
    function_name: str = "aftercall-test",
    region: str = "ap-northeast-2",
    *,
    request_id: str | None = None,
    remaining_millis: int = 300_000,
) -> LambdaContext:
    """A context for one invocation of ``function_name`` (a fresh request id unless one is given)."""
    return LambdaContext(function_name, region, request_id=request_id, remaining_millis=remaining_millis)
