"""What happened on the embedded AWS: AWS API calls, Lambda invocations, waits, timeouts, errors.

Used by the workflow tests' assertions and by the demo's cost summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import botocore.handlers

# Polling by the harness itself: neither the application's cost nor a sign of activity.
_OBSERVER_CALLS = frozenset(
    {
        ("sqs", "ReceiveMessage"),  # the send queue's event source mapping
        ("stepfunctions", "ListExecutions"),
        ("stepfunctions", "GetExecutionHistory"),
    }
)


@dataclass
class Counts:
    """What happened, for assertions and for the demo's cost summary."""

    api_calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    invocations: Counter[str] = field(default_factory=Counter)
    waits: list[float] = field(default_factory=list)  # Wait states, requested seconds
    retry_delays: list[float] = field(default_factory=list)  # Retry back-offs, requested seconds
    timeouts: list[int] = field(default_factory=list)  # task timeouts that fired, configured seconds
    handler_errors: list[tuple[str, str]] = field(default_factory=list)  # (function, error name)

    def calls(self, service: str, operation: str | None = None) -> int:
        return sum(n for (s, o), n in self.api_calls.items() if s == service and operation in (None, o))

    def dynamodb_writes(self) -> int:
        writes = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
        return sum(n for (s, o), n in self.api_calls.items() if s == "dynamodb" and o in writes)


@contextmanager
def counting_api_calls(counts: Counts, on_call: Callable[[], None]) -> Iterator[None]:
    """Count into ``counts`` the AWS API calls of every botocore session created while active.

    A built-in handler: each new session registers it, whoever creates it (boto3, PynamoDB).
    """

    def count(model: Any, **_kwargs: Any) -> None:
        call = (model.service_model.service_name, model.name)
        if call in _OBSERVER_CALLS:
            return
        counts.api_calls[call] += 1
        on_call()

    hook = ("before-call", count)
    botocore.handlers.BUILTIN_HANDLERS.append(hook)
    try:
        yield
    finally:
        botocore.handlers.BUILTIN_HANDLERS.remove(hook)
