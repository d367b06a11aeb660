"""The layering holds: imports go handlers → composition → use cases → ports ← adapters → domain.

Read from the source (every import statement, also those inside functions), so a broken rule fails
here before it spreads.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "functions" / "aftercall"
AWS_LIBRARIES = ("boto3", "botocore", "pynamodb", "aws_lambda_powertools", "moto")


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            # "from aftercall import clients" imports the module aftercall.clients
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def offending(path: Path, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        name for name in imports_of(path) if any(name == f or name.startswith(f + ".") for f in forbidden)
    )


@pytest.mark.parametrize("path", modules("usecases"), ids=lambda p: p.name)
def test_a_use_case_imports_no_adapter_no_wiring_and_no_aws_library(path: Path) -> None:
    forbidden = (
        "aftercall.adapters",
        "aftercall.composition",
        "aftercall.handlers",
        "aftercall.clients",
        "aftercall.local",
        "aftercall.cli",
        "boto3",
        "botocore",
        "pynamodb",
    )
    assert offending(path, forbidden) == []


@pytest.mark.parametrize("path", modules("domain"), ids=lambda p: p.name)
def test_the_domain_imports_no_aws_library_and_nothing_outside_itself(path: Path) -> None:
    forbidden = (*AWS_LIBRARIES, "aftercall.adapters", "aftercall.usecases", "aftercall.composition")
    assert offending(path, forbidden) == []


@pytest.mark.parametrize("path", modules("adapters"), ids=lambda p: p.name)
def test_an_adapter_never_reaches_up_into_use_cases_or_handlers(path: Path) -> None:
    forbidden = ("aftercall.usecases", "aftercall.handlers", "aftercall.composition", "aftercall.local")
    assert offending(path, forbidden) == []


@pytest.mark.parametrize("path", modules("handlers"), ids=lambda p: p.name)
def test_a_handler_is_thin_and_gets_its_use_case_from_the_composition_root(path: Path) -> None:
    assert offending(path, ("aftercall.adapters", "aftercall.clients", "boto3", "botocore", "pynamodb")) == []
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 60


def test_a_use_case_is_built_only_in_the_composition_root() -> None:
    # Use cases are classes named in usecases/; constructing one anywhere else in the package
    # (a handler's own cache, a second wiring module) is a second composition root.
    built = {"IngestCall", "PlanFollowup", "SendSms", "SendEmail", "CreateTask", "CheckReceipt"}
    built |= {"RecordOutcome", "RecordReceipt", "DetailPages", "FailDeadLetteredSend", "CheckTemplate"}
    outside = []
    for path in PACKAGE.rglob("*.py"):
        if path.is_relative_to(PACKAGE / "composition") or path.is_relative_to(PACKAGE / "usecases"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in built:
                outside.append(f"{path.relative_to(PACKAGE)}: {node.func.id}")
    assert outside == []


def test_the_ports_are_declared_once() -> None:
    declared: dict[str, list[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            bases = {getattr(base, "id", "") for base in getattr(node, "bases", [])}
            if isinstance(node, ast.ClassDef) and "Protocol" in bases:
                declared.setdefault(node.name, []).append(str(path.relative_to(PACKAGE)))
    repeated = {name: where for name, where in declared.items() if len(where) > 1}
    assert repeated == {}


ROOT = PACKAGE.parents[1]


@pytest.mark.parametrize("tree", ["functions", "infra", "layers", "benchmarks"])
def test_no_module_outside_the_tests_is_over_350_lines(tree: str) -> None:
    # A module that long does several jobs: split it by job (docs/architecture.md).
    long = {
        str(path.relative_to(ROOT)): lines
        for path in (ROOT / tree).rglob("*.py")
        if "build" not in path.parts and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 350
    }
    assert long == {}
