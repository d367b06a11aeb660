"""A send the queue gave up on: end its wait now instead of after the receipt window.

The send queue dead-letters a message once the sender failed on it ``max_receives`` times (a crash,
a Lambda timeout, an error on every try). The sender hands every failure it knows of back to the
workflow before that, so a dead-lettered message is one whose task token nobody resolved: it would
wait the whole receipt window (hours) and then fall back anyway. What was sent decides:

- no attempt, or an attempt released or refused (nothing went out): the wait fails with
  ``SendDeadLetteredError``, which the workflow catches to fall back at once;
- an attempt still claimed, or one a receipt created: the text may have gone out; as for any
  unanswered send, its receipt (or the window) decides, and nothing is resolved here;
- an attempt already resolved: nothing to do.

``mark_resolved`` keeps the rule that one party alone resolves an attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aftercall.domain.followup import attempt_item
from aftercall.errors import SendDeadLetteredError
from aftercall.observability import logger, metrics
from aftercall.usecases.ports import Callbacks, Followups

SMS = "sms"
NOTHING_SENT = frozenset({"released", "failed"})  # attempt states in which no text went out


class DeadLetterVerdict(StrEnum):
    FAILED = "failed"  # the wait failed now: the workflow falls back
    LEFT_TO_RECEIPT = "left_to_receipt"  # maybe sent: the receipt or the window decides
    ALREADY_RESOLVED = "already_resolved"


@dataclass
class FailDeadLetteredSend:
    """End the wait of a send the queue gave up on, by what was sent."""

    followups: Followups
    tasks: Callbacks

    def __call__(self, task_token: str, followup_id: str, retry_count: int) -> DeadLetterVerdict:
        item = attempt_item(SMS, retry_count + 1)
        attempt = self.followups.get_attempt(followup_id, item)
        if attempt is not None and attempt.resolved:
            return DeadLetterVerdict.ALREADY_RESOLVED
        if attempt is not None and attempt.state not in NOTHING_SENT:
            metrics.add_metric(name="SendDeadLetteredMaybeSent", unit="Count", value=1)
            logger.warning(
                "dead-lettered send may have gone out: the receipt decides", followup_id=followup_id
            )
            return DeadLetterVerdict.LEFT_TO_RECEIPT
        error = SendDeadLetteredError.__name__
        if attempt is not None and not self.followups.mark_resolved(followup_id, item, error):
            return DeadLetterVerdict.ALREADY_RESOLVED
        self.tasks.fail(task_token, error, {"followupId": followup_id, "attempt": item})
        metrics.add_metric(name="SendDeadLettered", unit="Count", value=1)
        logger.warning("dead-lettered send: the workflow falls back", followup_id=followup_id, attempt=item)
        return DeadLetterVerdict.FAILED
