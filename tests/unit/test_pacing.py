"""The SMS pacer: never more than N parts in any one-second window, on an injected clock, whether one
sender paces alone or several share one window."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercall.domain.pacing import MemoryWindow, PartsPacer, Send, Window, fixed_share, next_slot, pacer_for
from aftercall.local.clock import VirtualClock

pytestmark = pytest.mark.unit


def test_a_first_message_goes_out_without_waiting() -> None:
    clock = VirtualClock()
    assert PartsPacer(1.0, clock).acquire(1, max_wait=0)
    assert clock.sleeps == []


def test_the_next_message_waits_until_the_window_has_room() -> None:
    # Given three parts per second and a two-part message just sent
    clock = VirtualClock()
    pacer = PartsPacer(3.0, clock)
    pacer.acquire(2, max_wait=10)
    # When another two-part message is sent
    assert pacer.acquire(2, max_wait=10)
    # Then it waited until the first one left the one-second window
    assert clock.sleeps == [pytest.approx(1.0)]


def test_an_oversize_message_goes_out_on_an_idle_window_only() -> None:
    clock = VirtualClock()
    pacer = PartsPacer(1.0, clock)
    assert pacer.acquire(3, max_wait=0)  # idle: it goes at once
    assert pacer.acquire(1, max_wait=10)
    assert clock.sleeps == [pytest.approx(1.0)]


def test_a_wait_longer_than_allowed_is_refused_without_sleeping() -> None:
    clock = VirtualClock()
    pacer = PartsPacer(1.0, clock)
    pacer.acquire(1, max_wait=10)
    assert pacer.acquire(1, max_wait=0.5) is False
    assert clock.sleeps == []


def test_after_a_provider_throttle_the_next_send_waits_a_full_window() -> None:
    clock = VirtualClock()
    pacer = PartsPacer(2.0, clock)
    pacer.drain()
    assert pacer.acquire(1, max_wait=10)
    assert clock.sleeps == [pytest.approx(1.0)]


@settings(max_examples=150, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=60),
    messages=st.lists(st.tuples(st.integers(1, 6), st.floats(0, 0.7)), min_size=1, max_size=80),
)
def test_no_one_second_window_ever_holds_more_than_the_limit(
    limit: int, messages: list[tuple[int, float]]
) -> None:
    # Given messages of up to six parts arriving at random gaps
    clock = VirtualClock()
    pacer = PartsPacer(float(limit), clock)
    sent: list[tuple[float, int]] = []
    for parts, gap in messages:
        clock.sleep(gap)
        assert pacer.acquire(parts, max_wait=3600)
        sent.append((clock.monotonic(), parts))
    # Then every one-second window starting at a send holds at most the limit,
    # except a message larger than the limit alone, which goes out on an idle window.
    for start, first_parts in sent:
        in_window = sum(p for at, p in sent if start <= at < start + 1.0)
        assert in_window <= max(limit, first_parts)


def _fits(sent: list[tuple[float, int]], limit: int) -> bool:
    """Every one-second window starting at a send holds at most the limit (or one oversize message)."""
    return all(
        sum(p for at, p in sent if start <= at < start + 1.0) <= max(limit, first_parts)
        for start, first_parts in sent
    )


@settings(max_examples=150, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=60),
    senders=st.integers(min_value=2, max_value=4),
    messages=st.lists(
        st.tuples(st.integers(0, 3), st.integers(1, 6), st.floats(0, 0.7)), min_size=1, max_size=80
    ),
)
def test_senders_sharing_a_window_never_exceed_the_limit_together(
    limit: int, senders: int, messages: list[tuple[int, int, float]]
) -> None:
    # Given several sender instances that share one window, each one's send at random moments
    clock = VirtualClock()
    shared = MemoryWindow()
    pacers = [PartsPacer(float(limit), clock, shared) for _ in range(senders)]
    sent: list[tuple[float, int]] = []
    for sender, parts, gap in messages:
        clock.sleep(gap)
        assert pacers[sender % senders].acquire(parts, max_wait=3600)
        sent.append((clock.monotonic(), parts))
    # Then the number never sees more than its limit, as if one sender had sent everything
    assert _fits(sent, limit)


def test_each_sender_may_use_the_whole_limit_while_the_others_are_idle() -> None:
    clock = VirtualClock()
    shared = MemoryWindow()
    busy, _idle = PartsPacer(4.0, clock, shared), PartsPacer(4.0, clock, shared)
    assert all(busy.acquire(2, max_wait=0) for _ in range(2))  # four parts at once, no split
    assert clock.sleeps == []


class _Racing(MemoryWindow):
    """A shared window where another sender reserves between this sender's read and its write, once."""

    def __init__(self) -> None:
        super().__init__()
        self.other: PartsPacer | None = None

    def replace(self, current: Window, sends: tuple[Send, ...]) -> Window | None:
        if other := self.other:
            self.other = None
            assert other.acquire(2, max_wait=0)
        return super().replace(current, sends)


