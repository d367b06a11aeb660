"""The SMS pacer: parts per second on an injected clock."""

from __future__ import annotations

import pytest

from aftercall.domain.pacing import TokenBucket
from aftercall.local.clock import VirtualClock

pytestmark = pytest.mark.unit


def test_a_first_message_goes_out_without_waiting() -> None:
    clock = VirtualClock()
    assert TokenBucket(1.0, clock).acquire(1, max_wait=0)
    assert clock.sleeps == []


def test_the_next_message_waits_for_its_parts() -> None:
    # Given one part per second and a three-part message just sent
    clock = VirtualClock()
    bucket = TokenBucket(1.0, clock)
    bucket.acquire(3, max_wait=10)
    # When the next message is sent
    assert bucket.acquire(1, max_wait=10)
    # Then it waited until the debt of the long message was repaid
    assert clock.sleeps == [pytest.approx(3.0)]


def test_a_wait_longer_than_allowed_is_refused_without_sleeping() -> None:
    clock = VirtualClock()
    bucket = TokenBucket(1.0, clock)
    bucket.acquire(3, max_wait=10)
    assert bucket.acquire(1, max_wait=1) is False
    assert clock.sleeps == []


def test_after_a_provider_throttle_the_bucket_starts_empty() -> None:
    clock = VirtualClock()
    bucket = TokenBucket(2.0, clock)
    bucket.drain()
    assert bucket.acquire(1, max_wait=10)
    assert clock.sleeps == [pytest.approx(0.5)]
