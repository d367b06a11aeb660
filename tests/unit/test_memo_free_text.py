"""A memo written as one free text (``aftercall_memo``): stored, read into fields, linted, never sent."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from aftercall.domain.composer import ComposeContext, compose_sms
from aftercall.domain.detail_page import DetailPage, render_detail_page
from aftercall.domain.email_composer import compose_email
from aftercall.domain.memo import Memo, MemoKey, Strategy, memo_from_attributes
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.memo_lint import lint_memo
from aftercall.domain.memo_text import labelled_fields, segments, unused_text
from aftercall.domain.pii import mask_memo

REMARK = "고객 통화 중 목소리 큼 — 내부 참고"
FREE = (
    f"목적: 11월 요금 중복 청구 문의\n현재 상태: 중복 청구 3,300원 확인\n원하는 결과: 중복분 환불\n{REMARK}"
)


def from_free_text(text: str, **attributes: str) -> Memo:
    return memo_from_attributes({MemoKey.FREE_TEXT.value: text, **attributes})


def test_given_the_free_text_key_when_read_then_it_is_documented_as_aftercall_memo() -> None:
    assert MemoKey.FREE_TEXT.value == "aftercall_memo"


def test_given_a_free_text_memo_when_read_then_it_is_kept_whole() -> None:
    assert from_free_text(FREE).free_text == FREE


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("목적: 환불 문의", "purpose", "환불 문의"),
        ("문의: 환불 문의", "purpose", "환불 문의"),
        ("상태: 접수 완료", "status", "접수 완료"),
        ("현재 상태 : 접수 완료", "status", "접수 완료"),
        ("원하는 결과: 환불", "desired_outcome", "환불"),
        ("요청: 환불", "desired_outcome", "환불"),
        ("발생 시각: 12월 1일", "occurred_at", "12월 1일"),
        ("문제: 두 번 청구", "problem", "두 번 청구"),
        ("처리: 환불 접수", "progress", "환불 접수"),
        ("Purpose: refund", "purpose", "refund"),
        ("STATUS: submitted", "status", "submitted"),
        ("Desired outcome: refund", "desired_outcome", "refund"),
        ("When: Dec 1", "occurred_at", "Dec 1"),
        ("Problem: charged twice", "problem", "charged twice"),
        ("Progress: refund submitted", "progress", "refund submitted"),
        ("- 목적: 환불 문의", "purpose", "환불 문의"),
        ("* Purpose: refund", "purpose", "refund"),
        ("1. 상태: 접수 완료", "status", "접수 완료"),
        ("[목적] 환불 문의", "purpose", "환불 문의"),
        ("목적：환불 문의", "purpose", "환불 문의"),
    ],
)
def test_given_a_labelled_line_when_read_then_it_fills_its_field(line: str, field: str, value: str) -> None:
    assert labelled_fields(line) == {field: value}


def test_given_labelled_parts_on_one_line_when_read_then_each_fills_its_field() -> None:
    fields = labelled_fields("목적: 카드 분실 / 상태: 사용 정지 완료 | Desired outcome: 재발급")
    assert fields == {"purpose": "카드 분실", "status": "사용 정지 완료", "desired_outcome": "재발급"}


def test_given_a_slash_inside_a_value_when_read_then_the_value_is_not_cut() -> None:
    assert labelled_fields("상태: 11/30 출고, 12/2 도착 예정") == {"status": "11/30 출고, 12/2 도착 예정"}


def test_given_a_colon_in_an_unlabelled_line_when_read_then_no_field_is_filled() -> None:
    assert labelled_fields("고객님 말씀: 배송이 늦었다고 하심\n참고: 박스 없이 회수") == {}


def test_given_the_free_text_labels_when_read_into_a_memo_then_the_fields_are_filled() -> None:
    memo = from_free_text(FREE)
    assert (memo.purpose, memo.status, memo.desired_outcome) == (
        "11월 요금 중복 청구 문의",
        "중복 청구 3,300원 확인",
        "중복분 환불",
    )


def test_given_a_structured_attribute_and_a_label_when_read_then_the_attribute_wins() -> None:
    memo = from_free_text(FREE, aftercall_status="환불 접수 완료")
    assert memo.status == "환불 접수 완료"


def test_given_a_label_used_for_a_field_when_the_rest_is_computed_then_only_unused_lines_remain() -> None:
    memo = from_free_text(FREE, aftercall_status="환불 접수 완료")
    assert (
        unused_text(memo.free_text, memo.customer_fields()) == f"현재 상태: 중복 청구 3,300원 확인\n{REMARK}"
    )


def test_given_an_unlabelled_free_text_when_segmented_then_each_line_is_unlabelled() -> None:
    assert [s.field for s in segments("인터넷 끊김 문의\n모뎀 재부팅 안내")] == ["", ""]


def test_given_an_unlabelled_free_text_memo_when_linted_then_the_missing_fields_are_named_not_empty() -> None:
    found = lint_memo(from_free_text("고객이 인터넷이 자주 끊긴다고 전화함. 모뎀 재부팅 안내함."))
    assert Rule.EMPTY not in {f.rule for f in found}
    assert {f.field for f in found if f.rule is Rule.MISSING} == {"purpose", "status", "desired_outcome"}


def test_given_a_judging_word_in_the_free_text_when_linted_then_it_is_a_finding_on_memo() -> None:
    found = lint_memo(from_free_text("해지 문의. 위약금 안내함. 고객 짜증 많이 냄."))
    assert Finding(Rule.JUDGING, "memo", "짜증") in found


def test_given_a_vague_labelled_line_when_linted_then_the_finding_is_on_its_field_once() -> None:
    found = lint_memo(from_free_text("목적: 배송 지연\n상태: 확인 필요\n요청: 이번 주 수령"))
    assert [(f.rule, f.field) for f in found if f.rule is Rule.VAGUE] == [(Rule.VAGUE, "status")]


def test_given_a_free_text_memo_with_placeholders_only_when_linted_then_it_is_empty() -> None:
    assert lint_memo(from_free_text("-")) == [Finding(Rule.EMPTY, "memo")]


CTX = ComposeContext("에이스카드", "1588-1234", "https://d.example.com/l/Ab3dEf9hJk2m")


@pytest.mark.parametrize("strategy", list(Strategy))
def test_given_a_free_text_memo_when_a_text_is_composed_then_the_free_text_never_appears(
    strategy: Strategy,
) -> None:
    sms = compose_sms(from_free_text(FREE), strategy, "ko-KR", CTX)
    assert "11월 요금 중복 청구 문의" in sms.text  # the labelled purpose, through its field
    assert REMARK not in sms.text
    assert FREE not in sms.text


def test_given_an_unlabelled_free_text_memo_when_a_text_is_composed_then_none_of_it_appears() -> None:
    text = "고객이 인터넷 끊김으로 화가 나 있음"
    sms = compose_sms(from_free_text(text), Strategy.CONFIRM, "ko-KR", CTX)
    assert text not in sms.text


def test_given_a_free_text_memo_when_an_email_is_composed_then_the_free_text_never_appears() -> None:
    email = compose_email(from_free_text(FREE), Strategy.DETAIL, "ko-KR", CTX)
    assert REMARK not in email.text
    assert REMARK not in email.html


def test_given_a_free_text_memo_when_the_detail_page_is_rendered_then_the_free_text_never_appears() -> None:
    page = DetailPage(
        memo=from_free_text(FREE),
        locale="ko-KR",
        company_name="에이스카드",
        callback_number="1588-1234",
        expires_at=datetime(2026, 12, 31, tzinfo=UTC),
        time_zone=ZoneInfo("Asia/Seoul"),
    )
    assert REMARK not in render_detail_page(page)


def test_given_a_card_number_in_the_free_text_when_masked_then_it_is_hidden_with_a_finding_on_memo() -> None:
    stored, findings = mask_memo(from_free_text("목적: 카드 분실\n카드번호 4111-1111-1111-1111 불러주심"))
    assert "4111-1111-1111-1111" not in stored.free_text
    assert stored.free_text.endswith("****-****-****-1111 불러주심")
    assert Finding(Rule.PII_MASKED, "memo", "card_number") in findings
