"""The appointment's calendar file (RFC 5545): one event the customer adds from the detail page.

Pure: the caller passes the start, the summary and the stamp. Every text value is agent or brand
text and goes through RFC 5545 TEXT escaping; long lines are folded at 75 octets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

CALENDAR_FILENAME = "appointment.ics"


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """An appointment as a calendar file (.ics) describes it."""

    followup_id: str
    start: datetime  # aware
    summary: str
    stamp: datetime  # when the file was made (DTSTAMP), aware
    location: str = ""
    description: str = ""
    duration: timedelta = timedelta(minutes=30)


def _ics_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ics_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, never inside a UTF-8 character (§3.1)."""
    chunks: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        width = len(ch.encode())
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with one space
        current += ch
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def render_ics(event: CalendarEvent) -> str:
    """A one-event calendar with CRLF line endings; the UID is stable per follow-up."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//aftercall//detail page//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{_ics_text(event.followup_id)}@aftercall",
        f"DTSTAMP:{_ics_utc(event.stamp)}",
        f"DTSTART:{_ics_utc(event.start)}",
        f"DTEND:{_ics_utc(event.start + event.duration)}",
        f"SUMMARY:{_ics_text(event.summary)}",
    ]
    if event.location:
        lines.append(f"LOCATION:{_ics_text(event.location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{_ics_text(event.description)}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(_fold(line) + "\r\n" for line in lines)
