"""When an appointment is: the agent's ISO 8601 text read as an aware datetime.

Agents may leave the offset out; such a time is read in a default zone (the customer's, or the
configured one). Text that is not ISO 8601 is kept by the callers as written, never guessed at.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from aftercall.domain.memo import Appointment


def read_time(at: str, default_zone: tzinfo | str) -> datetime | None:
    """``at`` as an aware datetime, in ``default_zone`` when it has no offset; None if unreadable.

    A zone name is looked up only when it is needed, so an offset-bearing time never depends on it.
    """
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return None
    if moment.tzinfo:
        return moment
    return moment.replace(tzinfo=ZoneInfo(default_zone) if isinstance(default_zone, str) else default_zone)


def appointment_start(appointment: Appointment, default_zone: tzinfo) -> datetime | None:
    """The appointment time; a time without an offset is read in ``default_zone``; None if unreadable."""
    return read_time(appointment.at, default_zone)
