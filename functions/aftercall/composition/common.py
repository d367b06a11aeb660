"""What every composition module shares: settings read once, the tables bound to the shared client.

The adapters and botocore are imported where a function needs them: a handler that touches no table
(the memo check) never loads PynamoDB or botocore's session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from aftercall import container
from aftercall.settings import EnvSettings, TableSettings

if TYPE_CHECKING:
    from aftercall.adapters.followup_store import FollowupStore
    from aftercall.settings.workflow import WorkflowSettings

S = TypeVar("S", bound=EnvSettings)


@container.once
def settings(cls: type[S]) -> S:
    """``cls`` validated from the environment, once per container."""
    return cls.from_env()


def _dynamodb(s: TableSettings) -> object:
    from aftercall import clients

    return clients.client("dynamodb", s.dynamodb_endpoint)


@container.once
def tables(s: TableSettings) -> None:
    """Point the PynamoDB models at the deployed tables, through the container's one DynamoDB client
    (PynamoDB would open a botocore session and load the DynamoDB model once per model class)."""
    from aftercall.adapters.tables import bind_tables

    bind_tables(s.table_names(), s.aws_region, s.dynamodb_endpoint, client=_dynamodb(s))


@container.once
def pacing_table(s: TableSettings, name: str) -> None:
    from aftercall.adapters.tables import bind_pacing_table

    bind_pacing_table(name, s.aws_region, s.dynamodb_endpoint, client=_dynamodb(s))


def followups(s: WorkflowSettings) -> FollowupStore:
    from aftercall.adapters.followup_store import FollowupStore

    tables(s)
    return FollowupStore(s.retention())
