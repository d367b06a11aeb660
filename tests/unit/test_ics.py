"""The appointment's calendar file (RFC 5545)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from aftercall.domain.calendar_ics import CalendarEvent, render_ics

EVENT = CalendarEvent(
    followup_id="fu-123",
    start=datetime(2026, 12, 3, 14, 30, tzinfo=ZoneInfo("Asia/Seoul")),
    summary="Aftercall Telecom 예약",
    stamp=datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    location="강남점 3층",
    description="신분증",
)


def event_with(**changes: object) -> CalendarEvent:
    return dataclasses.replace(EVENT, **changes)  # type: ignore[arg-type]


def unfolded_lines(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")


def test_every_line_ends_with_crlf() -> None:
    ics = render_ics(EVENT)

    assert ics.endswith("\r\n")
    assert "\n" not in ics.replace("\r\n", "")


def test_uid_comes_from_the_followup_id() -> None:
    assert "UID:fu-123@aftercall" in unfolded_lines(render_ics(EVENT))


def test_start_is_written_in_utc() -> None:
    assert "DTSTART:20261203T053000Z" in unfolded_lines(render_ics(EVENT))


def test_end_is_start_plus_duration() -> None:
    ics = render_ics(event_with(duration=timedelta(hours=1)))

    assert "DTEND:20261203T063000Z" in unfolded_lines(ics)


def test_calendar_wraps_one_event() -> None:
    lines = unfolded_lines(render_ics(EVENT))

    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines[-3:] == ["END:VEVENT", "END:VCALENDAR", ""]


def test_text_values_are_escaped() -> None:
    ics = render_ics(event_with(location="A; B, C\\D\nE"))

    assert "LOCATION:A\\; B\\, C\\\\D\\nE" in unfolded_lines(ics)


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    summary = "한국어 예약 안내 " * 12

    ics = render_ics(event_with(summary=summary))

    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))
    assert f"SUMMARY:{summary}" in unfolded_lines(ics)


def test_empty_location_is_left_out() -> None:
    assert "LOCATION" not in render_ics(event_with(location=""))
