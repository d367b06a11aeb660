"""The SMS pacer: never more than N parts in any one-second window, on an injected clock."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercall.domain.pacing import PartsPacer
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
