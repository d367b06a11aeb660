"""The outcome step: check a receipt window that closed, record how the follow-up ended."""

from __future__ import annotations

from aftercall import container
from aftercall.composition import common
from aftercall.settings.workflow import OutcomeSettings
from aftercall.usecases.outcome import CheckReceipt, RecordOutcome


@container.once
def check_receipt_use_case() -> CheckReceipt:
    s = common.settings(OutcomeSettings)
    return CheckReceipt(
        followups=common.followups(s), unconfirmed_is_final=s.unconfirmed_is_final, clock=container.clocks.now
    )


@container.once
def record_outcome_use_case() -> RecordOutcome:
    return RecordOutcome(
        followups=common.followups(common.settings(OutcomeSettings)), clock=container.clocks.now
    )


def warm(handler: str) -> None:
    check_receipt_use_case()
    record_outcome_use_case()
