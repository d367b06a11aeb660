"""Retention: memos, follow-ups and attempts carry a DynamoDB TTL (``expires_at``) of configurable days.

moto keeps TTL as configuration only (nothing expires), so these tests check the attribute values
the application writes: ``MEMO_RETENTION_DAYS`` (settings/ingest.py) for memos and
``FOLLOWUP_RETENTION_DAYS`` (settings/workflow.py) for follow-ups and their attempts, end to end
through the embedded AWS; and the stores' own arithmetic with a fixed clock.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.tables import AttemptModel, FollowupModel, MemoModel, TableNames
from aftercall.domain.followup import NewFollowup, SmsText, StatusUpdate, attempt_item
from aftercall.local.embedded import EmbeddedAws
from aftercall.settings import table_environment
from aftercall.settings.ingest import IngestSettings
from aftercall.settings.workflow import WorkflowSettings
from tests.integration.aws import MotoAws
from tests.samples import memo_attributes
from tests.workflow.conftest import contact_record, finish, new_customer

pytestmark = pytest.mark.integration

NAMES = TableNames("r-memos", "r-followups", "r-preferences", "r-templates", "r-links")
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TABLE_ENV = table_environment(NAMES)
SLACK = timedelta(minutes=5)  # the run's own duration


def _near(value: datetime | None, expected: datetime) -> bool:
    return value is not None and abs(value - expected) <= SLACK


def test_retention_defaults_are_400_days() -> None:
    tables = TABLE_ENV
    machine = "arn:aws:states:ap-northeast-2:123456789012:stateMachine:followup"
    texts = {"COMPANY_NAME": "Aftercall", "CALLBACK_NUMBER": "1588-0000"}  # ingest plans: texts' settings
    ingest = IngestSettings.from_env(
        {**tables, **texts, "CUSTOMER_KEY_PARAMETER": "/k", "STATE_MACHINE_ARN": machine}
    )
    assert ingest.memo_retention_days == 400
    assert WorkflowSettings.from_env(tables).retention() == timedelta(days=400)


def test_retention_days_are_configured_from_the_environment() -> None:
    tables = TABLE_ENV
    workflow = WorkflowSettings.from_env({**tables, "FOLLOWUP_RETENTION_DAYS": "45"})
    assert workflow.retention() == timedelta(days=45)


def test_a_follow_up_run_writes_the_configured_ttl_on_the_memo_the_follow_up_and_its_attempt() -> None:
    # Given memos kept 30 days and follow-ups 45 days
    env = {"MEMO_RETENTION_DAYS": "30", "FOLLOWUP_RETENTION_DAYS": "45"}
    with EmbeddedAws(environment=env) as aws:
        contact_id, phone = new_customer()
        aws.carrier.script(phone, ["TEXT_DELIVERED"])
        # When a call ends and its follow-up runs
        started = datetime.now(UTC)
        aws.dispatch_contact_records([contact_record(contact_id, phone, memo_attributes())])
        run = finish(aws, contact_id, phone)
        assert run.followup.outcome == "delivered_sms"
        # Then each item expires after its own retention
        memo = MemoModel.get(contact_id)
        followup = FollowupModel.get(contact_id, "followup")
        attempt = AttemptModel.get(contact_id, attempt_item("sms", 1))
    assert _near(memo.expires_at, started + timedelta(days=30))
    assert _near(followup.expires_at, started + timedelta(days=45))
    assert _near(attempt.expires_at, started + timedelta(days=45))


def _plan(store: FollowupStore, followup_id: str) -> None:
    store.save_plan(
        NewFollowup(
            followup_id=followup_id,
            contact_id=followup_id,
            kind="followup",
            customer_key="c_key",
            call_ended_at=NOW,
            send_at=NOW,
            route=("sms",),
            sms=SmsText("text", 1, "GSM-7"),
        ),
        NOW,
    )


def test_the_follow_up_store_sets_ttl_from_its_retention(aws: MotoAws) -> None:
    store = FollowupStore(timedelta(days=7))
    followup_id = str(uuid.uuid4())
    _plan(store, followup_id)
    store.claim(followup_id, attempt_item("sms", 1), "followup", "token", NOW)
    assert FollowupModel.get(followup_id, "followup").expires_at == NOW + timedelta(days=7)
    assert AttemptModel.get(followup_id, attempt_item("sms", 1)).expires_at == NOW + timedelta(days=7)


def test_an_attempt_created_by_a_receipt_alone_also_expires(aws: MotoAws) -> None:
    store = FollowupStore(timedelta(days=7))
    followup_id = str(uuid.uuid4())
    update = StatusUpdate("TEXT_DELIVERED", NOW, True, "sms", "event-1", "message-1")
    store.append_status(followup_id, attempt_item("sms", 1), update)
    assert AttemptModel.get(followup_id, attempt_item("sms", 1)).expires_at == NOW + timedelta(days=7)
