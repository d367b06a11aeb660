"""Issue 13's promises as CloudFormation: receipts only from their services, least privilege, and what
the dead-letter queues may hold for how long."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aftercall_infra.constants import Fn, Table
from tests.infra.cfn import Synthesized, resources

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]


def _table_id(synthesized: Synthesized, table: Table) -> str:
    (logical_id,) = [
        k for k in synthesized.of_type("AWS::DynamoDB::Table") if k.startswith(f"Storage{table.title()}")
    ]
    return logical_id


def _touches(statement: dict[str, Any], logical_id: str) -> bool:
    return any(logical_id in json.dumps(resource) for resource in resources(statement))


# Least privilege -----------------------------------------------------------------------------------


def test_the_receipt_function_cannot_touch_the_preferences_table(synthesized: Synthesized) -> None:
    preferences = _table_id(synthesized, Table.PREFERENCES)

    assert not [s for s in synthesized.statements_of(Fn.RECEIPTS) if _touches(s, preferences)]
    assert [
        s
        for s in synthesized.statements_of(Fn.RECEIPTS)
        if _touches(s, _table_id(synthesized, Table.FOLLOWUPS))
    ]
