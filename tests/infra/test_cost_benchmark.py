"""The cost benchmark's low-rate run is the deployment's default sending number."""

from __future__ import annotations

import pytest
from benchmarks import cost

from aftercall_infra.context_keys import CONTEXT_KEYS

pytestmark = pytest.mark.infra


def test_cost_benchmark_measures_the_default_sending_number() -> None:
    (key,) = [k for k in CONTEXT_KEYS if k.name == "smsPartsPerSecond"]

    assert float(key.default) == cost.LOW_LIMIT_PARTS_PER_SECOND
