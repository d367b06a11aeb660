"""The ``aftercall`` console script. Each subcommand lives in its own module with ``register()``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Subcommand modules under aftercall.cli; each defines register(subparsers) and sets ``func``.
SUBCOMMANDS: tuple[str, ...] = (
    "demo",
    "forget",
    "lint_memo",
    "preferences",
    "preview",
    "replay",
    "resend",
    "serve",
    "smoke",
    "templates",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aftercall",
        description="After-call follow-up texts for Amazon Connect: run locally, preview, lint, operate.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in SUBCOMMANDS:
        importlib.import_module(f"aftercall.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
