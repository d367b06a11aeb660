"""The composer: golden texts of every default template, the budget guarantee, and the email."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercall.domain.compose_values import format_appointment
from aftercall.domain.composer import (
    ComposeContext,
    DoesNotFitError,
    choose_locale,
    compose_sms,
)
from aftercall.domain.email_composer import compose_email
from aftercall.domain.encoding import GSM7, UCS2
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.templates import DEFAULT_TEMPLATES, Template
from aftercall.errors import ConfigurationError

GOLDEN = Path(__file__).parent / "golden"
UPDATE = (
    os.environ.get("UPDATE_GOLDEN") == "1"
)  # regenerate: UPDATE_GOLDEN=1 pytest tests/unit/test_composer.py
LINK = "https://d.example.com/l/Ab3dEf9hJk2mNp4qRs6tUv"
AGENT_NOTE = "AGENT-ONLY customer sounded upset"
CONTEXTS = {
    "ko-KR": ComposeContext("에이스카드", "1588-1234", LINK),
    "en-US": ComposeContext("Acme Bank", "1588-1234", LINK),
}
MEMOS: dict[str, dict[str, Memo]] = {
    "ko-KR": {
        "typical": Memo(
            purpose="이중 결제 환불 문의",
            status="카드사에 취소 요청 완료",
            desired_outcome="3월 6일까지 결제하신 카드로 35,000원 환불",
            occurred_at="3월 2일 오후 2시",
            problem="같은 주문이 두 번 결제됨",
            progress="중복 결제 1건 취소 접수",
            agent_note=AGENT_NOTE,
            appointment=Appointment("2026-03-05T14:30:00+09:00", "강남지점 2층 상담실", "신분증"),
        ),
        "long": Memo(
            purpose="지난달 온라인 쇼핑몰에서 주문하신 겨울 외투의 결제가 두 번 이루어진 건에 대한 환불 문의",
            status="카드사에 중복 결제 취소를 요청했으며 카드사 확인 절차가 진행되고 있습니다",
            desired_outcome=(
                "3월 6일까지 결제하신 카드로 35,000원을 환불해 드리고 환불 완료 후 문자로 다시 안내"
            ),
            occurred_at="2026년 3월 2일 오후 2시 10분",
            problem="같은 주문 번호 A-20260302-118로 결제가 두 번 승인되었고 한 건은 이미 매입되었습니다",
            progress="중복 결제 1건 취소 접수 완료, 카드사 처리 번호 77120 발급, 영업일 기준 3일 소요 예정",
            agent_note=AGENT_NOTE,
            appointment=Appointment(
                "2026-03-05T14:30:00+09:00",
                "서울 강남구 테헤란로 123 에이스타워 2층 고객상담실",
                "신분증, 결제하신 카드, 주문 내역서 사본, 그리고 환불 받으실 계좌 정보가 적힌 통장 사본",
            ),
        ),
        "empty": Memo(agent_note=AGENT_NOTE),
    },
    "en-US": {
        "typical": Memo(
            purpose="double charge on your card",
            status="cancellation sent to the card issuer",
            desired_outcome="refund of $35.00 to your card by Mar 6",
            occurred_at="Mar 2, 2:00 PM",
            problem="one order was charged twice",
            progress="duplicate charge cancelled",
            agent_note=AGENT_NOTE,
            appointment=Appointment("2026-03-05T14:30:00-05:00", "Main St branch, 2nd floor", "a photo ID"),
        ),
        "long": Memo(
            purpose="the winter coat you ordered online last month was charged twice on your credit card",
            status="we asked the card issuer to cancel the duplicate charge and they are reviewing it now",
            desired_outcome=(
                "a refund of $35.00 to the same card by March 6 2026, then a text when it is done"
            ),
            occurred_at="March 2 2026 at 2:10 PM",
            problem="order A-20260302-118 was authorised twice and one charge has already settled",
            progress="duplicate charge cancellation filed, issuer reference 77120, takes three business days",
            agent_note=AGENT_NOTE,
            appointment=Appointment(
                "2026-03-05T14:30:00-05:00",
                "Main Street branch, 123 Main Street, Springfield, 2nd floor customer service desk",
                "a photo ID, the card you paid with, a copy of the order and your bank account details",
            ),
        ),
        "empty": Memo(agent_note=AGENT_NOTE),
    },
}
CASES = [
    (template, memo_name)
    for template in DEFAULT_TEMPLATES.values()
    for memo_name in ("typical", "long", "empty")
]


def _strategy(template: Template) -> Strategy:
    return Strategy.APPOINTMENT if template.purpose == "reminder" else Strategy(template.purpose)


def _kind(template: Template) -> str:
    return "reminder" if template.purpose == "reminder" else "followup"


@pytest.mark.parametrize(("template", "memo_name"), CASES, ids=[f"{t.template_id}-{m}" for t, m in CASES])
def test_default_templates_match_their_golden_texts(template: Template, memo_name: str) -> None:
    # Given a default template and a memo  When composed  Then the text and its sizing are as reviewed
    locale = template.locale
    sms = compose_sms(
        MEMOS[locale][memo_name], _strategy(template), locale, CONTEXTS[locale], _kind(template)
    )
    rendered = (
        f"# {sms.template_id} {sms.encoding} parts={sms.parts}/{sms.budget} "
        f"shortened={sms.shortened} findings={','.join(sms.findings) or '-'}\n{sms.text}\n"
    )
    golden = GOLDEN / f"{template.template_id.replace('#', '.')}.{memo_name}.txt"
    if UPDATE:
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")
    assert sms.parts <= sms.budget
    assert sms.findings == ()


@pytest.mark.parametrize("locale", ["ko-KR", "en-US"])
@pytest.mark.parametrize("strategy", list(Strategy))
def test_the_agent_note_never_reaches_a_text(locale: str, strategy: Strategy) -> None:
    memo = MEMOS[locale]["typical"]
    sms = compose_sms(memo, strategy, locale, CONTEXTS[locale])
    email = compose_email(memo, strategy, locale, CONTEXTS[locale])
    assert AGENT_NOTE not in sms.text + email.subject + email.text + email.html


def test_a_typical_english_confirmation_is_one_gsm7_part() -> None:
    sms = compose_sms(MEMOS["en-US"]["typical"], Strategy.CONFIRM, "en-US", CONTEXTS["en-US"])
    assert (sms.encoding, sms.parts, sms.shortened) == (GSM7, 1, False)


def test_a_korean_confirmation_is_ucs2() -> None:
    sms = compose_sms(MEMOS["ko-KR"]["typical"], Strategy.CONFIRM, "ko-KR", CONTEXTS["ko-KR"])
    assert sms.encoding == UCS2


def test_an_empty_memo_gets_a_generic_polite_confirmation() -> None:
    sms = compose_sms(Memo(), Strategy.CONFIRM, "ko-KR", CONTEXTS["ko-KR"])
    assert (
        sms.text
        == "[에이스카드] 고객님, 오늘 문의해 주셔서 감사합니다.\n궁금하신 점은 1588-1234번으로 연락 주세요."
    )


def test_curly_quotes_in_an_english_memo_do_not_make_it_ucs2() -> None:
    memo = Memo(purpose="the \u201cdouble charge\u201d", desired_outcome="refund \u2013 by Mar 6")
    sms = compose_sms(memo, Strategy.CONFIRM, "en-US", CONTEXTS["en-US"])
    assert (sms.encoding, sms.parts) == (GSM7, 1)
    assert 'the "double charge"' in sms.text


def test_optional_lines_go_before_anything_is_shortened() -> None:
    # Given a confirmation whose optional "Your request" line is what pushes it over one part
    memo = Memo(
        purpose="a question about the double charge on your card last week",
        desired_outcome=("refund of $35.00 to your card by Mar 6, confirmed by text"),
    )
    # When composed  Then that line is gone and what was agreed is whole
    sms = compose_sms(memo, Strategy.CONFIRM, "en-US", CONTEXTS["en-US"])
    assert "Your request" not in sms.text
    assert "We agreed: refund of $35.00 to your card by Mar 6, confirmed by text" in sms.text
    assert sms.shortened


def test_a_shortened_value_ends_with_an_ellipsis_and_keeps_the_link() -> None:
    sms = compose_sms(MEMOS["en-US"]["long"], Strategy.DETAIL, "en-US", CONTEXTS["en-US"])
    assert sms.shortened
    assert "..." in sms.text
    assert LINK in sms.text


def test_a_value_is_not_cut_inside_a_date() -> None:
    # Given a value whose only room for a cut is inside "March 6 2026"
    memo = Memo(desired_outcome="refund " + "x" * 120 + " by March 6 2026")
    # When composed into one part  Then the date is dropped whole, not cut
    sms = compose_sms(memo, Strategy.CONFIRM, "en-US", CONTEXTS["en-US"])
    assert "March" not in sms.text
    assert sms.parts == 1


def test_a_template_that_cannot_fit_raises_does_not_fit() -> None:
    # Given a place (never shortened) far longer than the reminder's budget
    memo = Memo(appointment=Appointment("2026-03-05T14:30:00+09:00", "Main St " * 60))
    with pytest.raises(DoesNotFitError) as caught:
        compose_sms(memo, Strategy.APPOINTMENT, "en-US", CONTEXTS["en-US"], kind="reminder")
    assert (caught.value.template_id, caught.value.budget) == ("reminder#en-US", 2)


def test_an_unconfigured_sender_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        compose_sms(Memo(), Strategy.CONFIRM, "en-US", ComposeContext("", "1588-1234"))


def test_an_override_reports_its_source_and_budget() -> None:
    override = Template("confirm#en-US", "${company_name}: thanks!", 1, "override")
    sms = compose_sms(Memo(), Strategy.CONFIRM, "en-US", CONTEXTS["en-US"], template=override)
    assert (sms.text, sms.template_source, sms.budget) == ("Acme Bank: thanks!", "override", 1)


def test_banned_phrases_are_reported_as_findings() -> None:
    memo = Memo(desired_outcome="a free gift card")
    sms = compose_sms(memo, Strategy.CONFIRM, "en-US", CONTEXTS["en-US"], banned_phrases=("free gift",))
    assert sms.findings == ("banned_phrase",)


WORDS = st.sampled_from(
    [
        "refund",
        "card",
        "환불",
        "카드로",
        "35,000원",
        "$35.00",
        "Mar",
        "6",
        "3월",
        "6일",
        "2026-03-06",
        "14:00",
        "오후",
        "PM",
        "the",
        "order",
        "“quoted”",
        "a" * 40,
        "A-118",
        "😀",
        "€5",
    ]
)
NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")
VALUES = st.lists(WORDS, max_size=40).map(" ".join)
MEMO_VALUES = st.builds(
    Memo,
    purpose=VALUES,
    status=VALUES,
    desired_outcome=VALUES,
    problem=VALUES,
    progress=VALUES,
    occurred_at=st.sampled_from(["", "Mar 2, 2:00 PM", "3월 2일 오후 2시"]),
)


@settings(max_examples=60, deadline=None)
@given(memo=MEMO_VALUES, template=st.sampled_from(list(DEFAULT_TEMPLATES.values())))
def test_a_composed_text_never_exceeds_its_budget_nor_cuts_a_number(memo: Memo, template: Template) -> None:
    # Given any memo made of words, numbers and dates  When composed with any default template
    locale = template.locale
    memo = replace(memo, appointment=Appointment("2026-03-05T14:30:00+09:00", "Gangnam 2F", "ID"))
    try:
        sms = compose_sms(memo, _strategy(template), locale, CONTEXTS[locale], _kind(template))
    except DoesNotFitError:
        return  # allowed: reported, never sent over budget
    # Then it fits, and every number in it is a whole number from the memo, the context or the time
    assert sms.parts <= sms.budget
    appointment = format_appointment("2026-03-05T14:30:00+09:00", locale, "Asia/Seoul")
    source = " ".join([*memo.customer_fields().values(), LINK, "1588-1234", appointment])
    assert set(NUMBER.findall(sms.text)) <= set(NUMBER.findall(source))


@pytest.mark.parametrize(
    ("at", "locale", "expected"),
    [
        ("2026-03-05T14:30:00+09:00", "ko-KR", "3월 5일(목) 오후 2시 30분"),
        ("2026-03-05T09:00:00+09:00", "ko-KR", "3월 5일(목) 오전 9시"),
        ("2026-03-05T00:05:00+09:00", "en-US", "Thu, Mar 5 at 12:05 AM"),
        ("2026-03-05T12:00:00", "en-US", "Thu, Mar 5 at 12:00 PM"),
        ("next Tuesday", "en-US", "next Tuesday"),
    ],
)
def test_appointment_times_read_naturally(at: str, locale: str, expected: str) -> None:
    assert format_appointment(at, locale, "Asia/Seoul") == expected


@pytest.mark.parametrize(
    ("memo_locale", "preferred", "region", "expected"),
    [
        ("en-US", "ko-KR", "KR", "en-US"),
        (None, "en", "KR", "en-US"),
        (None, None, "KR", "ko-KR"),
        (None, None, "US", "en-US"),
        ("ja-JP", None, "JP", "en-US"),
        (None, None, None, "ko-KR"),
    ],
)
def test_the_locale_follows_agent_then_customer_then_number(
    memo_locale: str | None, preferred: str | None, region: str | None, expected: str
) -> None:
    assert choose_locale(memo_locale, preferred, region, "ko-KR") == expected


def test_the_email_is_localized_and_escaped() -> None:
    memo = Memo(purpose="<b>refund</b> & more", desired_outcome="refund by Mar 6")
    email = compose_email(memo, Strategy.CONFIRM, "en-US", CONTEXTS["en-US"])
    assert email.subject == "Acme Bank: summary of your call"
    assert "&lt;b&gt;refund&lt;/b&gt; &amp; more" in email.html
    assert "- Your request: <b>refund</b> & more" in email.text


def test_only_a_detail_email_carries_the_link() -> None:
    memo = MEMOS["ko-KR"]["typical"]
    detail = compose_email(memo, Strategy.DETAIL, "ko-KR", CONTEXTS["ko-KR"])
    confirm = compose_email(memo, Strategy.CONFIRM, "ko-KR", CONTEXTS["ko-KR"])
    assert (LINK in detail.text, LINK in confirm.text) == (True, False)
    assert detail.subject == "[에이스카드] 상담 내용 안내"


def test_a_reminder_email_lists_only_the_appointment() -> None:
    email = compose_email(
        MEMOS["en-US"]["typical"], Strategy.APPOINTMENT, "en-US", CONTEXTS["en-US"], "reminder"
    )
    assert email.subject == "Acme Bank: appointment reminder"
    assert "Place: Main St branch, 2nd floor" in email.text
    assert "Your request" not in email.text


@pytest.mark.parametrize("placeholder", ["-", ".", "N/A", "없음", " n/a ", "--"])
def test_a_placeholder_value_is_left_out_of_the_text_and_the_email(placeholder: str) -> None:
    memo = Memo(
        purpose="요금 중복 청구 문의",
        status=placeholder,
        desired_outcome=placeholder,
        problem=placeholder,
        progress=placeholder,
    )
    sms = compose_sms(memo, Strategy.CONFIRM, "ko-KR", CONTEXTS["ko-KR"])
    email = compose_email(memo, Strategy.DETAIL, "ko-KR", CONTEXTS["ko-KR"])
    assert "요금 중복 청구 문의" in sms.text
    assert "요청하신 사항" not in sms.text  # the line whose value was a placeholder is left out
    for body in (sms.text, email.text, email.html):
        lines = [line.strip() for line in body.replace("<", "\n<").replace(">", ">\n").splitlines()]
        assert placeholder.strip() not in lines
        assert not any(line.endswith(f": {placeholder.strip()}") for line in lines)
