"""Markdown pieces the report's sections share."""

from __future__ import annotations

from typing import Any


def yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines
