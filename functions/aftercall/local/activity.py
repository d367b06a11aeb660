"""Whether anything could still resolve a waiting task: the embedded AWS's notion of "settled".

A task's timeout (a receipt window) may only fire once nothing that could resolve it is left: no
handler running, no callback task still dispatching, the send queue empty, and no AWS call for a
moment. ``wait_for_executions`` uses the same test to know a sender has finished writing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SETTLE_SECONDS = 0.5  # quiet time after which a pending receipt window is declared expired


class Activity:
    """Tracks whether anything could still resolve a waiting task (for receipt-window timeouts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._dispatching = 0
        self._local = threading.local()
        self._last = time.monotonic()
        self.queue_busy = False
        self.queued: Callable[[], int] = lambda: 0  # messages in the send queue, in flight included

    @contextmanager
    def running(self) -> Iterator[None]:
        with self._lock:
            self._running += 1
            self._last = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._last = time.monotonic()

    def touch(self) -> None:
        with self._lock:
            self._last = time.monotonic()

    def begin_dispatch(self) -> None:
        """A callback task started: until it has sent its message or invoked its function, its wait
        cannot be expired (its thread may simply not have been scheduled yet on a busy machine)."""
        with self._lock:
            self._dispatching += 1
            self._last = time.monotonic()
        self._local.dispatching = True

    def end_dispatch(self) -> None:
        if getattr(self._local, "dispatching", False):
            self._local.dispatching = False
            with self._lock:
                self._dispatching -= 1
                self._last = time.monotonic()

    def idle(self) -> bool:
        with self._lock:
            busy = self._running or self._dispatching
        return not busy and not self.queue_busy and self.queued() == 0

    def quiet_since(self, moment: float) -> bool:
        with self._lock:
            now = time.monotonic()
            quiet = now - self._last >= SETTLE_SECONDS and now - moment >= SETTLE_SECONDS
        return quiet and self.idle()
