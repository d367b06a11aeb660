"""The ingest handlers (contact events and contact records)."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from aftercall import clients, container
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.dead_letters import DeadLetters
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.workflow_starter import WorkflowStarter
from aftercall.adapters.workflow_stopper import WorkflowStopper
from aftercall.composition import common
from aftercall.composition.plan import planner as planner_from
from aftercall.errors import ConfigurationError, TransientError
from aftercall.observability import logger, metrics
from aftercall.settings.ingest import IngestSettings
from aftercall.usecases.ingest import Eligibility, IngestCall
from aftercall.usecases.ports import Followups
from aftercall.usecases.transfers import SettleTransfer

if TYPE_CHECKING:
    from aftercall.adapters.connect import ConnectContacts


@container.once
def ingest_use_case() -> IngestCall:
    s = common.settings(IngestSettings)
    common.tables(s)
    rules = Eligibility(
        channels=s.channels(),
        initiation_methods=s.initiation_methods(),
        follow_transfers=s.follow_transfers,
        require_agent=s.require_agent,
        default_region=s.default_region,
    )
    memos = MemoStore()
    planner = planner_from(s)  # ingest plans each contact's first follow-up, with its own settings
    return IngestCall(
        memos=memos,
        history=memos,  # the RepeatContact metric
        choices=PreferencesStore(),  # "no more texts", channel and email from the memo
        planner=planner,
        workflow=WorkflowStarter(clients.client("stepfunctions"), s.state_machine_arn),
        keyer=customer_keyer(),
        # Only contact events need DescribeContact (records carry the number and attributes).
        contacts=cache(connect_contacts),
        rules=rules,
        retention=timedelta(days=s.memo_retention_days),
        settle_transfer=settle_transfer(planner.followups, s) if s.transfer_wait_seconds else None,
    )


def connect_contacts() -> ConnectContacts:
    """The Connect adapter, loaded on the contact events' path only (``warm`` builds it there)."""
    from aftercall.adapters.connect import ConnectContacts

    return ConnectContacts(clients.client("connect"))


def settle_transfer(followups: Followups, s: IngestSettings) -> SettleTransfer:
    stopper = WorkflowStopper(clients.client("stepfunctions"), s.state_machine_arn)
    return SettleTransfer(followups=followups, executions=stopper)


@container.once
def customer_keyer() -> CustomerKeyer:
    """One per container, so the secret is read once (local runs seed preferences with it too)."""
    return CustomerKeyer(clients.client("ssm"), common.settings(IngestSettings).customer_key_parameter)


@container.once
def ingest_dead_letters() -> DeadLetters | None:
    url = common.settings(IngestSettings).ingest_dlq_url
    return DeadLetters(clients.client("sqs"), url) if url else None


# Errors that are not about the input: retried (Lambda, the stream) until they pass or someone fixes
# the setup. Any other error ingesting a payload is about its content, and retrying cannot help.
NOT_CONTENT = (TransientError, ConfigurationError)


def reject_input(source: str, error: str, location: dict[str, str]) -> None:
    """Count, log (the error's type, never its message) and dead-letter a payload's metadata only."""
    metrics.add_metric(name="IngestRejected", unit="Count", value=1)
    logger.warning("input rejected", extra={"source": source, "error": error, **location})
    dead_letters = ingest_dead_letters()
    if dead_letters is None:
        logger.error("no dead-letter queue configured: rejected input only logged", source=source)
        return
    dead_letters.send(source, error, location)


def warm(handler: str) -> None:
    ingest_use_case()
    if handler == "ingest_event":  # its first event is described with DescribeContact
        connect_contacts()