def test_a_sender_that_loses_the_race_reads_again_and_waits_its_turn() -> None:
    # Given two senders of a three-part-per-second number that read the empty window at once
    clock = VirtualClock()
    shared = _Racing()
    first, second = PartsPacer(3.0, clock, shared), PartsPacer(3.0, clock, shared)
    shared.other = second
    # When the second one reserves two parts first, then the first one tries two as well
    assert first.acquire(2, max_wait=10)
    # Then the first lost its write, read the window again and waited for the second's parts to expire
    assert clock.sleeps == [pytest.approx(1.0)]
    assert [parts for _, parts in shared.load().sends] == [2.0, 2.0]


def test_a_send_that_would_wait_too_long_reserves_nothing() -> None:
    clock = VirtualClock()
    shared = MemoryWindow()
    first, second = PartsPacer(1.0, clock, shared), PartsPacer(1.0, clock, shared)
    first.acquire(1, max_wait=0)
    before = shared.load()
    assert second.acquire(1, max_wait=0.5) is False
    assert shared.load() == before
    assert clock.sleeps == []


def test_a_provider_throttle_makes_every_sender_wait_a_full_window() -> None:
    clock = VirtualClock()
    shared = MemoryWindow()
    throttled, other = PartsPacer(5.0, clock, shared), PartsPacer(5.0, clock, shared)
    throttled.drain()
    assert other.acquire(1, max_wait=10)
    assert clock.sleeps == [pytest.approx(1.0)]


class _AlwaysBeaten:
    """A store where another sender always wrote first."""

    def load(self) -> Window:
        return Window()

    def replace(self, current: Window, sends: tuple[Send, ...]) -> Window | None:
        return None


def test_a_sender_that_keeps_losing_the_race_gives_up_without_sleeping() -> None:
    clock = VirtualClock()
    assert PartsPacer(10.0, clock, _AlwaysBeaten()).acquire(1, max_wait=10) is False
    assert clock.sleeps == []


def test_a_send_never_goes_before_a_reservation_already_made() -> None:
    # A one-part text would fit at once, but another sender holds the next moment: first come, first served.
    reserved: tuple[Send, ...] = ((9.5, 2.0), (10.6, 1.0))
    assert next_slot(reserved, 1, limit=5.0, now=10.0) == 10.6
    # An oversize message waits for an idle window: one second after the latest send.
    assert next_slot(reserved, 6, limit=5.0, now=10.0) == pytest.approx(11.6)


# --- pacer_for: a fixed share where the largest text fits in it, one shared window below -------


class _Untouchable(MemoryWindow):
    def load(self) -> Window:
        raise AssertionError("a fixed share must not read the shared window")


def test_each_sender_gets_a_fixed_share_only_where_the_largest_text_fits_in_it() -> None:
    assert fixed_share(50.0, 2, 10) == 25.0
    assert fixed_share(20.0, 2, 10) == 10.0
    assert fixed_share(19.0, 2, 10) is None  # a 10-part text would overflow a 9.5-part share
    assert fixed_share(3.0, 2, 3) is None
    assert fixed_share(3.0, 1, 3) == 3.0


def test_a_fixed_share_paces_in_memory_without_the_shared_window() -> None:
    clock = VirtualClock()
    pacer = pacer_for(50.0, 2, 10, clock, _Untouchable())
    assert all(pacer.acquire(5, max_wait=10) for _ in range(6))  # 30 parts: over the 25-part share
    assert clock.sleeps == [pytest.approx(1.0)]  # so the sixth text waited for the window to move


def test_below_a_text_per_share_the_senders_share_the_window() -> None:
    clock, shared = VirtualClock(), MemoryWindow()
    first, second = pacer_for(3.0, 2, 3, clock, shared), pacer_for(3.0, 2, 3, clock, shared)
    assert first.acquire(3, max_wait=10)
    assert second.acquire(2, max_wait=10)
    assert shared.load().version == 2
    assert clock.sleeps == [pytest.approx(1.0)]  # the second sender saw the first one's text


@settings(max_examples=150, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=60),
    senders=st.integers(min_value=2, max_value=4),
    largest=st.integers(min_value=1, max_value=6),
    messages=st.lists(
        st.tuples(st.integers(0, 3), st.integers(1, 6), st.floats(0, 0.7)), min_size=1, max_size=80
    ),
)
def test_senders_paced_as_the_product_builds_them_never_exceed_the_limit_together(
    limit: int, senders: int, largest: int, messages: list[tuple[int, int, float]]
) -> None:
    # Given the senders the product builds for a limit, with texts no longer than the largest one
    clock, shared = VirtualClock(), MemoryWindow()
    pacers = [pacer_for(float(limit), senders, largest, clock, shared) for _ in range(senders)]
    sent: list[tuple[float, int]] = []
    for sender, parts, gap in messages:
        clock.sleep(gap)
        assert pacers[sender % senders].acquire(min(parts, largest), max_wait=3600)
        sent.append((clock.monotonic(), min(parts, largest)))
    # Then the number never sees more than its limit, whichever way they pace
    assert _fits(sent, limit)
