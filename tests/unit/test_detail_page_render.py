"""The detail page's HTML: content, locales, escaping, and the notice pages that carry no data."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from aftercall.domain.appointment import appointment_start
from aftercall.domain.detail_page import (
    DetailPage,
    Notice,
    is_safe_link,
    negotiate_locale,
    render_detail_page,
    render_notice_page,
    supported_locale,
)
from aftercall.domain.memo import Appointment, Memo
from tests.samples import sample_memo

SEOUL = ZoneInfo("Asia/Seoul")
MEMO = Memo(
    purpose="요금 이중 출금 문의",
    status="환불 요청을 접수했습니다.",
    desired_outcome="33,000원 환불",
    progress="접수 번호 R-07",
    agent_note="고객이 화를 많이 냄 (agent only)",
    appointment=Appointment(at="2026-12-03T14:30:00+09:00", place="강남점", bring="신분증"),
    links=("https://example.com/refund",),
)
PAGE = DetailPage(
    memo=MEMO,
    locale="ko-KR",
    company_name="Aftercall Telecom",
    callback_number="1600-0000",
    expires_at=datetime(2026, 12, 1, 15, 0, tzinfo=UTC),
    time_zone=SEOUL,
    masked_phone="+82******5678",
    calendar_href="/tok/appointment.ics",
)


def page_with(**changes: object) -> DetailPage:
    return dataclasses.replace(PAGE, **changes)  # type: ignore[arg-type]


def test_memo_text_is_escaped() -> None:
    html = render_detail_page(page_with(memo=sample_memo(status='<script>alert("x")</script>')))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_every_untrusted_value_is_escaped_wherever_it_lands() -> None:
    # Given a marker in every memo field, the brand and the link  When the page is rendered
    mark = "<i>\"'&"
    memo = Memo(
        purpose=mark,
        status=mark,
        desired_outcome=mark,
        occurred_at=mark,
        problem=mark,
        progress=mark,
        appointment=Appointment(at=mark, place=mark, bring=mark),
        links=(f"https://example.com/?q={mark}",),
    )
    page = page_with(memo=memo, company_name=mark, callback_number=mark, masked_phone=mark)

    html = render_detail_page(page)

    # Then it appears only escaped, and the template left no placeholder behind
    assert "<i>" not in html
    assert html.count("&lt;i&gt;&quot;&#x27;&amp;") == 16  # title, header (3), 9 memo values, link (2), call
    assert "$" not in html


def test_the_stylesheet_is_inlined_as_is() -> None:
    html = render_detail_page(PAGE)

    assert '"Apple SD Gothic Neo"' in html
    assert "<style>*{box-sizing:border-box}" in html


def test_agent_note_never_appears() -> None:
    assert "agent only" not in render_detail_page(PAGE)


def test_korean_page_has_korean_lang_and_headings() -> None:
    html = render_detail_page(PAGE)

    assert '<html lang="ko">' in html
    assert ">현재 상태</h2>" in html


def test_english_page_has_english_lang_and_headings() -> None:
    html = render_detail_page(page_with(locale="en-US"))

    assert '<html lang="en">' in html
    assert ">Where things stand</h2>" in html


def test_shows_purpose_status_and_next_steps() -> None:
    html = render_detail_page(PAGE)

    for text in ("요금 이중 출금 문의", "환불 요청을 접수했습니다.", "33,000원 환불", "접수 번호 R-07"):
        assert text in html


def test_empty_fields_leave_out_their_section() -> None:
    html = render_detail_page(page_with(memo=sample_memo(desired_outcome="", progress="")))

    assert 'id="h-next"' not in html


def test_appointment_time_is_written_in_korean() -> None:
    assert "2026년 12월 3일 (목) 오후 2:30" in render_detail_page(PAGE)


def test_appointment_time_is_written_in_english() -> None:
    assert "Thursday, December 3, 2026, 2:30 PM" in render_detail_page(page_with(locale="en-US"))


def test_calendar_link_is_offered_for_a_readable_appointment() -> None:
    assert 'href="/tok/appointment.ics"' in render_detail_page(PAGE)


def test_no_calendar_link_for_an_unreadable_appointment_time() -> None:
    memo = sample_memo(appointment=Appointment(at="다음 주 화요일 오후"))

    html = render_detail_page(page_with(memo=memo))

    assert "appointment.ics" not in html
    assert "다음 주 화요일 오후" in html


def test_only_https_links_are_shown() -> None:
    links = ("https://example.com/ok", "http://example.com/plain", "javascript:alert(1)")

    html = render_detail_page(page_with(memo=sample_memo(links=links)))

    assert 'href="https://example.com/ok"' in html
    assert "http://example.com/plain" not in html
    assert "javascript:" not in html


def test_callback_number_is_a_tel_link() -> None:
    assert 'href="tel:16000000"' in render_detail_page(PAGE)


def test_masked_phone_is_shown_as_given() -> None:
    assert "+82******5678" in render_detail_page(PAGE)


def test_expiry_date_is_shown_in_the_page_time_zone() -> None:
    assert "2026년 12월 2일 (수)까지" in render_detail_page(PAGE)  # 15:00 UTC is the next day in Seoul


@pytest.mark.parametrize("notice", list(Notice))
def test_notice_pages_have_a_lang_and_a_heading(notice: Notice) -> None:
    html = render_notice_page(notice, "en-US")

    assert '<html lang="en">' in html
    assert "<h1>" in html


def test_unavailable_page_is_polite_korean() -> None:
    assert "링크를 열 수 없습니다" in render_notice_page(Notice.UNAVAILABLE, "ko-KR")


@pytest.mark.parametrize(
    ("given", "expected"),
    [("ko-KR", "ko-KR"), ("ko", "ko-KR"), ("en_us", "en-US"), ("fr-FR", "ko-KR"), (None, "ko-KR")],
)
def test_supported_locale(given: str | None, expected: str) -> None:
    assert supported_locale(given) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [("en-US,en;q=0.9,ko;q=0.8", "en-US"), ("fr-FR, ko;q=0.5", "ko-KR"), ("fr", "en-US"), (None, "en-US")],
)
def test_negotiate_locale_takes_the_first_supported_language(header: str | None, expected: str) -> None:
    assert negotiate_locale(header, default="en-US") == expected


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.com/a?b=c", True),
        ("http://example.com", False),
        ("javascript:alert(1)", False),
        ("https://", False),
        ("https://exa mple.com", False),
        ("//example.com", False),
    ],
)
def test_is_safe_link(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_appointment_without_offset_is_read_in_the_default_zone() -> None:
    start = appointment_start(Appointment(at="2026-12-03T14:30"), SEOUL)

    assert start == datetime(2026, 12, 3, 5, 30, tzinfo=UTC)


def test_unreadable_appointment_time_has_no_start() -> None:
    assert appointment_start(Appointment(at="next Tuesday"), SEOUL) is None
