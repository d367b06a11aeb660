"""The infra package's import structure, read from the source (no CDK import, no synth).

Imports under ``if TYPE_CHECKING:`` count: a cycle that only type checkers follow is still a cycle
in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = "aftercall_infra"
PACKAGE_DIR = Path(__file__).resolve().parents[2] / "infra" / PACKAGE


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, absolute names; ``from pkg import name`` also yields ``pkg.name``
    (it may be a submodule)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def package_graph() -> dict[str, set[str]]:
    modules = {f"{PACKAGE}.{p.stem}": p for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__"}
    return {name: imported_modules(path) & modules.keys() for name, path in modules.items()}


def test_nag_is_a_leaf_of_the_infra_package() -> None:
    imports = imported_modules(PACKAGE_DIR / "nag.py")

    assert f"{PACKAGE}.stack" not in imports
    assert {m for m in imports if m == PACKAGE or m.startswith(f"{PACKAGE}.")} == set()


def test_infra_modules_import_each_other_without_cycles() -> None:
    graph = package_graph()
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            pytest.fail("import cycle: " + " -> ".join((*path[path.index(module) :], module)))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_the_import_reader_sees_type_checking_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from aftercall_infra.stack import X\n",
        encoding="utf-8",
    )

    assert "aftercall_infra.stack" in imported_modules(source)
