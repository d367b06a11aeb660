"""A customer's stored choices, as every channel reads them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Preferences:
    opted_out: bool = False
    preferred_channel: str | None = None
    locale: str | None = None
    email: str | None = None
