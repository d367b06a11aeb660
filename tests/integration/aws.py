"""The embedded AWS every integration test starts from: moto, the tables, and their environment.

The fixtures that hand it out are in this directory's conftest.py; this module holds what a test
module may import (the type to annotate with, the names the tables were given).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3
import pytest
from moto import mock_aws

from aftercall import container
from aftercall.adapters.tables import TableNames, create_tables
from aftercall.settings import table_environment

if TYPE_CHECKING:
    from moto.core.config import DefaultConfig

REGION = "ap-northeast-2"
TABLES = TableNames("memos", "followups", "preferences", "templates", "links")
# What a deployed function finds in its environment, less what a module adds for its own handler.
# Credentials are moto's own (mock_aws sets them).
ENVIRONMENT = {
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    **table_environment(TABLES),
    "POWERTOOLS_SERVICE_NAME": "aftercall",
    "POWERTOOLS_METRICS_NAMESPACE": "Aftercall",
}


@dataclass(frozen=True)
class MotoAws:
    """A running moto account with the tables created; its environment changes end with it."""

    tables: TableNames
    region: str
    _environment: pytest.MonkeyPatch

    def client(self, service: str) -> Any:
        return boto3.client(service, region_name=self.region)

    def setenv(self, **variables: str) -> None:
        """Add a module's own variables; the container is reset so that no setting read before stays."""
        for name, value in variables.items():
            self._environment.setenv(name, value)
        container.reset()

    def delenv(self, *names: str) -> None:
        for name in names:
            self._environment.delenv(name, raising=False)
        container.reset()


@contextmanager
def moto_aws(config: DefaultConfig | None = None) -> Iterator[MotoAws]:
    """Moto started, the tables created and named in the environment, a fresh container before and after.

    The container is reset on both sides: settings, clients and stand-ins cached by an earlier test
    (or another moto account) must not leak into this one, nor this one's into the next.
    """
    with pytest.MonkeyPatch.context() as environment, mock_aws(config=config):
        for name, value in ENVIRONMENT.items():
            environment.setenv(name, value)
        create_tables(TABLES, REGION)
        container.reset()
        try:
            yield MotoAws(TABLES, REGION, environment)
        finally:
            container.reset()
