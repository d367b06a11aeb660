"""DynamoDB request units of one request, and the index (GSI) writes a single-item write causes, by the
rules of the developer guide. Items are in the wire format: {"name": {"S": "value"}, ...}."""

from __future__ import annotations

import math
from typing import Any

WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
READS = {"GetItem", "Query", "Scan"}
INDEX_ENTRY_OVERHEAD = 100  # bytes DynamoDB adds to each index entry when sizing its writes

Item = dict[str, Any]  # a DynamoDB item in the wire format: {"name": {"S": "value"}, ...}


def attribute_size(value: dict[str, Any]) -> int:
    """DynamoDB's size of one typed attribute value (UTF-8 strings, numbers ~1 byte per 2 digits)."""
    kind, inner = next(iter(value.items()))
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return len(inner.lstrip("-").replace(".", "")) // 2 + 2
    if kind in {"B"}:
        return len(inner)
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + attribute_size(v) + 1 for k, v in inner.items())
    if kind == "L":
        return 3 + sum(attribute_size(v) + 1 for v in inner)
    if kind in {"SS", "NS", "BS"}:
        return sum(len(str(v).encode()) for v in inner)
    return 0


def item_size(item: dict[str, Any]) -> int:
    """Bytes of an item as DynamoDB sizes it: attribute names plus values."""
    return sum(len(name.encode()) + attribute_size(value) for name, value in item.items())


def write_units(item_bytes: int) -> float:
    """Write units of one item write: 1 KB a unit, at least one."""
    return float(max(1, math.ceil(item_bytes / 1024)))


def request_units(operation: str, params: dict[str, Any], item_bytes: int = 0) -> tuple[float, float]:
    """(read units, write units) of one DynamoDB request; ``item_bytes`` sizes a write (1 KB a unit)."""
    consistent = bool(params.get("ConsistentRead"))
    if operation in WRITES:
        return 0.0, write_units(item_bytes)
    if operation in READS:
        return (1.0 if consistent else 0.5), 0.0
    if operation == "TransactWriteItems":
        return 0.0, 2.0 * len(params.get("TransactItems", []))
    if operation == "TransactGetItems":
        return 2.0 * len(params.get("TransactItems", [])), 0.0
    if operation == "BatchWriteItem":
        return 0.0, float(sum(len(v) for v in params.get("RequestItems", {}).values()))
    if operation == "BatchGetItem":
        keys = [
            (len(v.get("Keys", [])), bool(v.get("ConsistentRead")))
            for v in params.get("RequestItems", {}).values()
        ]
        return sum(n * (1.0 if c else 0.5) for n, c in keys), 0.0
    return 0.0, 0.0


def index_writes(
    index: dict[str, Any], table_keys: list[str], before: Item | None, after: Item | None
) -> float:
    """Write units one global secondary index consumes when a write turns ``before`` into ``after``.

    The developer guide's rules: an item that enters or leaves the index costs one index write, a
    changed index key two (delete, then put), a change of a projected attribute one; an item in the
    index neither before nor after, or whose projected attributes did not change, costs nothing.
    Each write is sized by its index entry (index and table keys, projected attributes, 100 bytes).
    ``index`` is the GSI description (``KeySchema``, ``Projection``).
    """
    keys = [k["AttributeName"] for k in index["KeySchema"]]
    projection = index.get("Projection", {})
    kind = projection.get("ProjectionType", "ALL")

    def entry(item: Item | None) -> Item | None:
        if item is None or not all(k in item for k in keys):
            return None  # sparse: not in the index
        if kind == "ALL":
            return dict(item)
        kept = {*keys, *table_keys, *(projection.get("NonKeyAttributes", []) if kind == "INCLUDE" else [])}
        return {name: value for name, value in item.items() if name in kept}

    old, new = entry(before), entry(after)
    if old is None and new is None:
        return 0.0
    if old is None or new is None:
        return write_units(item_size(old or new or {}) + INDEX_ENTRY_OVERHEAD)
    if any(old[k] != new[k] for k in keys):
        return write_units(item_size(old) + INDEX_ENTRY_OVERHEAD) + write_units(
            item_size(new) + INDEX_ENTRY_OVERHEAD
        )
    return write_units(item_size(new) + INDEX_ENTRY_OVERHEAD) if old != new else 0.0
