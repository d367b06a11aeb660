"""The customer's detail page, rendered from one follow-up (its calendar file: domain.calendar_ics).

Pure functions: no AWS, no clock (the caller passes ``now``). The markup and styles are package
data, ``aftercall/templates/detail_page.html`` and ``.css``; every value from the memo is untrusted
agent text, escaped by ``domain.markup`` when it fills a template. The page is mobile-first HTML
with inline CSS only, so it works under ``default-src 'none'``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from functools import cache
from urllib.parse import urlsplit

from aftercall.domain.appointment import appointment_start
from aftercall.domain.calendar_ics import CALENDAR_FILENAME
from aftercall.domain.locale_formats import SUPPORTED_LOCALES, long_date, long_datetime
from aftercall.domain.markup import EMPTY, Blocks, Markup, join, read_template
from aftercall.domain.memo import Memo


@dataclass(frozen=True, slots=True)
class Labels:
    """Every customer-facing string of the page in one locale."""

    title: str
    intro: str  # {company}
    sent_to: str  # {masked}
    purpose: str
    occurred_at: str
    problem: str
    status: str
    next_steps: str
    desired_outcome: str
    progress: str
    appointment: str
    when: str
    place: str
    bring: str
    add_to_calendar: str
    calendar_summary: str  # {company}
    links: str
    contact: str
    contact_text: str
    call: str  # {number}
    available_until: str  # {date}
    privacy: str
    unavailable_title: str
    unavailable_text: str
    limited_title: str
    limited_text: str


LABELS: dict[str, Labels] = {
    "ko-KR": Labels(
        title="상담 내용 안내",
        intro="{company}에 문의해 주셔서 감사합니다. 상담하신 내용을 정리해 드립니다.",
        sent_to="{masked} 번호로 보내 드린 문자의 자세한 내용입니다.",
        purpose="문의하신 내용",
        occurred_at="발생 시점",
        problem="문제 내용",
        status="현재 상태",
        next_steps="다음 단계",
        desired_outcome="원하시는 결과",
        progress="지금까지의 처리 내용",
        appointment="예약 안내",
        when="일시",
        place="장소",
        bring="준비물",
        add_to_calendar="캘린더에 추가하기",
        calendar_summary="{company} 예약",
        links="참고 자료",
        contact="문의하기",
        contact_text="궁금하신 점이 있으시면 언제든지 전화해 주세요.",
        call="전화하기 {number}",
        available_until="이 페이지는 {date}까지 보실 수 있습니다.",
        privacy="개인정보 보호를 위해 전화번호 일부를 가려서 표시합니다.",
        unavailable_title="링크를 열 수 없습니다",
        unavailable_text=(
            "링크의 유효 기간이 지났거나 주소가 올바르지 않습니다. "
            "받으신 문자의 발신 번호로 연락해 주시면 다시 안내해 드리겠습니다."
        ),
        limited_title="잠시 후 다시 시도해 주세요",
        limited_text="요청이 많아 잠시 이용이 제한되었습니다. 1분 정도 지난 뒤 다시 열어 주세요.",
    ),
    "en-US": Labels(
        title="Your call summary",
        intro="Thank you for contacting {company}. Here is a summary of your call.",
        sent_to="These are the details of the text message we sent to {masked}.",
        purpose="What you contacted us about",
        occurred_at="When it happened",
        problem="The problem",
        status="Where things stand",
        next_steps="Next steps",
        desired_outcome="The outcome you asked for",
        progress="What we have done so far",
        appointment="Your appointment",
        when="When",
        place="Where",
        bring="What to bring",
        add_to_calendar="Add to calendar",
        calendar_summary="Appointment with {company}",
        links="Documents and links",
        contact="Contact us",
        contact_text="If you have any questions, please give us a call.",
        call="Call {number}",
        available_until="This page is available until {date}.",
        privacy="Part of your phone number is hidden to protect your privacy.",
        unavailable_title="This link can't be opened",
        unavailable_text=(
            "The link has expired or is not valid. Please contact us at the number that sent you "
            "the text message, and we'll be glad to help."
        ),
        limited_title="Please try again shortly",
        limited_text="We received too many requests. Please open the page again in a minute.",
    ),
}


def supported_locale(locale: str | None, default: str = "ko-KR") -> str:
    """``ko``, ``ko_kr`` or ``ko-KR`` → ``ko-KR``; anything unsupported → ``default``."""
    language = (locale or "").replace("_", "-").split("-")[0].strip().lower()
    return next((s for s in SUPPORTED_LOCALES if s.split("-")[0] == language), default)


def negotiate_locale(accept_language: str | None, default: str = "ko-KR") -> str:
    """The first supported language of an Accept-Language header (its order, weights ignored)."""
    for entry in (accept_language or "").split(","):
        language = entry.split(";")[0].strip()
        if language and supported_locale(language, ""):
            return supported_locale(language)
    return default


def is_safe_link(url: str) -> bool:
    """Only absolute https links with a host are shown; anything else an agent typed is dropped."""
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        return False
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname)


@dataclass(frozen=True, slots=True)
class DetailPage:
    """Everything the page shows. ``masked_phone`` is already masked (domain.phone.mask)."""

    memo: Memo
    locale: str
    company_name: str
    callback_number: str
    expires_at: datetime
    time_zone: tzinfo
    masked_phone: str | None = None
    calendar_href: str | None = None  # set when the appointment has a readable time


class Notice(StrEnum):
    """Pages that show no follow-up data at all."""

    UNAVAILABLE = "unavailable"  # unknown or expired token
    RATE_LIMITED = "rate_limited"


_PAGE = Blocks("detail_page.html")


@cache
def _css() -> Markup:
    return Markup(read_template("detail_page.css").strip())  # our own file: inserted as is


def _document(locale: str, title: str, body: Markup) -> str:
    return _PAGE.render("document", lang=locale[:2], title=title, css=_css(), body=body).html


def _section(key: str, heading: str, content: Markup) -> Markup:
    return _PAGE.render("section", key=key, heading=heading, content=content)


def _definitions(items: list[Markup]) -> Markup:
    """A <dl> of the terms that have a value; nothing when none has."""
    present = join(items)
    return _PAGE.render("definitions", items=present) if present else EMPTY


def _term(term: str, text: str) -> Markup:
    """One term and its text; nothing when the text is empty."""
    return _PAGE.render("definition_text", term=term, text=text) if text else EMPTY


def _purpose_section(memo: Memo, labels: Labels) -> Markup:
    details = _definitions([_term(labels.occurred_at, memo.occurred_at), _term(labels.problem, memo.problem)])
    content = (_PAGE.render("text", text=memo.purpose) if memo.purpose else EMPTY) + details
    return _section("purpose", labels.purpose, content) if content else EMPTY


def _status_section(memo: Memo, labels: Labels) -> Markup:
    return _section("status", labels.status, _PAGE.render("text", text=memo.status)) if memo.status else EMPTY


def _next_steps_section(memo: Memo, labels: Labels) -> Markup:
    content = _definitions(
        [_term(labels.desired_outcome, memo.desired_outcome), _term(labels.progress, memo.progress)]
    )
    return _section("next", labels.next_steps, content) if content else EMPTY


def _appointment_section(page: DetailPage, labels: Labels, locale: str) -> Markup:
    appointment = page.memo.appointment
    if appointment is None:
        return EMPTY
    start = appointment_start(appointment, page.time_zone)
    when = (
        _PAGE.render(
            "definition_time", term=labels.when, iso=start.isoformat(), text=long_datetime(start, locale)
        )
        if start
        else _term(labels.when, appointment.at)
    )
    content = _definitions(
        [when, _term(labels.place, appointment.place), _term(labels.bring, appointment.bring)]
    )
    if page.calendar_href and start:
        content += _PAGE.render(
            "calendar_button",
            href=page.calendar_href,
            filename=CALENDAR_FILENAME,
            label=labels.add_to_calendar,
        )
    return _section("appointment", labels.appointment, content)


def _link_text(url: str) -> str:
    """What the customer reads: the address without its scheme (it is always https)."""
    return url.removeprefix("https://").rstrip("/")


def _links_section(memo: Memo, labels: Labels) -> Markup:
    links = [url for url in memo.links if is_safe_link(url)]
    if not links:
        return EMPTY
    items = join(_PAGE.render("link", href=url, text=_link_text(url)) for url in links)
    return _section("links", labels.links, _PAGE.render("links", items=items))


def _tel(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _contact_section(page: DetailPage, labels: Labels) -> Markup:
    call = labels.call.format(number=page.callback_number)
    content = _PAGE.render("contact", text=labels.contact_text, tel=_tel(page.callback_number), call=call)
    return _section("contact", labels.contact, content)


def _footer(page: DetailPage, labels: Labels, locale: str) -> Markup:
    until = long_date(page.expires_at.astimezone(page.time_zone), locale)
    notes = [labels.available_until.format(date=until)]
    if page.masked_phone:
        notes.append(labels.privacy)
    return join(_PAGE.render("note", text=note) for note in notes)


def render_detail_page(page: DetailPage) -> str:
    """The whole page for one follow-up. The agent-only note never appears on it."""
    locale = supported_locale(page.locale)
    labels = LABELS[locale]
    memo = page.memo
    sent_to = (
        _PAGE.render("note", text=labels.sent_to.format(masked=page.masked_phone))
        if page.masked_phone
        else EMPTY
    )
    header = _PAGE.render(
        "header",
        company=page.company_name,
        title=labels.title,
        intro=labels.intro.format(company=page.company_name),
        sent_to=sent_to,
    )
    body = join(
        [
            header,
            _purpose_section(memo, labels),
            _status_section(memo, labels),
            _next_steps_section(memo, labels),
            _appointment_section(page, labels, locale),
            _links_section(memo, labels),
            _contact_section(page, labels),
            _footer(page, labels, locale),
        ]
    )
    return _document(locale, f"{page.company_name} · {labels.title}", body)


def render_notice_page(notice: Notice, locale: str) -> str:
    """A friendly page that carries no follow-up data: not even the company or a number."""
    resolved = supported_locale(locale)
    labels = LABELS[resolved]
    title, text = {
        Notice.UNAVAILABLE: (labels.unavailable_title, labels.unavailable_text),
        Notice.RATE_LIMITED: (labels.limited_title, labels.limited_text),
    }[notice]
    return _document(resolved, title, _PAGE.render("notice", title=title, text=text))
