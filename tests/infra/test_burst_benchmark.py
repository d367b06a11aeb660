"""The burst benchmark simulates the send queue's consumers as the stack deploys them."""

from __future__ import annotations

import pytest
from benchmarks import send_queue

from aftercall_infra import delivery
from aftercall_infra.constants import Fn
from aftercall_infra.function_specs import FUNCTIONS

pytestmark = pytest.mark.infra


def test_burst_benchmark_simulates_the_deployed_event_source_mapping() -> None:
    assert send_queue.CONSUMERS == delivery.SEND_CONCURRENCY
    assert send_queue.BATCH == delivery.SEND_BATCH_SIZE
    assert 6 * FUNCTIONS[Fn.SEND_SMS].timeout_seconds == send_queue.VISIBILITY
