"""Ingest: contact records through the Kinesis handler in-process on moto, and CPU per record on fakes.

On moto: ``aftercall.handlers.ingest_records.handler`` (Powertools batch processing, parsing, memo
lint, keyed customer hash from SSM, conditional memo write on DynamoDB, the first plan of the
follow-up — preferences, frequency cap query, composed text, plan write — and StartExecution)
receives Kinesis events of 100 real-shaped contact records each; moto records the executions without
running them. Records per second is wall time over all batches, after one warm-up batch.
With fakes: ``aftercall.usecases.ingest.IngestCall`` and its planner (the real ``PlanFollowup``:
policy, composer, default templates) with in-memory stores; CPU milliseconds per record
(``time.process_time``), with and without parsing the record (``ContactRecord``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws

from aftercall import container
from aftercall.adapters.tables import create_tables
from aftercall.composition import common
from aftercall.composition.plan import plan_use_case
from aftercall.domain.composer import ComposeContext, ComposedSms
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import NewFollowup
from aftercall.domain.memo import Strategy
from aftercall.domain.preferences import Preferences
from aftercall.events.contact_record import ContactRecord, call_from_record
from aftercall.local.builtin_scenarios import KO_MEMO, contact_id, contact_record
from aftercall.local.events import kinesis_event
from aftercall.local.lambda_context import LambdaContext
from aftercall.local.resources import TABLES
from aftercall.settings import table_environment
from aftercall.settings.plan import PlanSettings
from aftercall.usecases.ingest import Eligibility, IngestCall
from aftercall.usecases.plan import PlanFollowup
from aftercall.usecases.texts import compose_for

REGION = "ap-northeast-2"
BATCH = 100
ENDED = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def records(count: int, label: str = "ingest") -> list[dict[str, Any]]:
    return [contact_record(contact_id(f"{label}-{n}"), ENDED, f"+8210{n:08d}", KO_MEMO) for n in range(count)]


def _environment(state_machine_arn: str) -> dict[str, str]:
    return {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        **table_environment(TABLES),
        "CUSTOMER_KEY_PARAMETER": "/aftercall/customer-key",
        "STATE_MACHINE_ARN": state_machine_arn,
        "COMPANY_NAME": "Aftercall",  # ingest plans the first follow-up: the texts' settings
        "CALLBACK_NUMBER": "1588-0000",
    }


def on_moto(count: int = 500) -> dict[str, Any]:
    arn = f"arn:aws:states:{REGION}:123456789012:stateMachine:aftercall-followup"
    with mock.patch.dict(os.environ, _environment(arn)), mock_aws():
        container.reset()
        create_tables(TABLES, REGION)
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name="/aftercall/customer-key", Value=uuid.uuid4().hex, Type="SecureString"
        )
        boto3.client("stepfunctions", region_name=REGION).create_state_machine(
            name="aftercall-followup",
            definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}),
            roleArn="arn:aws:iam::123456789012:role/aftercall-sfn",
        )
        from aftercall.handlers.ingest_records import handler

        handler(kinesis_event(records(BATCH, "warm-up"), REGION), LambdaContext("ingest-records", REGION))
        every = records(count, "bench")
        batches = [every[i : i + BATCH] for i in range(0, count, BATCH)]
        events = [kinesis_event(batch, REGION) for batch in batches]
        failures = 0
        batch_ms = []
        started, cpu = time.perf_counter(), time.process_time()
        for event in events:
            began = time.perf_counter()
            failures += len(handler(event, LambdaContext("ingest-records", REGION))["batchItemFailures"])
            batch_ms.append((time.perf_counter() - began) * 1000)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        pages = boto3.client("stepfunctions", region_name=REGION).get_paginator("list_executions")
        executions = [e for page in pages.paginate(stateMachineArn=arn) for e in page["executions"]]
        container.reset()
    return {
        "records": count,
        "batch_size": BATCH,
        "records_per_second": round(count / wall, 1),
        "wall_ms_per_record": round(wall * 1000 / count, 2),
        "cpu_ms_per_record": round(cpu * 1000 / count, 2),
        "failed_records": failures,
        "first_and_last_batch_ms_per_record": [round(batch_ms[0] / BATCH, 2), round(batch_ms[-1] / BATCH, 2)],
        "executions_started": len(executions) - BATCH,
    }


class _Memos:
    def __init__(self) -> None:
        self.saved: dict[str, ContactMemo] = {}

    def save_if_newer(self, record: ContactMemo, retention: timedelta, now: datetime) -> bool:
        self.saved[record.contact_id] = record
        return True


class _Starter:
    def __init__(self) -> None:
        self.started: set[str] = set()

    def start(self, contact_id: str, workflow_input: Mapping[str, Any], suffix: str = "") -> bool:
        self.started.add(contact_id)
        return True


class _Followups:
    """The follow-up store's calls a first plan makes, in memory."""

    def __init__(self) -> None:
        self.plans: dict[str, NewFollowup] = {}

    def get(self, followup_id: str) -> NewFollowup | None:
        return self.plans.get(followup_id)

    def recent_texts(self, customer_key: str, since: datetime, excluding: str) -> tuple[datetime, ...]:
        return ()

    def save_plan(self, new: NewFollowup, now: datetime) -> bool:
        self.plans[new.followup_id] = new
        return True


