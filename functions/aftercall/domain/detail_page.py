"""The customer's detail page, rendered from one follow-up (its calendar file: domain.calendar_ics).

Pure functions: no AWS, no clock (the caller passes ``now``). Every value from the memo is
untrusted agent text and goes through ``html.escape``.
The page is mobile-first HTML with inline CSS only, so it works under ``default-src 'none'``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from urllib.parse import urlsplit

from aftercall.domain.appointment import appointment_start
from aftercall.domain.calendar_ics import CALENDAR_FILENAME
from aftercall.domain.locale_formats import long_date, long_datetime
from aftercall.domain.memo import Memo

SUPPORTED_LOCALES: tuple[str, ...] = ("ko-KR", "en-US")


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


_CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f3f4f6;color:#1f2328;line-height:1.6;font-size:1.0625rem;
font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR","Noto Sans CJK KR",
"Malgun Gothic",sans-serif;word-break:keep-all;overflow-wrap:anywhere}
main{max-width:40rem;margin:0 auto;padding:1rem}
header{padding:.5rem .25rem 1rem}
.company{margin:0;color:#4b5563;font-weight:600}
h1{margin:.25rem 0 .5rem;font-size:1.5rem;line-height:1.3}
h2{margin:0 0 .5rem;font-size:1.125rem}
section{background:#fff;border-radius:.75rem;padding:1rem 1.125rem;margin:0 0 .75rem;
box-shadow:0 1px 2px rgba(0,0,0,.08)}
p{margin:0 0 .5rem}
.text{white-space:pre-line}
dl{margin:0}
dt{font-weight:600;color:#374151;margin-top:.5rem}
dd{margin:0}
ul{margin:0;padding-left:1.25rem}
li{margin:.25rem 0}
a{color:#0a58ca}
.button{display:inline-block;margin-top:.5rem;padding:.75rem 1rem;border-radius:.5rem;
background:#0a58ca;color:#fff;font-weight:600;text-decoration:none;min-height:44px}
.note{color:#4b5563;font-size:.9375rem}
main>.note{padding:0 .25rem}
@media (prefers-color-scheme:dark){
body{background:#111318;color:#e6e8eb}
section{background:#1c1f26;box-shadow:none}
.company,.note{color:#b6bcc6}
dt{color:#cfd4dc}
a{color:#8ab4f8}
.button{background:#8ab4f8;color:#111318}
}
""".strip()


def _esc(value: str) -> str:
    return html.escape(value, quote=True)


