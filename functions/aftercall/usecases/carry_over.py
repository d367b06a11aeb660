"""A workflow retry never repeats a send that went out: its new wait is carried over to that send.

Step Functions retries a step as a new try, with a new task token and ``RetryCount + 1``: the send's
attempt item is a new one, and its claim alone would not stop a second text or email. Most retries
follow a failure that sent nothing (throttling, a 5xx answer: the claim was released) or a receipt
that asks for another try (a text the carrier could not deliver). Some follow a send that went out,
or may have: a Lambda service error reported after the email step sent its email (the step is
retried on those), a second queue message when SQS took the first but its answer was lost. For
those the new try sends nothing. It ties its token to the earlier attempt, whose receipt then
resolves it; when that attempt has already settled (its receipt came while the old token was being
retried away), it completes the token the way the attempt ended. Two queued copies of a text may be
taken in either order: the copy of the earlier try, finding the later attempt gone out, is stale
and sends nothing. Two sender instances that take both copies at the same instant (each reads
before the other claims) can still both send: that window is the read-to-claim time of one
instance, milliseconds.
"""

from __future__ import annotations

from aftercall.domain.followup import AttemptView
from aftercall.domain.receipts import resolution_error
from aftercall.errors import SmsTransientError, WhatsAppTransientError
from aftercall.observability import logger, metrics
from aftercall.usecases.ports import Callbacks, Followups

WENT_OUT = frozenset({"claimed", "sent"})  # "released" and "failed" attempts sent nothing


def carry_over(
    followups: Followups,
    callbacks: Callbacks,
    followup_id: str,
    item: str,
    number: int,
    token: str,
    look_ahead: bool = False,
) -> AttemptView | None:
    """The attempt this try must not repeat, or None: send.

    ``item`` and ``number`` are the new try's attempt item and number on its channel. An earlier
    attempt that went out gets this try's token (or completes it as it ended). With ``look_ahead``
    (texts: two queued copies can be taken in either order) a later attempt that went out makes this
    try stale: nothing is sent and its token, which the workflow no longer waits on, is left alone.
    """
    if number <= 1 and not look_ahead:
        return None  # the email step's first try: nothing can precede it, no read
    channel = item.split("#")[1]
    others = [
        a
        for a in followups.attempts(followup_id)
        if a.channel == channel and a.number != number and a.claimed and a.state in WENT_OUT
    ]
    later = [a for a in others if a.number > number]
    if later:
        metrics.add_metric(name="StaleSendDropped", unit="Count", value=1)
        logger.info("a later attempt went out: this try is stale", followup_id=followup_id, attempt=item)
        return later[0]
    earlier = [a for a in others if a.number < number]
    if not earlier:
        return None
    latest = max(earlier, key=lambda a: a.number)
    if latest.resolved and _retry_wanted(latest):
        return None
    if latest.resolved or not followups.adopt(followup_id, latest.item, token):
        settled = followups.get_attempt(followup_id, latest.item) or latest
        _complete(callbacks, token, settled)
    metrics.add_metric(name="RetryCarriedOver", unit="Count", value=1)
    logger.info("a retry after a send that went out: not sent again", followup_id=followup_id, attempt=item)
    return latest


# A message the provider could not deliver for now: the workflow retries it with a new message.
_RETRIED = {"sms": SmsTransientError.__name__, "whatsapp": WhatsAppTransientError.__name__}


def _retry_wanted(attempt: AttemptView) -> bool:
    error = resolution_error(attempt.channel, attempt.final_status or "")
    return error is not None and _RETRIED.get(attempt.channel) == error


def _complete(callbacks: Callbacks, token: str, attempt: AttemptView) -> None:
    status = attempt.final_status or ""
    result = {"status": status, "attempt": attempt.item, "channel": attempt.channel}
    error = resolution_error(attempt.channel, status)
    if error is None:
        callbacks.succeed(token, result)
    else:
        callbacks.fail(token, error, result)
