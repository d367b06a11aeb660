"""The send queue and its event source mapping as deployed, on the virtual clock."""

from __future__ import annotations

import functools
import heapq
import itertools
from collections import Counter
from dataclasses import dataclass, field, replace

from aftercall.usecases.send import Disposition, QueuedSend, SendSms
from benchmarks.send_fakes import FakeCallbacks
from benchmarks.virtual_clock import ConcurrentClock

# The send queue's event source mapping as deployed (infra delivery.py; tests/infra checks they agree).
CONSUMERS = 2  # SEND_CONCURRENCY: its MaximumConcurrency and the sender's reserved concurrency
BATCH = 10  # SEND_BATCH_SIZE
VISIBILITY = 180.0  # the queue's visibility timeout: 6 x the sender's 30 s timeout
POLL_SECONDS = 1.0  # an idle consumer looks at the queue again after this long


@dataclass
class SendQueue:
    """The send queue and its event source mapping: each consumer takes a batch of the visible
    messages and works through it; a postponed message is visible again after the visibility
    timeout; a failure handed to the workflow comes back at once as the next attempt."""

    clock: ConcurrentClock
    callbacks: FakeCallbacks
    postponed: int = 0
    handed_back: int = 0
    _visible: list[tuple[float, int, QueuedSend]] = field(default_factory=list)  # (at, order, message)
    _order: itertools.count[int] = field(default_factory=itertools.count)
    _in_flight: int = 0
    _retries: Counter[str] = field(default_factory=Counter)

    def put(self, message: QueuedSend, visible_at: float = 0.0) -> None:
        heapq.heappush(self._visible, (visible_at, next(self._order), message))

    def run(self, senders: list[SendSms]) -> None:
        self.clock.run([functools.partial(self._consume, sender) for sender in senders])

    def _consume(self, sender: SendSms) -> None:
        while self._visible or self._in_flight:
            batch = self._receive()
            if not batch:
                wake = self._visible[0][0] if self._visible else self.clock.monotonic() + POLL_SECONDS
                self.clock.sleep(max(wake - self.clock.monotonic(), 0.0) or POLL_SECONDS)
                continue
            self._in_flight += 1
            received_at = self.clock.monotonic()
            for message in batch:
                if sender(message) is Disposition.RETRY_LATER:
                    self.postponed += 1
                    again = replace(message, receive_count=message.receive_count + 1)
                    self.put(again, received_at + VISIBILITY)
            while self.callbacks.failures:  # the workflow's retry: a new attempt, queued again
                token, _error = self.callbacks.failures.pop()
                followup_id = token.removeprefix("token-")
                self.handed_back += 1
                self._retries[followup_id] += 1
                self.put(QueuedSend(token, followup_id, self._retries[followup_id]), self.clock.monotonic())
            self._in_flight -= 1

    def _receive(self) -> list[QueuedSend]:
        batch: list[QueuedSend] = []
        while self._visible and self._visible[0][0] <= self.clock.monotonic() and len(batch) < BATCH:
            batch.append(heapq.heappop(self._visible)[2])
        return batch
