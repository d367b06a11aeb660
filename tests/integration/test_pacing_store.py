"""The shared pacing window on moto DynamoDB: versioned replaces, and senders that share it."""

from __future__ import annotations

import pytest

from aftercall.adapters.pacing_store import PacingWindowStore
from aftercall.adapters.tables import create_pacing_table
from aftercall.domain.pacing import PartsPacer, Window
from aftercall.local.clock import VirtualClock
from tests.integration.aws import MotoAws

pytestmark = pytest.mark.integration

IDENTITY = "+15555550100"


@pytest.fixture
def store(aws: MotoAws) -> PacingWindowStore:
    create_pacing_table("pacing", aws.region)
    return PacingWindowStore(IDENTITY)


def test_an_unused_identity_has_an_empty_window(store: PacingWindowStore) -> None:
    assert store.load() == Window()


def test_a_replace_is_read_back_with_the_next_version(store: PacingWindowStore) -> None:
    written = store.replace(Window(), ((12.5, 2.0), (13.25, 3.0)))

    assert written == Window(1, ((12.5, 2.0), (13.25, 3.0)))
    assert store.load() == written


def test_a_replace_from_a_stale_window_loses_and_changes_nothing(store: PacingWindowStore) -> None:
    # Given two senders that both read the empty window, and the first one wrote
    first = store.replace(Window(), ((1.0, 1.0),))
    # When the second writes from what it read
    lost = store.replace(Window(), ((1.0, 2.0),))
    # Then it lost the race, and so does anyone writing from an old version
    assert lost is None
    assert first is not None
    assert store.replace(Window(5, ()), ()) is None
    assert store.load() == first


def test_each_identity_has_its_own_window(store: PacingWindowStore) -> None:
    store.replace(Window(), ((1.0, 1.0),))

    assert PacingWindowStore("+15555550199").load() == Window()


def test_two_senders_share_the_limit_through_the_table(store: PacingWindowStore) -> None:
    # Given two sender instances pacing one number allowed three parts per second
    clock = VirtualClock()
    first = PartsPacer(3.0, clock, PacingWindowStore(IDENTITY))
    second = PartsPacer(3.0, clock, PacingWindowStore(IDENTITY))
    # When each sends a two-part text
    assert first.acquire(2, max_wait=10)
    assert second.acquire(2, max_wait=10)
    # Then the second waited for the first one's window to pass, and both are recorded
    assert clock.sleeps == [pytest.approx(1.0)]
    assert [parts for _, parts in store.load().sends] == [2, 2]
