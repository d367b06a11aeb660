"""Imports go one way: ``aftercall.cli`` uses ``aftercall.local``, never the reverse.

Read from the source (the AST of every module under aftercall/local), so a lazy import inside a
function counts too, and nothing is imported to check it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

LOCAL = Path(__file__).resolve().parents[2] / "functions" / "aftercall" / "local"
FORBIDDEN = "aftercall.cli"


def _imported(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, module) of every import in ``tree``, relative ones resolved against ``package``."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            # ``from aftercall import cli`` imports a module named by base and alias together.
            found += [(node.lineno, base)] + [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Call) and _called(node.func) in {"import_module", "__import__"}:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def _called(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _cli_imports(source: str, package: str) -> list[tuple[int, str]]:
    first_per_line: dict[int, str] = {}
    for line, name in _imported(ast.parse(source), package):
        if _is_cli(name):
            first_per_line.setdefault(line, name)
    return sorted(first_per_line.items())


def _is_cli(name: str) -> bool:
    return name == FORBIDDEN or name.startswith(FORBIDDEN + ".")


def test_no_module_under_aftercall_local_imports_aftercall_cli() -> None:
    modules = sorted(LOCAL.rglob("*.py"))
    assert len(modules) > 10  # the package itself was found
    offending = []
    for path in modules:
        relative = path.relative_to(LOCAL.parent.parent).with_suffix("")
        package = ".".join(relative.parts[:-1])  # what a relative import resolves against
        offending += [
            f"{path.relative_to(LOCAL.parent)}:{line} imports {name}"
            for line, name in _cli_imports(path.read_text(encoding="utf-8"), package)
        ]
    assert offending == []


@pytest.mark.parametrize(
    "source",
    [
        "import aftercall.cli.serve",
        "from aftercall.cli.serve import serve_in_thread",
        "from aftercall import cli",
        "from ..cli import serve",
        "def later():\n    from aftercall.cli import main",
        "import importlib\nimportlib.import_module('aftercall.cli.demo')",
    ],
)
def test_the_check_sees_every_form_of_import(source: str) -> None:
    assert _cli_imports(source, "aftercall.local") != []


def test_the_check_leaves_other_imports_alone() -> None:
    source = "import aftercall.client\nfrom aftercall import clients\nfrom . import events\n"
    assert _cli_imports(source, "aftercall.local") == []
