"""A customer's stored choices, as every channel reads them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a customer asked for: opt-out, channel, language, email, and their WhatsApp opt-in and
    last message to us there (which opens WhatsApp's 24-hour customer-service window)."""

    opted_out: bool = False
    preferred_channel: str | None = None
    locale: str | None = None
    email: str | None = None
    whatsapp_opt_in: bool | None = None  # None: never asked; False: withdrawn
    whatsapp_inbound_at: datetime | None = None  # UTC, aware


# What a customer may ask for (aftercall_preferred_channel, `aftercall preferences set --channel`).
CHANNEL_CHOICES = ("sms", "whatsapp", "email", "none")
WHATSAPP_WINDOW = timedelta(hours=24)  # Meta's customer-service window after the customer's message
# A free-form message must reach Meta inside the window: one sent this close to its end is a template.
WINDOW_MARGIN = timedelta(minutes=15)


def in_whatsapp_window(prefs: Preferences, now: datetime) -> bool:
    """Whether a free-form WhatsApp message may go now: the customer wrote to us there lately."""
    at = prefs.whatsapp_inbound_at
    return at is not None and at <= now < at + WHATSAPP_WINDOW - WINDOW_MARGIN


def chosen_channel(from_memo: str | None, stored: str | None) -> str | None:
    """The customer's channel: what they told the agent on this call, else what is stored; None for
    anything else (the configured route then applies)."""
    for choice in (from_memo, stored):
        value = (choice or "").strip().lower()
        if value in CHANNEL_CHOICES:
            return value
    return None
