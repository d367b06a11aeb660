"""Faults below the SDK: a real botocore client whose HTTP layer loses the answer after sending.

``LostAnswers`` hooks a real client's ``before-send`` event, the last step before botocore hands the
signed request to its HTTP session: each request that reaches it counts as written to the wire (the
provider got it), and instead of the answer the hook raises the connection error botocore's HTTP
layer raises when a connection drops after the request went out (``ReadTimeoutError``,
``ConnectionClosedError``). botocore's own retry handler then decides whether to send the request
again, exactly as it would on a real dropped connection: with the default retry configuration a send
goes out three times; with aftercall's (``aftercall.clients``, ``total_max_attempts=1``) once.

Registered first, the hook runs before moto's own ``before-send`` handler, so no moto backend (or
its missing one: moto has no End User Messaging SMS) answers in its place.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ConnectionClosedError, ReadTimeoutError


class InvocationKilled(BaseException):
    """The Lambda runtime ends the invocation (its timeout) while the request is on the wire.

    A BaseException, like the runtime's own end of a process: no ``except Exception`` in the code
    under test can turn it into a handled outcome.
    """


FAULTS: dict[str, Callable[[str], BaseException]] = {
    "read-timeout": lambda url: ReadTimeoutError(endpoint_url=url),
    "connection-closed": lambda url: ConnectionClosedError(endpoint_url=url),
    "invocation-killed": InvocationKilled,
}


class LostAnswers:
    """Counts the ``operation`` requests ``client`` writes; answers each with ``fault`` instead.

    ``requests`` holds each request's JSON parameters, in order (the provider's view of what it got);
    ``delivered`` is called with them first, so a simulated provider can act on the request (send
    the text, publish its events) before the answer is lost.
    """

    def __init__(
        self,
        client: Any,
        operation: str,
        fault: str = "read-timeout",
        delivered: Callable[[dict[str, Any]], object] | None = None,
    ) -> None:
        self.requests: list[dict[str, Any]] = []
        self._fault = FAULTS[fault]
        self._delivered = delivered
        service = client.meta.service_model.service_id.hyphenize()
        self._event = f"before-send.{service}.{operation}"
        self._events = client.meta.events
        self._events.register_first(self._event, self)

    def remove(self) -> None:
        """Answers reach the client again (for a client that outlives the test)."""
        self._events.unregister(self._event, self)

    def __call__(self, request: Any, **_: Any) -> None:
        params = json.loads(request.body or b"{}")
        self.requests.append(params)
        if self._delivered is not None:
            self._delivered(params)
        raise self._fault(request.url)