class _Preferences:
    def get(self, customer_key: str) -> Preferences:
        return Preferences()


class _DefaultTemplates:
    def get(self, template_id: str) -> None:
        return None  # no admin override: the default template


def _planner() -> tuple[PlanFollowup, _Followups]:
    """The product's plan use case (settings from the environment) on in-memory stores."""
    with mock.patch.dict(os.environ, _environment("arn:aws:states:::stateMachine:unused")):
        container.reset()
        plan = plan_use_case()
        banned = common.settings(PlanSettings).banned_phrase_list()
    container.reset()
    followups = _Followups()

    def compose(
        memo: ContactMemo, strategy: Strategy, locale: str, ctx: ComposeContext, kind: str
    ) -> ComposedSms:
        return compose_for(memo.memo, strategy, locale, ctx, kind, _DefaultTemplates(), banned)

    planner = dataclasses.replace(
        plan,
        preferences=_Preferences(),
        followups=followups,  # type: ignore[arg-type]  # the fake keeps the calls a plan makes
        compose=compose,
        clock=lambda: ENDED + timedelta(minutes=2),
    )
    return planner, followups


class _Keyer:
    def key_for(self, e164: str) -> str:
        return hashlib.sha256(e164.encode()).hexdigest()


def _unused_contacts() -> Any:
    raise AssertionError("contact records carry the number and attributes: DescribeContact is not needed")


def with_fakes(count: int = 5000) -> dict[str, Any]:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    memos, starter = _Memos(), _Starter()
    planner, followups = _planner()
    ingest = IngestCall(
        memos, planner, starter, _Keyer(), _unused_contacts, Eligibility(), timedelta(days=400)
    )
    raw = [json.dumps(r).encode() for r in records(count, "fakes")]
    calls = [call_from_record(ContactRecord.from_bytes(data)) for data in raw[:50]]
    for call in calls:  # warm-up
        ingest(call)
    started = time.process_time()
    parsed = [call_from_record(ContactRecord.from_bytes(data)) for data in raw]
    parse_cpu = time.process_time() - started
    started = time.process_time()
    for call in parsed:
        ingest(call)
    use_case_cpu = time.process_time() - started
    return {
        "records": count,
        "use_case_cpu_ms_per_record": round(use_case_cpu * 1000 / count, 3),
        "parse_cpu_ms_per_record": round(parse_cpu * 1000 / count, 3),
        "total_cpu_ms_per_record": round((use_case_cpu + parse_cpu) * 1000 / count, 3),
        "memos_saved": len(memos.saved),
        "followups_planned": len(followups.plans),
        "executions_started": len(starter.started),
    }


def run(moto_records: int = 500, fake_records: int = 5000) -> dict[str, Any]:
    return {"on_moto": on_moto(moto_records), "with_fakes": with_fakes(fake_records)}
