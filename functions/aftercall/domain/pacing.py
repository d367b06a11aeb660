"""The SMS pacer: at most N message parts in any one-second window, over every sender instance.

Throughput of an origination identity is counted in parts, not messages: a three-part text counts
three. The window is one record shared by every instance of the sender (``WindowStore``: a DynamoDB
item in AWS, memory in one process), so the instances share the identity's whole limit, whichever
of them has texts to send, instead of each pacing a fixed share of it. A send reads the record,
reserves its moment in it with a conditional write (on the version it read; a sender that lost the
race to another one reads again), then sleeps until that moment.

The reserved moment is the earliest at which the second ending there holds at most N parts, this
send included, and never before the latest reservation: first come, first served, so a reservation
only ever has to look back, and every one-second window ends at a send that checked it. The provider
never sees more than N parts in any one-second window (a token bucket would let up to 2N through
around a refill). A message longer than N parts goes out only on an idle window, as a real number
would send it. A send that would wait longer than allowed reserves nothing.

Sharing costs a read and a write per text. ``pacer_for`` avoids it where it buys nothing: when each
instance's fixed share of the limit holds the largest text, each instance paces its own share in
memory and together they cannot exceed the limit (a text never overflows a share it fits in). Only
below that (low limits: 1 part/s for a 10DLC number, 3 for toll-free) do the instances share the
window, which is then what keeps them within the limit.

The clock is injected and must be the same for every sender: wall-clock time in AWS (instances on
different hosts compare their reservations), a virtual clock in tests and local runs, so pacing is
exact and instant there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Protocol

WINDOW_SECONDS = 1.0
# A send one window after another is placed this much later, so that floating-point rounding of the
# two times never puts them inside one window (epoch seconds carry ~0.2 us of precision).
ROUNDING_GUARD_SECONDS = 1e-6
MAX_RACES = 8  # lost reservation races before a send gives up (back to the queue)

Send = tuple[float, float]  # (at, parts)


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class WallClock:
    """Seconds since the epoch: the one time that senders on different hosts share."""

    def monotonic(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class Window:
    """The sends of the last window and the reservations after it, oldest first."""

    version: int = 0
    sends: tuple[Send, ...] = ()


class WindowStore(Protocol):
    def load(self) -> Window: ...

    def replace(self, current: Window, sends: tuple[Send, ...]) -> Window | None:
        """Store ``sends`` if the stored window is still ``current``; None if another sender wrote."""
        ...


class MemoryWindow:
    """The window in memory: one process, or every sender of a simulation."""

    def __init__(self) -> None:
        self._window = Window()

    def load(self) -> Window:
        return self._window

    def replace(self, current: Window, sends: tuple[Send, ...]) -> Window | None:
        if current.version != self._window.version:
            return None
        self._window = Window(current.version + 1, sends)
        return self._window


def next_slot(sends: tuple[Send, ...], parts: float, limit: float, now: float) -> float:
    """The earliest moment, not before ``now`` nor the latest reservation, at which ``parts`` more
    leave at most ``limit`` in the window ending there (an oversize message: an empty window)."""
    start = max(now, sends[-1][0]) if sends else now
    span = WINDOW_SECONDS + ROUNDING_GUARD_SECONDS
    recent = [(at, p) for at, p in sends if start - at < span]
    used = sum(p for _, p in recent)
    if used + parts <= limit or not recent:
        return start
    for at, sent_parts in recent:  # the earliest moment enough of the window has expired
        used -= sent_parts
        if used + parts <= limit or used <= 0:
            return at + span
    raise AssertionError("unreachable: the loop ends with an empty window")


class PartsPacer:
    def __init__(self, parts_per_second: float, clock: Clock, store: WindowStore | None = None) -> None:
        if parts_per_second <= 0:
            raise ValueError("parts_per_second must be positive")
        self._limit = parts_per_second
        self._clock = clock
        self._store = store or MemoryWindow()

    def acquire(self, parts: int, max_wait: float) -> bool:
        """Reserve ``parts`` and sleep until their moment (at most ``max_wait`` seconds); False, with
        nothing reserved and no sleep, if that is too long or other senders kept winning the race.

        The window is read before every reservation: with several senders busy, one that relied on
        what it last wrote would mostly lose the race, and a failed conditional write costs as much
        as a write, a read a fifth of it."""
        for _ in range(MAX_RACES):
            now = self._clock.monotonic()
            window = self._store.load()
            at = next_slot(window.sends, parts, self._limit, now)
            if at - now > max_wait:
                return False
            if self._reserve(window, (at, float(parts)), now):
                if at > now:
                    self._clock.sleep(at - now)
                return True
        return False

    def drain(self) -> None:
        """The provider throttled us anyway: fill the window, so that every sender waits a full one."""
        for _ in range(MAX_RACES):
            now = self._clock.monotonic()
            window = self._store.load()
            at = max(now, window.sends[-1][0]) if window.sends else now
            if self._reserve(window, (at, self._limit), now):
                return

    def _reserve(self, window: Window, send: Send, now: float) -> bool:
        # Sends that can no longer share a window with any later one are dropped.
        kept = tuple(s for s in window.sends if now - s[0] < WINDOW_SECONDS + ROUNDING_GUARD_SECONDS)
        return self._store.replace(window, (*kept, send)) is not None


def fixed_share(parts_per_second: float, senders: int, largest_text: int) -> float | None:
    """Each sender's fixed share of the limit if the largest text fits in it, else None (share one window)."""
    share = parts_per_second / senders
    return share if share >= largest_text else None


def pacer_for(
    parts_per_second: float, senders: int, largest_text: int, clock: Clock, shared: WindowStore
) -> PartsPacer:
    """The pacer of one of ``senders`` instances: its own share in memory where the largest text fits
    in that share (no DynamoDB read or write per text), else the whole limit through ``shared``."""
    share = fixed_share(parts_per_second, senders, largest_text)
    if share is not None:
        return PartsPacer(share, clock)
    return PartsPacer(parts_per_second, clock, shared)
