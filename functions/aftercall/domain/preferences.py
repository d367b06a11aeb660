"""A customer's stored choices, as every channel reads them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a customer asked for: opt-out, channel, language, email."""

    opted_out: bool = False
    preferred_channel: str | None = None
    locale: str | None = None
    email: str | None = None


CHANNEL_CHOICES = ("sms", "email", "none")  # what a customer may ask for (aftercall_preferred_channel)


def chosen_channel(from_memo: str | None, stored: str | None) -> str | None:
    """The customer's channel: what they told the agent on this call, else what is stored; None for
    anything else (the configured route then applies)."""
    for choice in (from_memo, stored):
        value = (choice or "").strip().lower()
        if value in CHANNEL_CHOICES:
            return value
    return None
