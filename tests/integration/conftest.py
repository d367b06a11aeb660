"""Integration tests run on one shared embedded AWS setup (tests/integration/aws.py).

``aws`` gives each test an account of its own; ``module_aws`` shares one across a module whose
tests keep out of each other's way (creating the tables is the slow part). A module that needs
Step Functions to run its executions overrides ``moto_config``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.integration.aws import MotoAws, moto_aws

if TYPE_CHECKING:
    from moto.core.config import DefaultConfig


@pytest.fixture(scope="module")
def moto_config() -> DefaultConfig | None:
    """moto's configuration for the module (None: moto's defaults); override it in the module."""
    return None


@pytest.fixture
def aws(moto_config: DefaultConfig | None) -> Iterator[MotoAws]:
    with moto_aws(moto_config) as account:
        yield account


@pytest.fixture(scope="module")
def module_aws(moto_config: DefaultConfig | None) -> Iterator[MotoAws]:
    with moto_aws(moto_config) as account:
        yield account
