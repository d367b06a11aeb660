"""Dates and times as a customer reads them: the one home of the ko-KR and en-US formats.

Texts, emails, the detail page and its calendar button all spell moments out through these
functions, so a customer sees one style per locale. Korean for ``ko-KR``, English for any other
locale (callers resolve the locale first; English is the fallback). The caller converts the moment
to the time zone it wants shown: nothing here changes the zone.
"""

from __future__ import annotations

from datetime import datetime

SUPPORTED_LOCALES: tuple[str, ...] = ("ko-KR", "en-US")  # every text, email and page

KO_KR = "ko-KR"

_KO_WEEKDAYS = "월화수목금토일"
EN_WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
EN_MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(month[:3] for month in EN_MONTHS)  # Jan … Sep … Dec


def _hour12(moment: datetime) -> int:
    return moment.hour % 12 or 12


def _ko_half(moment: datetime) -> str:
    return "오전" if moment.hour < 12 else "오후"


def _en_half(moment: datetime) -> str:
    return "AM" if moment.hour < 12 else "PM"


def long_date(moment: datetime, locale: str) -> str:
    """``2026년 12월 3일 (목)`` or ``Thursday, December 3, 2026``."""
    if locale == KO_KR:
        return f"{moment.year}년 {moment.month}월 {moment.day}일 ({_KO_WEEKDAYS[moment.weekday()]})"
    weekday, month = EN_WEEKDAYS[moment.weekday()], EN_MONTHS[moment.month - 1]
    return f"{weekday}, {month} {moment.day}, {moment.year}"


def long_datetime(moment: datetime, locale: str) -> str:
    """``2026년 12월 3일 (목) 오후 2:30`` or ``Thursday, December 3, 2026, 2:30 PM``."""
    date, clock = long_date(moment, locale), f"{_hour12(moment)}:{moment.minute:02d}"
    if locale == KO_KR:
        return f"{date} {_ko_half(moment)} {clock}"
    return f"{date}, {clock} {_en_half(moment)}"


def short_datetime(moment: datetime, locale: str) -> str:
    """``3월 5일(목) 오후 2시 30분`` or ``Thu, Mar 5 at 2:30 PM``: short enough for a text message."""
    if locale == KO_KR:
        minutes = f" {moment.minute}분" if moment.minute else ""
        weekday = _KO_WEEKDAYS[moment.weekday()]
        return f"{moment.month}월 {moment.day}일({weekday}) {_ko_half(moment)} {_hour12(moment)}시{minutes}"
    weekday, month = EN_WEEKDAYS[moment.weekday()][:3], EN_MONTH_ABBREVIATIONS[moment.month - 1]
    return f"{weekday}, {month} {moment.day} at {_hour12(moment)}:{moment.minute:02d} {_en_half(moment)}"
