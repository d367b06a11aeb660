"""Settings: one Pydantic model per handler, validated once at cold start from the environment.

This module holds the shared base classes; each handler family has its own module beside it
(``settings/ingest.py``, ...). Nothing runs at import time: the composition root reads a handler's
settings on its first invocation (``aftercall.composition.common.settings``), so tests can set the
environment first.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aftercall.errors import ConfigurationError

if TYPE_CHECKING:  # the tables' module loads PynamoDB: only the handlers that use a table import it
    from aftercall.adapters.tables import TableNames


class EnvSettings(BaseModel):
    """Fields map to upper-case environment variables of the same name.

    Built on demand (``defer_build``): the settings modules define every handler's class, and a
    handler builds only its own, at init (``aftercall.observability.lambda_entry(models=...)``).
    """

    model_config = ConfigDict(frozen=True, extra="ignore", defer_build=True)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Self:
        env = os.environ if environ is None else environ
        values = {name: env[name.upper()] for name in cls.model_fields if name.upper() in env}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            missing = ", ".join(str(e["loc"][0]).upper() for e in exc.errors())
            raise ConfigurationError(f"invalid or missing settings: {missing}") from exc


class TableSettings(EnvSettings):
    memo_table: str = Field(min_length=3)
    followup_table: str = Field(min_length=3)
    preferences_table: str = Field(min_length=3)
    template_table: str = Field(min_length=3)
    link_table: str = Field(min_length=3)
    aws_region: str | None = None
    dynamodb_endpoint: str | None = None  # local runs only

    def table_names(self) -> TableNames:
        from aftercall.adapters.tables import TableNames

        return TableNames(
            memos=self.memo_table,
            followups=self.followup_table,
            preferences=self.preferences_table,
            templates=self.template_table,
            links=self.link_table,
        )


def table_environment(tables: TableNames) -> dict[str, str]:
    """The variables ``TableSettings`` reads ``tables`` from (local runs, benchmarks and tests)."""
    return {
        "MEMO_TABLE": tables.memos,
        "FOLLOWUP_TABLE": tables.followups,
        "PREFERENCES_TABLE": tables.preferences,
        "TEMPLATE_TABLE": tables.templates,
        "LINK_TABLE": tables.links,
    }
