"""Composition roots: build each use case once per container from its settings and boto3 clients.

Handlers call these on first invocation (not at import), so importing a handler reads no
environment and creates no client.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache

from aftercall import clients, workflow_wiring
from aftercall.adapters.connect import ConnectContacts
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.dead_letters import DeadLetters
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.workflow_starter import WorkflowStarter
from aftercall.settings.ingest import ingest_settings
from aftercall.usecases.ingest import Eligibility, IngestCall


@cache
def ingest_use_case() -> IngestCall:
    settings = ingest_settings()
    rules = Eligibility(
        channels=settings.channels(),
        initiation_methods=settings.initiation_methods(),
        follow_transfers=settings.follow_transfers,
        require_agent=settings.require_agent,
        default_region=settings.default_region,
    )
    return IngestCall(
        memos=MemoStore(),
        planner=workflow_wiring.plan_use_case(),  # ingest plans each contact's first follow-up
        workflow=WorkflowStarter(clients.client("stepfunctions"), settings.state_machine_arn),
        keyer=CustomerKeyer(settings.customer_key_parameter),
        contacts=cache(lambda: ConnectContacts(clients.client("connect"))),
        rules=rules,
        retention=timedelta(days=settings.memo_retention_days),
    )


@cache
def ingest_dead_letters() -> DeadLetters | None:
    url = ingest_settings().ingest_dlq_url
    return DeadLetters(clients.client("sqs"), url) if url else None


def reset() -> None:
    """Forget every cached composition (tests and local runs that change settings)."""
    ingest_settings.cache_clear()
    ingest_use_case.cache_clear()
    ingest_dead_letters.cache_clear()
    workflow_wiring.reset()
