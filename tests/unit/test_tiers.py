"""The unit tier stays pure: no module of it imports moto, and its network stays blocked.

moto belongs to tests/integration (and the tiers above it), with the benchmarks' smoke test, whose
cost model runs the demo on moto.
"""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

UNIT = Path(__file__).parent
ALLOWED_MOTO: set[str] = set()


def imported_modules(source: str) -> set[str]:
    """Every module an ``import`` or ``from ... import`` statement names, anywhere in the source."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def imports_moto(source: str) -> bool:
    return any(name == "moto" or name.startswith("moto.") for name in imported_modules(source))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from moto import mock_aws", True),
        ("import moto.dynamodb.models", True),
        ("def f():\n    from moto.core import config", True),  # a function-level import counts
        ("import motorcycle\nfrom tests.helpers import load_event", False),
    ],
    ids=["from-import", "dotted-import", "function-level-import", "another-module"],
)
def test_the_guard_recognises_a_moto_import(source: str, expected: bool) -> None:
    assert imports_moto(source) is expected


def test_no_unit_module_imports_moto() -> None:
    modules = sorted(UNIT.glob("*.py"))
    assert len(modules) > 10  # the glob found the tier, so the guard is not vacuous
    offenders = [
        path.name
        for path in modules
        if path.name not in ALLOWED_MOTO and imports_moto(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "move tests that need moto to tests/integration"


def test_the_unit_tier_cannot_open_a_connection() -> None:
    # conftest.py's refusal (its error type is not imported: conftest modules are pytest's to load)
    blocked = "unit tests must not use the network"
    with pytest.raises(RuntimeError, match=blocked):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(RuntimeError, match=blocked), socket.socket() as sock:
        sock.connect(("127.0.0.1", 9))
