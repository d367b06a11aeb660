"""The detail page use case: a token becomes a page (or its calendar file), within a rate limit.

Rate limiting is a fixed window per client address, kept in memory per Lambda container. Why not a
table: tokens carry 128 random bits, so the limit is not what stops guessing; it bounds scraping and
cost, and the API's stage throttling bounds the total across containers (docs/detail-page.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum

from aftercall.domain.appointment import appointment_start
from aftercall.domain.calendar_ics import CALENDAR_FILENAME, CalendarEvent, render_ics
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.detail_page import (
    LABELS,
    DetailPage,
    Notice,
    negotiate_locale,
    render_detail_page,
    render_notice_page,
    supported_locale,
)
from aftercall.domain.gate import GatePolicy
from aftercall.domain.link import Link
from aftercall.domain.memo import Memo
from aftercall.domain.phone import mask
from aftercall.observability import logger
from aftercall.usecases.gating import gate_record
from aftercall.usecases.ports import LinkResolver, MemoReader


def calendar_path(token: str) -> str:
    return f"/{token}/{CALENDAR_FILENAME}"


class FixedWindowLimiter:
    """At most ``limit`` requests per client in each window; counts reset when the window turns."""

    def __init__(self, limit: int, window: timedelta = timedelta(minutes=1)) -> None:
        self._limit = limit
        self._seconds = window.total_seconds()
        self._window = -1
        self._counts: dict[str, int] = {}

    def allow(self, client: str, now: datetime) -> bool:
        window = int(now.timestamp() // self._seconds)
        if window != self._window:
            self._window, self._counts = window, {}  # old windows never matter again: memory stays bounded
        self._counts[client] = self._counts.get(client, 0) + 1
        return self._counts[client] <= self._limit


@dataclass(frozen=True, slots=True)
class Brand:
    """What the page shows of the center: its name, callback number, time zone, language."""

    company_name: str
    callback_number: str
    time_zone: tzinfo
    default_locale: str = "ko-KR"


class Outcome(StrEnum):
    SHOWN = "shown"
    UNAVAILABLE = "unavailable"
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True, slots=True)
class Rendered:
    """The page's outcome and its body."""

    outcome: Outcome
    body: str  # the page, the calendar file (SHOWN on the calendar route), or a notice page


@dataclass(frozen=True, slots=True)
class _Found:
    """A valid link, its memo and the memo as the gate lets it be shown."""

    link: Link
    record: ContactMemo
    locale: str
    memo: Memo  # gated


class DetailPages:
    def __init__(
        self,
        links: LinkResolver,
        memos: MemoReader,
        limiter: FixedWindowLimiter,
        brand: Brand,
        gate: GatePolicy | None = None,
    ) -> None:
        self._gate = gate or GatePolicy()  # the page shows only what the gate lets out, as the text does
        self._links = links
        self._memos = memos
        self._limiter = limiter
        self._brand = brand

    def page(self, token: str, client: str, accept_language: str | None, now: datetime) -> Rendered:
        found = self._find(token, client, now)
        if not isinstance(found, _Found):
            return self._notice(found, accept_language)
        memo = found.memo
        start = appointment_start(memo.appointment, self._brand.time_zone) if memo.appointment else None
        page = DetailPage(
            memo=memo,
            locale=found.locale,
            company_name=self._brand.company_name,
            callback_number=self._brand.callback_number,
            expires_at=found.link.expires_at,
            time_zone=self._brand.time_zone,
            masked_phone=mask(found.record.phone.e164) if found.record.phone else None,
            calendar_href=calendar_path(token) if start else None,
        )
        logger.info("detail page shown", followup_id=found.link.followup_id, locale=found.locale)
        return Rendered(Outcome.SHOWN, render_detail_page(page))

    def calendar(self, token: str, client: str, accept_language: str | None, now: datetime) -> Rendered:
        found = self._find(token, client, now)
        if not isinstance(found, _Found):
            return self._notice(found, accept_language)
        appointment = found.memo.appointment
        start = appointment_start(appointment, self._brand.time_zone) if appointment else None
        if appointment is None or start is None:
            return self._notice(Outcome.UNAVAILABLE, accept_language)
        summary = LABELS[found.locale].calendar_summary.format(company=self._brand.company_name)
        event = CalendarEvent(
            followup_id=found.link.followup_id,
            start=start,
            summary=summary,
            stamp=now,
            location=appointment.place,
            description=appointment.bring,
        )
        logger.info("detail calendar shown", followup_id=found.link.followup_id)
        return Rendered(Outcome.SHOWN, render_ics(event))

    def _find(self, token: str, client: str, now: datetime) -> _Found | Outcome:
        if not self._limiter.allow(client, now):
            logger.info("detail page rate limited")
            return Outcome.RATE_LIMITED
        link = self._links.resolve(token, now)
        record = self._memos.get(link.contact_id) if link else None
        if link is None or record is None:
            logger.info("detail link unavailable", known_token=link is not None)
            return Outcome.UNAVAILABLE
        locale = supported_locale(link.locale, self._brand.default_locale)
        return _Found(link, record, locale, gate_record(record, self._gate).memo)

    def _notice(self, outcome: Outcome, accept_language: str | None) -> Rendered:
        notice = Notice.RATE_LIMITED if outcome is Outcome.RATE_LIMITED else Notice.UNAVAILABLE
        locale = negotiate_locale(accept_language, self._brand.default_locale)
        return Rendered(outcome, render_notice_page(notice, locale))
