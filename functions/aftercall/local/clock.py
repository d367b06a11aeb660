"""A virtual clock for local runs: sleeping advances it at once and is recorded.

The SMS pacer and the carrier simulator's rate limit share it, so pacing is exact (a second of
pacing is a virtual second for both) and a burst of sends takes no real time.
"""

from __future__ import annotations

import threading


class VirtualClock:
    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self._now += max(seconds, 0.0)

    @property
    def slept(self) -> float:
        return sum(self.sleeps)
