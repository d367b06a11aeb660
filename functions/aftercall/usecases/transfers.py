"""A transferred call's next leg arrived: the earlier leg's text, still waiting, is not sent.

With ``transfer_wait_seconds`` every call's text waits that long after the call ends (usecases/plan.py).
When a leg that a transfer created (initiation ``TRANSFER`` / ``QUEUE_TRANSFER``) is ingested within
that wait, the leg it came from (``PreviousContactId``) was an interim one: its execution is stopped
while it waits and its follow-up recorded ``skipped:transferred_onward``. The call is then followed up
once, from the last leg's memo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aftercall.domain.followup import PLANNED
from aftercall.domain.kinds import FOLLOWUP
from aftercall.domain.policy import SkipReason, followup_id_for
from aftercall.observability import logger, metrics
from aftercall.usecases.ports import ExecutionStopper, Followups

ERROR = "aftercall.TransferredOnward"  # the stopped execution's error: ids and words only
CAUSE = "the call was transferred: its last leg is followed up"


@dataclass(frozen=True)
class SettleTransfer:
    """Call off a transferred call's earlier leg's waiting text."""

    followups: Followups
    executions: ExecutionStopper
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __call__(self, earlier_contact_id: str) -> bool:
        """True when the earlier leg's waiting text was called off; False when there was none to stop."""
        followup_id = followup_id_for(earlier_contact_id, FOLLOWUP)
        earlier = self.followups.get(followup_id)
        now = self.clock()
        if earlier is None or earlier.status != PLANNED:
            return False  # skipped, finished, or never planned (e.g. already known to be handed on)
        if earlier.send_at is None or earlier.send_at <= now:
            # Its wait is over: the text may be out already. Sending nothing now is all that is left.
            metrics.add_metric(name="TransferAfterWait", unit="Count", value=1)
            logger.warning("the next leg came after the transfer wait", followup_id=followup_id)
            return False
        self.executions.stop([earlier_contact_id], ERROR, CAUSE)
        outcome = f"skipped:{SkipReason.TRANSFERRED_ONWARD.value}"
        self.followups.record_outcome(followup_id, outcome, list(earlier.path), now)
        logger.info("the earlier leg's text called off: the call was transferred", followup_id=followup_id)
        return True
