"""The spelling check for the CLI: Hunspell's dictionaries when installed (``make spelling``)."""

from __future__ import annotations

from typing import Any

from aftercall.errors import ConfigurationError


def add_option(parser: Any) -> None:
    parser.add_argument("--no-spelling", action="store_true", help="skip the spelling check")


def load(enabled: bool) -> tuple[Any, str | None]:
    """The speller, or None and why not (the rest of the check runs either way)."""
    if not enabled:
        return None, "skipped (--no-spelling)"
    from aftercall.composition.spelling import speller  # loads Enchant: only when asked

    try:
        return speller(), None
    except ConfigurationError as exc:
        return None, str(exc)