def _document(locale: str, title: str, body: str) -> str:
    return (
        f'<!doctype html>\n<html lang="{locale[:2]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        '<meta name="robots" content="noindex,nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _section(key: str, heading: str, content: str) -> str:
    return (
        f'<section aria-labelledby="h-{key}">\n<h2 id="h-{key}">{_esc(heading)}</h2>\n{content}</section>\n'
    )


def _text(value: str) -> str:
    return f'<p class="text">{_esc(value)}</p>\n'


def _definitions(pairs: list[tuple[str, str]]) -> str:
    """A <dl> of the non-empty values, values already HTML; empty string when none."""
    items = "".join(f"<dt>{_esc(term)}</dt>\n<dd>{value}</dd>\n" for term, value in pairs if value)
    return f"<dl>\n{items}</dl>\n" if items else ""


def _plain(value: str) -> str:
    return f'<span class="text">{_esc(value)}</span>' if value else ""


def _purpose_section(memo: Memo, labels: Labels) -> str:
    details = _definitions(
        [(labels.occurred_at, _plain(memo.occurred_at)), (labels.problem, _plain(memo.problem))]
    )
    content = (_text(memo.purpose) if memo.purpose else "") + details
    return _section("purpose", labels.purpose, content) if content else ""


def _next_steps_section(memo: Memo, labels: Labels) -> str:
    content = _definitions(
        [(labels.desired_outcome, _plain(memo.desired_outcome)), (labels.progress, _plain(memo.progress))]
    )
    return _section("next", labels.next_steps, content) if content else ""


def _appointment_section(page: DetailPage, labels: Labels, locale: str) -> str:
    appointment = page.memo.appointment
    if appointment is None:
        return ""
    start = appointment_start(appointment, page.time_zone)
    when = (
        f'<time datetime="{_esc(start.isoformat())}">{_esc(long_datetime(start, locale))}</time>'
        if start
        else _plain(appointment.at)
    )
    content = _definitions(
        [
            (labels.when, when),
            (labels.place, _plain(appointment.place)),
            (labels.bring, _plain(appointment.bring)),
        ]
    )
    if page.calendar_href and start:
        content += (
            f'<a class="button" href="{_esc(page.calendar_href)}" download="{CALENDAR_FILENAME}">'
            f"{_esc(labels.add_to_calendar)}</a>\n"
        )
    return _section("appointment", labels.appointment, content)


def _link_text(url: str) -> str:
    """What the customer reads: the address without its scheme (it is always https)."""
    return url.removeprefix("https://").rstrip("/")


def _links_section(memo: Memo, labels: Labels) -> str:
    links = [url for url in memo.links if is_safe_link(url)]
    if not links:
        return ""
    items = "".join(
        f'<li><a href="{_esc(url)}" rel="noopener noreferrer">{_esc(_link_text(url))}</a></li>\n'
        for url in links
    )
    return _section("links", labels.links, f"<ul>\n{items}</ul>\n")


def _tel(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def _contact_section(page: DetailPage, labels: Labels) -> str:
    call = labels.call.format(number=page.callback_number)
    content = (
        f"<p>{_esc(labels.contact_text)}</p>\n"
        f'<a class="button" href="tel:{_esc(_tel(page.callback_number))}">{_esc(call)}</a>\n'
    )
    return _section("contact", labels.contact, content)


def _footer(page: DetailPage, labels: Labels, locale: str) -> str:
    until = long_date(page.expires_at.astimezone(page.time_zone), locale)
    notes = [labels.available_until.format(date=until)]
    if page.masked_phone:
        notes.append(labels.privacy)
    return "".join(f'<p class="note">{_esc(note)}</p>\n' for note in notes)


def render_detail_page(page: DetailPage) -> str:
    """The whole page for one follow-up. The agent-only note never appears on it."""
    locale = supported_locale(page.locale)
    labels = LABELS[locale]
    memo = page.memo
    header = (
        f'<header>\n<p class="company">{_esc(page.company_name)}</p>\n<h1>{_esc(labels.title)}</h1>\n'
        f"<p>{_esc(labels.intro.format(company=page.company_name))}</p>\n"
    )
    if page.masked_phone:
        header += f'<p class="note">{_esc(labels.sent_to.format(masked=page.masked_phone))}</p>\n'
    body = (
        header
        + "</header>\n"
        + _purpose_section(memo, labels)
        + (_section("status", labels.status, _text(memo.status)) if memo.status else "")
        + _next_steps_section(memo, labels)
        + _appointment_section(page, labels, locale)
        + _links_section(memo, labels)
        + _contact_section(page, labels)
        + _footer(page, labels, locale)
    )
    return _document(locale, f"{page.company_name} · {labels.title}", body)


def render_notice_page(notice: Notice, locale: str) -> str:
    """A friendly page that carries no follow-up data: not even the company or a number."""
    labels = LABELS[supported_locale(locale)]
    title, text = {
        Notice.UNAVAILABLE: (labels.unavailable_title, labels.unavailable_text),
        Notice.RATE_LIMITED: (labels.limited_title, labels.limited_text),
    }[notice]
    body = f"<header>\n<h1>{_esc(title)}</h1>\n</header>\n<section>\n<p>{_esc(text)}</p>\n</section>\n"
    return _document(supported_locale(locale), title, body)
