"""The customer_history flow Lambda on the embedded AWS: calls ingested as Connect sends them, then a
second call's ContactFlowEvent (the documented payloads) asks for the history."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from aftercall import container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.handlers import customer_history, ingest_records
from aftercall.local.lambda_context import lambda_context
from tests.helpers import load_event, mutate
from tests.integration.test_ingest_handlers import (  # noqa: F401 - env is the fixture these tests share
    KOREAN_MOBILE,
    IngestEnv,
    env,
    followable_ctr,
    kinesis_batch,
)

FIRST, SECOND, OTHER = (f"{n}" * 8 + "-1111-1111-1111-111111111111" for n in (1, 2, 3))
NOW = datetime(2022, 1, 20, 9, 0, tzinfo=UTC)  # two weeks after the sample records' calls


def _call(contact_id: str, ended: str, number: str = KOREAN_MOBILE, **attributes: str) -> dict[str, Any]:
    return followable_ctr(
        ContactId=contact_id,
        DisconnectTimestamp=ended,
        LastUpdateTimestamp=ended,
        **{"CustomerEndpoint.Address": number},
        **{f"Attributes.aftercall_{k}": v for k, v in attributes.items()},
    )


def _flow_event(number: str | None, **parameters: str) -> dict[str, Any]:
    event = load_event("connect_contact_flow_event.lambda_docs.json")
    return mutate(
        event,
        **{
            "Details.ContactData.ContactId": "99999999-1111-1111-1111-111111111111",
            "Details.ContactData.CustomerEndpoint.Address": number,
            "Details.Parameters": parameters,
        },
    )


@pytest.fixture
def history(env: IngestEnv) -> IngestEnv:  # noqa: F811 - the shared fixture, by name
    container.clocks.wall = lambda: NOW
    ingest_records.handler(
        kinesis_batch(
            [
                _call(FIRST, "2022-01-05T17:47:28Z", purpose="11월 요금 중복 청구 문의", status="환불 접수"),
                _call(
                    SECOND,
                    "2022-01-12T10:00:00Z",
                    purpose="환불 입금 확인",
                    status="입금 예정일 안내",
                    agent_note="다른 상담원만 보는 메모",
                    appointment_at="2022-01-25T14:00:00+09:00",
                    appointment_place="강남 서비스센터",
                    strategy="appointment",
                ),
                _call(OTHER, "2022-01-13T10:00:00Z", number="+821055556666", purpose="다른 고객"),
            ]
        ),
        lambda_context("ingest"),
    )
    FollowupStore().record_outcome(FIRST, "delivered_email", ["sms", "email"], NOW)
    return env


def test_the_next_agent_gets_the_last_calls_newest_first(history: IngestEnv) -> None:
    out = customer_history.handler(_flow_event(KOREAN_MOBILE), lambda_context("customer_history"))

    assert out["history_count"] == "2"  # the other customer's call is not theirs
    assert out["history_1_purpose"] == "환불 입금 확인"
    assert out["history_1_appointment"].startswith("1월 25일(화) 오후 2시")
    assert "강남 서비스센터" in out["history_1_appointment"]
    assert out["history_1_followup"] == "발송 예정"  # its follow-up is still planned
    assert out["history_2_purpose"] == "11월 요금 중복 청구 문의"
    assert out["history_2_date"] == "2022년 1월 6일 (목)"  # 17:47 UTC is the next morning in Seoul
    assert out["history_2_followup"] == "문자 대신 이메일 전달됨"
    assert out["history_summary"].splitlines()[0].startswith("1) 2022년 1월 12일 (수) · 목적: 환불 입금 확인")
    assert all(isinstance(v, str) for v in out.values())  # Connect takes a flat map of strings only


def test_another_agents_note_stays_theirs_unless_configured(
    history: IngestEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = customer_history.handler(_flow_event(KOREAN_MOBILE), lambda_context("customer_history"))
    assert "다른 상담원만 보는 메모" not in json.dumps(out, ensure_ascii=False)

    monkeypatch.setenv("HISTORY_INCLUDE_AGENT_NOTES", "true")
    container.reset()
    container.clocks.wall = lambda: NOW
    shown = customer_history.handler(_flow_event(KOREAN_MOBILE), lambda_context("customer_history"))
    assert shown["history_1_agent_note"] == "다른 상담원만 보는 메모"


def test_english_for_an_english_speaking_agent_and_a_limit(history: IngestEnv) -> None:
    out = customer_history.handler(
        _flow_event(KOREAN_MOBILE, agent_locale="en-US"), lambda_context("customer_history")
    )
    assert out["history_2_followup"] == "fell back to email: delivered"
    assert out["history_2_date"] == "Thursday, January 6, 2022"

    container.clocks.wall = lambda: datetime(2022, 4, 8, tzinfo=UTC)  # 90 days on: only the second
    assert customer_history.handler(_flow_event(KOREAN_MOBILE), lambda_context("h"))["history_count"] == "1"


@pytest.mark.parametrize(
    "event",
    [
        load_event("connect_contact_flow_event.powertools_min.json"),  # CustomerEndpoint: null
        _flow_event("anonymous"),
        _flow_event(None),
        _flow_event("+821099998888"),  # a number with no calls
        {"Details": "not an object"},
        [],
    ],
)
def test_no_history_for_an_unknown_withheld_or_odd_caller(history: IngestEnv, event: Any) -> None:
    assert customer_history.handler(event, lambda_context("h")) == customer_history.NO_HISTORY


def test_a_failure_to_read_answers_no_history_without_the_number(
    history: IngestEnv, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MEMO_TABLE", "no-such-table")
    container.reset()
    container.clocks.wall = lambda: NOW
    with caplog.at_level(logging.INFO):
        out = customer_history.handler(_flow_event(KOREAN_MOBILE), lambda_context("h"))

    assert out == customer_history.NO_HISTORY
    assert (out["history_count"], out["history_summary"], out["history_3_followup"]) == ("0", "", "")
    assert "history unavailable" in caplog.text
    assert KOREAN_MOBILE not in caplog.text
    assert KOREAN_MOBILE[3:] not in caplog.text


def _emf(out: str, name: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]
    return [line for line in lines if name in line]


def test_ingest_counts_repeat_contacts_and_memo_findings_by_queue(
    env: IngestEnv,  # noqa: F811 - the shared fixture, by name
    capsys: pytest.CaptureFixture[str],
) -> None:
    container.clocks.wall = lambda: NOW
    first = _call(FIRST, "2022-01-05T17:47:28Z", purpose="요금 문의")
    second = _call(SECOND, "2022-01-10T10:00:00Z", purpose="요금 재문의", status="확인 필요")
    late = _call(OTHER, "2022-01-19T10:00:00Z", purpose="요금 재문의")  # 9 days after the second
    capsys.readouterr()
    for record in (first, second, second, late):  # the second call's record comes twice
        ingest_records.handler(kinesis_batch([record]), lambda_context("ingest"))
    out = capsys.readouterr().out

    repeats = _emf(out, "RepeatContact")
    assert [(m["queue"], m["RepeatContact"]) for m in repeats] == [
        ("TCC Refrig AC LLA", [0.0]),
        ("TCC Refrig AC LLA", [1.0]),  # once, not per copy
        ("TCC Refrig AC LLA", [0.0]),  # beyond the 7-day window
    ]
    findings = {(m["rule"], m["queue"]) for m in _emf(out, "MemoFinding")}
    assert ("vague", "TCC Refrig AC LLA") in findings
    assert KOREAN_MOBILE not in out
    assert "요금 재문의" not in out
