"""Virtual time for the burst benchmark: workers that sleep on one clock, interleaved as concurrent
Lambda instances would be, deterministically."""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field


class ConcurrentClock:
    """Virtual time shared by cooperative workers, one running at a time.

    ``sleep`` hands the turn to the worker that wakes first (ties: first asleep, first awake) and
    moves time to its wake-up, so workers interleave exactly as concurrent ones would at those
    moments, while anything between two sleeps is instant. Deterministic: same input, same run.
    """

    def __init__(self) -> None:
        self._now = 0.0
        self._turn: int | None = None
        self._asleep: list[tuple[float, int, int]] = []  # (wake at, order, worker)
        self._order = itertools.count()
        self._changed = threading.Condition()
        self._worker = threading.local()
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self._now

    def sleep(self, seconds: float) -> None:
        me: int = self._worker.index
        with self._changed:
            self.sleeps.append(seconds)
            heapq.heappush(self._asleep, (self._now + max(seconds, 0.0), next(self._order), me))
            self._hand_over()
            self._changed.wait_for(lambda: self._turn == me)

    def run(self, workers: list[Callable[[], None]]) -> None:
        """Run every worker to its end, all starting now; re-raise the first failure."""
        failures: list[BaseException] = []

        def body(index: int, work: Callable[[], None]) -> None:
            self._worker.index = index
            with self._changed:
                self._changed.wait_for(lambda: self._turn == index)
            try:
                work()
            except BaseException as exc:  # handed to the caller below
                failures.append(exc)
            finally:
                with self._changed:
                    self._hand_over()

        with self._changed:
            for index in range(len(workers)):
                heapq.heappush(self._asleep, (self._now, next(self._order), index))
        threads = [threading.Thread(target=body, args=item, daemon=True) for item in enumerate(workers)]
        for thread in threads:
            thread.start()
        with self._changed:
            self._hand_over()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]

    def _hand_over(self) -> None:
        if self._asleep:
            wake, _, worker = heapq.heappop(self._asleep)
            self._now = max(self._now, wake)
            self._turn = worker
        else:
            self._turn = None
        self._changed.notify_all()


@dataclass
class CountingSleeps:
    """The pacers' view of the clock: their sleeps counted apart from the consumers' polling."""

    clock: ConcurrentClock
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.clock.monotonic()

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.sleep(seconds)
