"""A token bucket that paces SMS sends in message parts per second.

Throughput of an origination identity is counted in parts, not messages: a three-part text spends
three tokens. A message longer than the burst may borrow (the balance goes negative) so that it is
never starved; the next sends wait for the debt to be repaid. The clock is injected: tests and the
local run use a virtual one, so pacing is exact and instant.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class TokenBucket:
    def __init__(self, parts_per_second: float, clock: Clock, burst: float | None = None) -> None:
        if parts_per_second <= 0:
            raise ValueError("parts_per_second must be positive")
        self._rate = parts_per_second
        self._burst = max(burst if burst is not None else parts_per_second, 1.0)
        self._clock = clock
        self._tokens = self._burst
        self._at = clock.monotonic()

    def acquire(self, parts: int, max_wait: float) -> bool:
        """Take ``parts`` tokens, sleeping up to ``max_wait`` seconds; False when that is not enough."""
        self._refill()
        needed = min(float(parts), self._burst)
        wait = max(0.0, (needed - self._tokens) / self._rate)
        if wait > max_wait:
            return False
        if wait > 0:
            self._clock.sleep(wait)
            self._refill()
        self._tokens -= parts
        return True

    def drain(self) -> None:
        """The provider throttled us anyway (another sender shares the identity): start from empty."""
        self._refill()
        self._tokens = min(self._tokens, 0.0)

    def _refill(self) -> None:
        now = self._clock.monotonic()
        self._tokens = min(self._burst, self._tokens + (now - self._at) * self._rate)
        self._at = now
