"""The end of a follow-up off the happy path: judge a receipt window, record the outcome and its path.

The happy path (text delivered) is recorded by the state machine itself with a DynamoDB UpdateItem
(outcome and ``delivered_at``), its ``Outcome`` metric by the receipt handler that resolved the wait;
everything else passes through here, which also emits the outcome metrics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from aftercall.domain.followup import AttemptView
from aftercall.domain.receipts import CLASSIFICATION, ByFinality, ReceiptSource
from aftercall.observability import logger, metrics
from aftercall.usecases.metrics import count_by
from aftercall.usecases.ports import Followups

# Statuses that mean "the carrier accepted it" until the provider says they are final, and WhatsApp's
# "sent": on Meta's servers, delivered when the phone is next online (another channel would repeat it).
CARRIER_ACCEPTED = frozenset(
    status
    for source in (ReceiptSource.SMS, ReceiptSource.SMS_LEGACY)
    for status, entry in CLASSIFICATION[source].items()
    if isinstance(entry, ByFinality)
) | {"sent"}
NO_RECEIPT = "NO_RECEIPT"
TASK_CREATED = "task_created"
HELD_FOR_REVIEW = "held_for_review"
DELIVERED_SMS = "delivered_sms"  # recorded here only after a fallback (SmsDeliveredAfterFallBack)
NO_FINAL_RECEIPT = "NO_FINAL_RECEIPT"


class Verdict(StrEnum):
    SENT_UNCONFIRMED = "sent_unconfirmed"
    NO_RECEIPT = "no_receipt"


def path_of(attempts: list[AttemptView]) -> list[str]:
    """The channels tried, in order, a channel's retries counted once: ``["sms", "email", "task"]``."""
    path: list[str] = []
    for attempt in attempts:
        if attempt.claimed and (not path or path[-1] != attempt.channel):
            path.append(attempt.channel)
    return path


@dataclass
class CheckReceipt:
    """Close an attempt's receipt window: what its receipts say when the wait ends."""

    followups: Followups
    unconfirmed_is_final: bool
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __call__(self, followup_id: str, channel: str) -> Verdict:
        """The receipt window closed without a final status for the latest attempt on ``channel``."""
        latest = next(
            (a for a in reversed(self.followups.attempts(followup_id)) if a.channel == channel), None
        )
        accepted = latest is not None and any(u.status in CARRIER_ACCEPTED for u in latest.history)
        self.followups.close_window(followup_id, channel, self.clock())
        if latest is not None:
            # Close the attempt: a receipt that arrives now is recorded but resolves nothing.
            self.followups.mark_resolved(
                followup_id, latest.item, NO_FINAL_RECEIPT if accepted else NO_RECEIPT
            )
        verdict = Verdict.SENT_UNCONFIRMED if accepted and self.unconfirmed_is_final else Verdict.NO_RECEIPT
        count_by("ReceiptWindowClosed", "verdict", verdict.value)
        logger.info("receipt window closed", followup_id=followup_id, channel=channel, verdict=verdict.value)
        return verdict


@dataclass
class RecordOutcome:
    """Record a follow-up's final outcome."""

    followups: Followups
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __call__(self, followup_id: str, outcome: str) -> list[str]:
        now = self.clock()
        path = path_of(self.followups.attempts(followup_id))
        followup = self.followups.get(followup_id)
        if outcome == TASK_CREATED and followup and followup.gate and followup.gate.held:
            outcome = HELD_FOR_REVIEW  # the gate held it: the task asks the agent to fix the memo
        self.followups.record_outcome(followup_id, outcome, path, now)
        # A delivered text is counted, with its latency, by the receipt handler that resolved its wait.
        counted_here = outcome != DELIVERED_SMS
        if counted_here:
            count_by("Outcome", "outcome", outcome)
        if len(path) > 1:
            metrics.add_metric(name="FellBack", unit="Count", value=1)
        if counted_here and outcome.startswith("delivered") and followup and followup.call_ended_at:
            seconds = (now - followup.call_ended_at).total_seconds()
            metrics.add_metric(name="CallEndToDeliverySeconds", unit="Seconds", value=seconds)
        logger.info("outcome recorded", followup_id=followup_id, outcome=outcome, path=path)
        return path
