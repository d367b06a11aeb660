"""The SMS pacer: at most N message parts in any one-second window, on an injected clock.

Throughput of an origination identity is counted in parts, not messages: a three-part text counts
three. The pacer keeps the parts it let through in the last second and makes a send wait until the
window has room, so the provider never sees more than N parts in any one-second window (a token
bucket would let up to 2N through around a refill). A message longer than N parts goes out only on an
idle window, as a real number would send it. The clock is injected: tests and the local run use a
virtual one, so pacing is exact and instant.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Protocol

WINDOW_SECONDS = 1.0


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class PartsPacer:
    def __init__(self, parts_per_second: float, clock: Clock) -> None:
        if parts_per_second <= 0:
            raise ValueError("parts_per_second must be positive")
        self._limit = parts_per_second
        self._clock = clock
        self._sent: deque[tuple[float, float]] = deque()  # (when, parts) within the last window

    def acquire(self, parts: int, max_wait: float) -> bool:
        """Let ``parts`` through, sleeping up to ``max_wait`` seconds; False (no sleep) if not enough."""
        now = self._clock.monotonic()
        wait = self._wait_for(parts, now)
        if wait > max_wait:
            return False
        if wait > 0:
            self._clock.sleep(wait)
            now = self._clock.monotonic()
            self._forget_before(now - WINDOW_SECONDS)
        self._sent.append((now, float(parts)))
        return True

    def drain(self) -> None:
        """The provider throttled us anyway (another sender shares the identity): wait a full window."""
        self._sent.append((self._clock.monotonic(), self._limit))

    def _wait_for(self, parts: int, now: float) -> float:
        self._forget_before(now - WINDOW_SECONDS)
        used = sum(p for _, p in self._sent)
        if used + parts <= self._limit or not self._sent:
            return 0.0
        # The earliest moment enough of the window has expired (all of it for an oversize message).
        for at, sent_parts in self._sent:
            used -= sent_parts
            if used + parts <= self._limit or used <= 0:
                return at + WINDOW_SECONDS - now
        return 0.0  # unreachable: the loop ends with an empty window

    def _forget_before(self, cutoff: float) -> None:
        while self._sent and self._sent[0][0] <= cutoff:
            self._sent.popleft()
