"""Record one delivery receipt on its attempt and, on a final status, end the workflow's wait.

Receipts come at least once and in any order:
- a receipt is recorded only on an attempt we sent: claimed (the claim is written before the
  provider is called, so a genuine receipt always finds it), on its channel, with the receipt key
  the claim wrote and the send carried (SMS Context, SES mail tags), and for the message a receipt
  already recorded. Anything else (a forged publish, a stray event, a receipt for an attempt never
  sent) is ignored: counted (``ReceiptIgnored``), nothing written, nothing resolved;
- every status is appended to the attempt's history once per event id, up to ``MAX_HISTORY``
  entries; beyond that a receipt is counted (``ReceiptHistoryFull``) and dropped, and a final one
  still resolves the wait;
- a final status resolves the task token. Usually that is one conditional write (append, and mark
  resolved: the token is there, nobody resolved it, the event is new); when that write cannot win,
  the receipt is appended alone and the usual checks follow;
- whoever first marks the attempt resolved (a copy of this receipt, another final status, the
  sender) is the only one to call SendTask*: one resolution per attempt. botocore's retries cover a
  throttled SendTask*; should it still fail, the invocation fails loudly and the bounded wait of
  the workflow ends the attempt.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from aftercall.domain.followup import AttemptView, StatusUpdate, is_attempt_item
from aftercall.domain.receipts import Receipt, ReceiptClass, failure_error
from aftercall.observability import NAMESPACE, SERVICE, logger, metrics
from aftercall.usecases.metrics import count_by
from aftercall.usecases.ports import AttemptHistory, Callbacks

DELIVERED_SMS = "delivered_sms"  # the outcome the state machine's SmsDelivered writes
_MAX_FOLLOWUP_ID = 300  # a contact id (at most 256) and its reminder suffix; under DynamoDB's key limit


class Outcome(StrEnum):
    RECORDED = "recorded"  # appended; nothing to resolve (intermediate, or waiting for the claim)
    RESOLVED = "resolved"  # the task token was completed by this receipt
    DUPLICATE = "duplicate"  # the attempt was already resolved
    EXPIRED = "expired"  # the execution no longer waits for this token
    UNMATCHED = "unmatched"  # no attempt carries this message
    IGNORED = "ignored"  # names an attempt, but not a send it made (forged, stray, or not sent)


@dataclass(frozen=True, slots=True)
class RecordReceipt:
    """Record one delivery receipt on the attempt it is about; a final status ends the wait."""

    attempts: AttemptHistory
    callbacks: Callbacks

    def __call__(self, receipt: Receipt) -> Outcome:
        key = self._attempt_key(receipt)
        if key is None:
            metrics.add_metric(name="ReceiptUnmatched", unit=MetricUnit.Count, value=1)
            logger.info(
                "receipt for an unknown message", message_id=receipt.message_id, status=receipt.status
            )
            return Outcome.UNMATCHED
        followup_id, item, by_message_id = key
        update = _update(receipt, by_message_id)
        won = self.attempts.append_and_resolve(followup_id, item, update) if receipt.is_final else None
        view = won or self.attempts.append_status(followup_id, item, update)
        if view is None:
            return _ignored(receipt, followup_id, item)
        _count_class(receipt.classification)
        if receipt.classification is ReceiptClass.UNKNOWN:
            logger.warning("receipt status not in the classification table", status=receipt.status)
        if not view.recorded(update.event_id) and view.history_full:
            metrics.add_metric(name="ReceiptHistoryFull", unit=MetricUnit.Count, value=1)
            logger.warning("attempt history full: receipt not kept", followup_id=followup_id, attempt=item)
        logger.info(
            "receipt recorded",
            followup_id=followup_id,
            attempt=item,
            status=receipt.status,
            classification=receipt.classification,
        )
        if won is not None and won.task_token is not None:
            return self._complete(receipt, won, won.task_token)
        if not receipt.is_final or view.task_token is None:
            return Outcome.RECORDED
        if view.resolved:
            return _duplicate(followup_id, item)
        return self._resolve(receipt, view, view.task_token)

    def _attempt_key(self, receipt: Receipt) -> tuple[str, str, bool] | None:
        """(follow-up, attempt item, found by message id) for the attempt the receipt names."""
        if receipt.followup_id and receipt.attempt and _our_context(receipt.followup_id, receipt.attempt):
            return receipt.followup_id, receipt.attempt, False
        view = self.attempts.find_by_message_id(receipt.message_id)
        return (view.followup_id, view.item, True) if view else None

    def _resolve(self, receipt: Receipt, view: AttemptView, token: str) -> Outcome:
        if not self.attempts.mark_resolved(view.followup_id, view.item, receipt.status):
            return _duplicate(view.followup_id, view.item)  # a concurrent copy, or the sender, won
        return self._complete(receipt, view, token)

    def _complete(self, receipt: Receipt, view: AttemptView, token: str) -> Outcome:
        """This receipt resolved the attempt: it alone completes the token."""
        result = {"status": receipt.status, "attempt": view.item, "channel": receipt.channel}
        error = failure_error(receipt.channel, receipt.classification)
        if error is None:
            accepted = self.callbacks.succeed(token, result)
        else:
            accepted = self.callbacks.fail(token, error, result)
        if not accepted:
            metrics.add_metric(name="ReceiptTaskGone", unit=MetricUnit.Count, value=1)
            logger.info("the workflow no longer waits for this attempt", followup_id=view.followup_id)
            return Outcome.EXPIRED
        logger.info("attempt resolved", followup_id=view.followup_id, attempt=view.item, error=error)
        if error is None:
            self._observe_delivery(receipt, view)
        return Outcome.RESOLVED

    def _observe_delivery(self, receipt: Receipt, view: AttemptView) -> None:
        metrics.add_metric(name="Delivered", unit=MetricUnit.Count, value=1)
        if receipt.channel != "sms":
            return  # the email path records its outcome (and this latency) in the workflow
        # The state machine records this outcome itself (SmsDelivered, no Lambda): its metric is
        # emitted here, where the wait it ends is resolved.
        count_by("Outcome", "outcome", DELIVERED_SMS)
        followup = self.attempts.get(view.followup_id)
        if followup is not None and followup.call_ended_at is not None:
            seconds = (receipt.at - followup.call_ended_at).total_seconds()
            metrics.add_metric(name="CallEndToDeliverySeconds", unit=MetricUnit.Seconds, value=seconds)


def _our_context(followup_id: str, attempt: str) -> bool:
    """Context (or tags) as the senders write it; anything else is correlated by message id instead."""
    return len(followup_id) <= _MAX_FOLLOWUP_ID and is_attempt_item(attempt)


def _update(receipt: Receipt, by_message_id: bool) -> StatusUpdate:
    return StatusUpdate(
        status=receipt.status,
        at=receipt.at,
        final=receipt.is_final,
        source=receipt.channel,
        event_id=receipt.event_id,
        message_id=receipt.message_id,
        key=receipt.key,
        by_message_id=by_message_id,
    )


def _ignored(receipt: Receipt, followup_id: str, item: str) -> Outcome:
    """Not about a send we made: never claimed, another channel, another receipt key or message."""
    metrics.add_metric(name="ReceiptIgnored", unit=MetricUnit.Count, value=1)
    logger.warning(
        "receipt for an attempt we did not send: ignored",
        followup_id=followup_id,
        attempt=item,
        status=receipt.status,
    )
    return Outcome.IGNORED


def _duplicate(followup_id: str, item: str) -> Outcome:
    metrics.add_metric(name="ReceiptDuplicate", unit=MetricUnit.Count, value=1)
    logger.info("attempt already resolved", followup_id=followup_id, attempt=item)
    return Outcome.DUPLICATE


def _count_class(classification: ReceiptClass) -> None:
    """ReceiptsProcessed by class: a dimension of its own, so it goes out as a single metric."""
    with single_metric(
        name="ReceiptsProcessed",
        unit=MetricUnit.Count,
        value=1,
        namespace=NAMESPACE,
        default_dimensions={"service": SERVICE},
    ) as metric:
        metric.add_dimension(name="class", value=str(classification))
