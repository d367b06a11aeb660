"""The gate's detectors and the masking before storage (domain/sensitive.py, domain/pii.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercall.domain.memo import Appointment, Memo
from aftercall.domain.memo_findings import Rule
from aftercall.domain.pii import mask_memo
from aftercall.domain.sensitive import Sensitive, detect, luhn_valid, mask_numbers

CARD = "4111 1111 1111 1111"  # a test card number: Luhn-valid


@pytest.mark.parametrize(
    "text",
    [
        f"카드번호 {CARD} 로 결제",
        "카드 4111-1111-1111-1111",
        "4111111111111111입니다",
        "amex 3782-822463-10005",
        "카드 **** **** **** 1111",  # masked: still a card number on a customer's line
    ],
)
def test_card_numbers_are_found(text: str) -> None:
    assert Sensitive.CARD_NUMBER in detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "카드 4111 1111 1111 1112",  # fails Luhn
        "주문번호 20261120123456789",  # 17 digits, fails Luhn
        "금액 12,000원, 3영업일",
        "연락처 010-1234-5678",
    ],
)
def test_what_is_not_a_card_number(text: str) -> None:
    assert Sensitive.CARD_NUMBER not in detect(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("주민번호 900101-1234567", True),
        ("주민번호9001011234567", True),
        ("2001년생 050315-3123456", True),  # 2000s: seventh digit 3
        ("주민 901301-1234567", False),  # month 13
        ("900230-1234567", False),  # 30 February
        ("900101-9234567", False),  # seventh digit 9: not issued
        ("******-***4567", True),  # masked
    ],
)
def test_resident_registration_numbers_need_a_real_date(text: str, found: bool) -> None:
    assert (Sensitive.RESIDENT_NUMBER in detect(text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("환불 계좌 110-123-456789 신한", True),
        ("우리 1002-123-456789", True),
        ("국민 123456-78-901234", True),
        ("연락처 010-1234-5678", False),  # a mobile number
        ("지점 02-123-4567", False),
        ("+82 10-1234-5678", False),  # international format
        ("1588-1234로 연락", False),  # a service number
        ("2026-11-20 발생", False),  # a date
        ("상담 10-12시", False),
    ],
)
def test_account_number_heuristic(text: str, found: bool) -> None:
    assert (Sensitive.ACCOUNT_NUMBER in detect(text)) is found


@pytest.mark.parametrize(
    "text",
    [
        "주문번호 2024-1123-77 배송 지연",
        "ORD-2024-000123 취소 요청",
        "Order INV-2026-0001234 refunded",
        "order #2024-556677-12 shipped",
        "2024-1123-77 건 환불 완료",  # a year first, in a grouping no bank prints
        "접수번호: 1234-567890 처리 중",
        "tracking no. 6120-3345-8871 stuck",
    ],
)
def test_a_dash_grouped_order_or_reference_number_is_not_an_account(text: str) -> None:
    assert Sensitive.ACCOUNT_NUMBER not in detect(text)


@pytest.mark.parametrize(
    "text",
    [
        "환불 계좌 110-123-456789 신한",
        "우리 1002-123-456789",
        "카카오뱅크 3333-01-1234567 로 환불",
        "농협 302-1234-5678-91",
        "입금 계좌 2024-123-456789",  # a year-like first group in a bank's grouping, after "계좌"
        "refund to account 2024-1123-77",  # named an account: an account, whatever its shape
        "주문 취소, 환불은 110-123-456789 로",  # an order word earlier in the line does not excuse it
    ],
)
def test_a_real_account_number_is_still_found_next_to_order_numbers(text: str) -> None:
    assert Sensitive.ACCOUNT_NUMBER in detect(text)


@pytest.mark.parametrize(
    "text",
    ['<a href="http://x.example">안내</a>', '링크 <a href="http://x', "요금 &amp; 수수료", "</p>", "<br/>"],
)
def test_markup_is_found(text: str) -> None:
    assert Sensitive.MARKUP in detect(text)


@pytest.mark.parametrize("text", ["a < b > c", "3 < 5", "고객 <홍길동> 님", "A&B 통신"])
def test_comparisons_and_brackets_are_not_markup(text: str) -> None:
    assert Sensitive.MARKUP not in detect(text)


@pytest.mark.parametrize("text", ["{name}님", "${purpose}", "{{ customer }}", "%s 고객", "%(name)s", "{0}"])
def test_placeholders_are_found(text: str) -> None:
    assert Sensitive.PLACEHOLDER in detect(text)


@pytest.mark.parametrize("text", ["100% 환불", "50%는 이번 달", "요금 {추가 안내 없음}"])
def test_percentages_and_braced_words_are_not_placeholders(text: str) -> None:
    assert Sensitive.PLACEHOLDER not in detect(text)


def test_masking_keeps_the_last_four_digits_and_the_separators() -> None:
    masked, kinds = mask_numbers(f"카드 {CARD}, 주민 900101-1234567, 계좌 110-123-456789")
    assert masked == "카드 **** **** **** 1111, 주민 ******-***4567, 계좌 110-123-456789"
    assert kinds == (Sensitive.CARD_NUMBER, Sensitive.RESIDENT_NUMBER)


def _with_check_digit(body: str) -> str:
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


@given(st.text(alphabet="0123456789", min_size=12, max_size=18), st.sampled_from(["", " ", "-"]))
def test_every_luhn_valid_card_is_masked_to_its_last_four(body: str, separator: str) -> None:
    number = _with_check_digit(body)
    # Plain, or in the 4-4-4-4 shape of a 16-digit card (other groupings read as accounts).
    text = separator.join(re.findall(".{4}", number)) if len(number) == 16 else number
    masked, kinds = mask_numbers(f"카드 {text} 결제")
    assert kinds  # a card, or a 13-digit number that is also a valid resident number
    assert re.sub(r"\D", "", masked) == number[-4:]


def test_mask_memo_masks_every_field_and_names_field_and_kind_only() -> None:
    memo = Memo(
        purpose="환불 문의",
        agent_note=f"고객이 카드 {CARD} 불러줌, 주민번호 900101-1234567",
        appointment=Appointment(at="2026-12-01T10:00:00+09:00", place="강남", bring=f"카드 {CARD}"),
        extra={"aftercall_memo": f"메모 {CARD}"},
    )
    masked, findings = mask_memo(memo)
    assert "1111 1111 1111 1111" not in repr(masked)
    assert "900101" not in repr(masked)
    assert {(f.rule, f.field, f.phrase) for f in findings} == {
        (Rule.PII_MASKED, "agent_note", "card_number"),
        (Rule.PII_MASKED, "agent_note", "resident_number"),
        (Rule.PII_MASKED, "appointment_bring", "card_number"),
        (Rule.PII_MASKED, "aftercall_memo", "card_number"),
    }
    assert masked.purpose == "환불 문의"


def test_a_memo_without_numbers_is_returned_as_is() -> None:
    memo = Memo(purpose="환불 문의", status="12,000원 환불 접수")
    assert mask_memo(memo) == (memo, ())
