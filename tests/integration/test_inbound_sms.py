"""Two-way SMS on the embedded AWS: a customer's reply, as End User Messaging SMS publishes it to SNS,
handled by the inbound handler (documented message format: docs/deploy.md, "Two-way SMS")."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from aftercall import clients, container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.tables import FollowupModel
from aftercall.domain.followup import attempt_item
from aftercall.handlers import inbound_sms, ingest_records
from aftercall.local.connect_standin import ConnectStandIn
from aftercall.local.lambda_context import lambda_context
from tests.integration.test_ingest_handlers import (  # noqa: F401 - env is the fixture these tests share
    KOREAN_MOBILE,
    IngestEnv,
    env,
    followable_ctr,
    kinesis_batch,
)

CALL = "44444444-1111-1111-1111-111111111111"
NOW = datetime(2022, 1, 6, 9, 0, tzinfo=UTC)
VISIT = {
    "aftercall_strategy": "appointment",
    "aftercall_appointment_at": "2022-01-10T10:00:00+09:00",
    "aftercall_appointment_place": "강남 서비스센터",
}


def sns_event(
    body: str, previous: str | None = None, inbound_id: str = "in-1", number: str = KOREAN_MOBILE
) -> Any:
    message = {
        "originationNumber": number,
        "destinationNumber": "+18005550100",
        "messageKeyword": "KEYWORD_123456789012",
        "messageBody": body,
        "inboundMessageId": inbound_id,
        "previousPublishedMessageId": previous,
    }
    return {
        "Records": [
            {"EventSource": "aws:sns", "Sns": {"Type": "Notification", "Message": json.dumps(message)}}
        ]
    }


@pytest.fixture
def replies(env: IngestEnv, monkeypatch: pytest.MonkeyPatch) -> ConnectStandIn:  # noqa: F811
    container.clocks.wall = lambda: NOW
    monkeypatch.setenv("TASK_CONTACT_FLOW_ID", "5b1d7c1e-0000-4000-8000-00000000f100")
    record = followable_ctr(ContactId=CALL, **{f"Attributes.{k}": v for k, v in VISIT.items()})
    ingest_records.handler(kinesis_batch([record]), lambda_context("ingest"))
    store = FollowupStore()
    store.claim(CALL, attempt_item("sms", 1), "followup", None, NOW)
    store.mark_sent(CALL, attempt_item("sms", 1), "our-message-id", NOW)
    connect = ConnectStandIn()
    clients.override("connect", connect)
    return connect


def _handle(event: Any) -> dict[str, int]:
    out: dict[str, int] = inbound_sms.handler(event, lambda_context("inbound_sms"))
    return out


def test_stop_opts_the_customer_out(replies: ConnectStandIn, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert _handle(sns_event(" 중지 ")) == {"handled": 1, "skipped": 0}
    emitted = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"_aws"')
    ]
    counted = [line for line in emitted if "OptOutRecorded" in line]  # the opt-out spike alarm's metric
    assert sorted(str(line.get("source")) for line in counted) == ["None", "reply"]
    followup = FollowupStore().get(CALL)
    assert followup is not None
    assert followup.customer_key is not None
    prefs = PreferencesStore().record(followup.customer_key)
    assert prefs is not None
    assert (prefs["opted_out"], prefs["opt_out_source"]) == (True, "sms_reply")
    assert replies.tasks == []


def test_a_yes_to_the_appointment_text_confirms_it_once(replies: ConnectStandIn) -> None:
    for _ in range(2):  # SNS delivers at least once
        _handle(sns_event("네", previous="our-message-id"))
    item = FollowupModel.get(CALL, "followup")
    assert item.appointment_confirmed_at == NOW
    assert replies.tasks == []


def test_a_question_becomes_one_task_with_the_reply_the_call_and_the_number(
    replies: ConnectStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    question = "주차는 어디에 하면 되나요?"
    with caplog.at_level(logging.INFO):
        for _ in range(2):  # a redelivered reply: the same client token, one task
            _handle(sns_event(question, previous="our-message-id", inbound_id="in-7"))
    [task] = replies.tasks
    assert f"고객이 보낸 문자: {question}" in task.description
    assert f"연락처: {KOREAN_MOBILE}" in task.description
    assert task.references["call"]["Value"] == CALL
    assert question not in caplog.text
    assert KOREAN_MOBILE not in caplog.text


def test_without_a_reply_id_the_latest_call_of_the_customer_is_answered(replies: ConnectStandIn) -> None:
    _handle(sns_event("1"))
    assert FollowupModel.get(CALL, "followup").appointment_confirmed_at == NOW


@pytest.mark.parametrize(
    "event",
    [
        sns_event("1", number="+821099990000"),  # an unknown sender: nothing to confirm
        {"Records": [{"Sns": {"Message": "not json"}}]},
        {"Records": "x"},
        {},
    ],
)
def test_odd_or_unknown_messages_are_skipped_without_raising(replies: ConnectStandIn, event: Any) -> None:
    _handle(event)
    assert replies.tasks == []
    assert FollowupModel.get(CALL, "followup").appointment_confirmed_at is None
