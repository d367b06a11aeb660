"""The outcome step: check a receipt window that closed, record how the follow-up ended."""

from __future__ import annotations

from aftercall import container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.composition import common
from aftercall.settings.steps import OutcomeSettings
from aftercall.usecases.outcome import CheckReceipt, RecordOutcome


@container.once
def check_receipt_use_case() -> CheckReceipt:
    s = common.settings(OutcomeSettings)
    return CheckReceipt(
        followups=_followups(s), unconfirmed_is_final=s.unconfirmed_is_final, clock=container.clocks.now
    )


@container.once
def record_outcome_use_case() -> RecordOutcome:
    return RecordOutcome(followups=_followups(common.settings(OutcomeSettings)), clock=container.clocks.now)


def _followups(s: OutcomeSettings) -> FollowupStore:
    """The followups table's adapter, imported with the handler (its PynamoDB models and botocore load
    at init, as every other step's do), not on first use as ``common.followups`` would."""
    common.tables(s)
    return FollowupStore(s.retention())


def warm(handler: str) -> None:
    check_receipt_use_case()
    record_outcome_use_case()
