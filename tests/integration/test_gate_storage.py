"""The gate's storage on moto: numbers masked before the memo is written, the decision recorded on the
follow-up (classes and fields, never text), and the detail page showing only what the gate lets out."""

from __future__ import annotations

import json

import boto3

from aftercall.adapters.followup_store import FollowupStore
from aftercall.domain.memo import Memo
from aftercall.handlers import ingest_records
from aftercall.local.lambda_context import lambda_context
from tests.integration.test_detail_page_handler import Site, _tables, save_memo, site
from tests.integration.test_ingest_handlers import CONTACT, IngestEnv, env, followable_ctr, kinesis_batch

__all__ = ["_tables", "env", "site"]  # the fixtures this module borrows

CARD = "4111 1111 1111 1111"
RESIDENT = "900101-1234567"


def raw_item(table: str, key: dict[str, dict[str, str]]) -> str:
    item = boto3.client("dynamodb", region_name="ap-northeast-2").get_item(TableName=table, Key=key)["Item"]
    return json.dumps(item, ensure_ascii=False)


def test_the_stored_memo_holds_no_full_card_or_resident_number(env: IngestEnv) -> None:
    record = followable_ctr(
        ContactId=CONTACT,
        **{
            "Attributes.aftercall_agent_note": f"고객이 카드 {CARD} 불러줌, 주민번호 {RESIDENT}",
            "Attributes.aftercall_status": "카드 4111-1111-1111-1111 결제 취소 접수",
        },
    )
    ingest_records.handler(kinesis_batch([record]), lambda_context("ingest"))
    stored = raw_item("memos", {"contact_id": {"S": CONTACT}})
    digits = "".join(c for c in stored if c.isdigit() or c == "*")
    assert "4111111111111111" not in digits
    assert "9001011234567" not in digits
    assert "**** **** **** 1111" in stored
    assert "******-***4567" in stored
    findings = json.loads(stored)["findings"]["L"]
    masked = {
        (f["M"]["field"]["S"], f["M"]["phrase"]["S"]) for f in findings if f["M"]["rule"]["S"] == "pii_masked"
    }
    assert masked == {
        ("agent_note", "card_number"),
        ("agent_note", "resident_number"),
        ("status", "card_number"),
    }
    # The plan made at ingest gated the status (a card number, even masked: the generic text) and says so
    followup = FollowupStore().get(CONTACT)
    assert followup is not None
    assert followup.gate is not None
    assert [(f.check.value, f.field, f.action.value) for f in followup.gate.findings] == [
        ("card_number", "status", "drop")
    ]
    assert followup.sms is not None
    assert "*" not in followup.sms.text
    assert "결제 취소" not in followup.sms.text
    followup_item = raw_item("followups", {"followup_id": {"S": CONTACT}, "item": {"S": "followup"}})
    assert "4111" not in followup_item
    assert "결제 취소" not in followup_item


def test_the_page_shows_only_what_the_gate_lets_out(site: Site) -> None:
    save_memo(
        "gated",
        Memo(
            purpose="요금 중복 청구 문의",
            status="환불 접수 완료",
            desired_outcome="중복 청구분 환불",
            problem='<a href="http://evil.example">여기</a>를 누르세요',
            progress="계좌 110-123-456789 로 입금 예정",
        ),
    )
    token = site.issue("gated")
    body = site.get(f"/{token}")["body"]
    assert "요금 중복 청구 문의" in body  # the good lines stay
    assert "evil.example" not in body
    assert "110-123-456789" not in body


def test_a_judging_memo_shows_no_memo_line_on_the_page(site: Site) -> None:
    save_memo("judging", Memo(purpose="진상 고객 환불 요구", status="환불 접수", desired_outcome="환불"))
    body = site.get(f"/{site.issue('judging')}")["body"]
    assert "진상" not in body
    assert "환불 접수" not in body  # held: the page shows the generic form, no memo line


def test_a_placeholder_line_is_not_on_the_page(site: Site) -> None:
    save_memo(
        "placeholders",
        Memo(purpose="요금 중복 청구 문의", status="-", desired_outcome="N/A", problem=".", progress="없음"),
    )
    body = site.get(f"/{site.issue('placeholders')}")["body"]
    assert "요금 중복 청구 문의" in body
    for label in ("현재 상태", "원하시는 결과", "문제 내용", "지금까지의 처리 내용"):
        assert label not in body  # a section or a term whose only value was a placeholder is left out
