"""The customer-facing date formats: one style per locale, shared by texts, emails and the page."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from aftercall.domain.locale_formats import long_date, long_datetime, short_datetime

SEOUL = ZoneInfo("Asia/Seoul")


def at(hour: int, minute: int) -> datetime:
    return datetime(2026, 12, 3, hour, minute, tzinfo=SEOUL)  # a Thursday


@pytest.mark.parametrize(
    ("moment", "locale", "expected"),
    [
        (at(14, 30), "ko-KR", "2026년 12월 3일 (목)"),
        (at(14, 30), "en-US", "Thursday, December 3, 2026"),
    ],
)
def test_long_date(moment: datetime, locale: str, expected: str) -> None:
    assert long_date(moment, locale) == expected


@pytest.mark.parametrize(
    ("moment", "locale", "expected"),
    [
        (at(14, 30), "ko-KR", "2026년 12월 3일 (목) 오후 2:30"),
        (at(0, 5), "ko-KR", "2026년 12월 3일 (목) 오전 12:05"),
        (at(12, 0), "en-US", "Thursday, December 3, 2026, 12:00 PM"),
        (at(9, 7), "en-US", "Thursday, December 3, 2026, 9:07 AM"),
    ],
)
def test_long_datetime(moment: datetime, locale: str, expected: str) -> None:
    assert long_datetime(moment, locale) == expected


@pytest.mark.parametrize(
    ("moment", "locale", "expected"),
    [
        (at(14, 30), "ko-KR", "12월 3일(목) 오후 2시 30분"),
        (at(9, 0), "ko-KR", "12월 3일(목) 오전 9시"),
        (at(0, 0), "ko-KR", "12월 3일(목) 오전 12시"),
        (at(23, 59), "en-US", "Thu, Dec 3 at 11:59 PM"),
        (at(0, 5), "en-US", "Thu, Dec 3 at 12:05 AM"),
    ],
)
def test_short_datetime(moment: datetime, locale: str, expected: str) -> None:
    assert short_datetime(moment, locale) == expected


def test_any_other_locale_reads_english() -> None:
    assert short_datetime(at(14, 30), "fr-FR") == short_datetime(at(14, 30), "en-US")
