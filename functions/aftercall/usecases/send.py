"""Send one queued text: pace, claim, call SendTextMessage, record; never two texts for one attempt.

The state machine queues ``{taskToken, followupId, retryCount}`` and waits. The attempt is
``attempt#sms#<retryCount + 1>``: the same for every redelivery of one message, new for each retry
of the workflow. Order of work, and why:
1. the follow-up must still be waiting for its text (a message queued behind a long throttle must
   not go out after the receipt window closed and the workflow fell back to email);
2. pace before claiming, so a message sent back to the queue holds no claim;
3. claim with a conditional write; a re-invocation that finds the claim sends nothing. The claim
   is also the record of the send (time, parts, encoding, the customer key the frequency cap
   counts, and the receipt key the text's Context carries, which every receipt must bring back):
   nothing is written after the provider accepted the text, whose message id comes back with every
   receipt;
4. send; a refusal that certainly sent nothing (throttling, a 5xx answer) releases the claim and the
   message goes back to the queue (after ``max_receives`` the workflow's own backoff takes over); a
   refusal by our own setup releases it too and fails the wait (the execution fails and alarms; its
   redrive, once the setup is fixed, claims the same attempt again and sends it);
   an unanswered call may have sent the text, so the claim stays and the receipt window decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from aftercall.domain.followup import PLANNED, FollowupView, TextClaim, attempt_item, new_receipt_key
from aftercall.domain.outbound import SmsRequest
from aftercall.domain.pacing import PartsPacer
from aftercall.errors import (
    ConfigurationError,
    InvalidInputError,
    OptedOutError,
    OutcomeUnknownError,
    ProviderUnavailableError,
    SendWindowExpiredError,
    SmsAccountRefusedError,
    SmsPermanentError,
    ThrottledError,
)
from aftercall.observability import logger, metrics
from aftercall.usecases.carry_over import carry_over
from aftercall.usecases.metrics import opt_out_recorded, sms_account_refused
from aftercall.usecases.ports import Callbacks, Followups, MemoReader, OptOuts, SmsSender

SMS = "sms"
OPT_OUT_SOURCE = "sms_send_conflict"


class Disposition(StrEnum):
    DONE = "done"  # delete the message
    RETRY_LATER = "retry_later"  # leave it in the queue (a batch item failure)


@dataclass(frozen=True)
class QueuedSend:
    """One queued SMS send: the step's task token and its follow-up."""

    task_token: str
    followup_id: str
    retry_count: int
    receive_count: int = 1

    @property
    def item(self) -> str:
        return attempt_item(SMS, self.retry_count + 1)


@dataclass(frozen=True)
class SendLimits:
    """How long a send may wait for pacing, how often it may be received, how old it may be."""

    max_pacing_wait_seconds: float
    max_receives: int
    max_send_age: timedelta


@dataclass
class SendSms:
    """Send a follow-up's SMS once, paced, and hand its outcome to the workflow."""

    followups: Followups
    memos: MemoReader
    sms: SmsSender
    tasks: Callbacks
    preferences: OptOuts
    pacer: PartsPacer
    limits: SendLimits
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    new_key: Callable[[], str] = new_receipt_key

    def __call__(self, queued: QueuedSend) -> Disposition:
        followup = self.followups.get(queued.followup_id)
        if followup is None or followup.sms is None:
            self._fail(queued, InvalidInputError.__name__, claimed=False)
            return Disposition.DONE
        if followup.status != PLANNED:
            metrics.add_metric(name="StaleSendDropped", unit="Count", value=1)
            logger.info("the workflow no longer waits: not sent", followup_id=queued.followup_id)
            return Disposition.DONE
        if followup.customer_key and self.preferences.get(followup.customer_key).opted_out:
            # Opted out since the plan (a STOP on WhatsApp, an agent's memo): no text, as the provider's
            # own list would refuse one (that refusal, below, falls back the same way).
            self._fail(queued, OptedOutError.__name__, claimed=False)
            return Disposition.DONE
        now = self.clock()
        if followup.send_at and now - followup.send_at > self.limits.max_send_age:
            self._fail(queued, SendWindowExpiredError.__name__, claimed=False)
            return Disposition.DONE
        if not self.pacer.acquire(followup.sms.parts, self.limits.max_pacing_wait_seconds):
            return self._later(queued, ThrottledError.__name__)
        # Read just before the claim: a copy of another try may have gone out while this one paced.
        number, token = queued.retry_count + 1, queued.task_token
        if carry_over(self.followups, self.tasks, queued.followup_id, queued.item, number, token, True):
            return Disposition.DONE
        text = TextClaim(followup.sms.parts, followup.sms.encoding, followup.customer_key)
        key = self.new_key()
        claimed = self.followups.claim(
            queued.followup_id, queued.item, followup.kind, queued.task_token, now, text, receipt_key=key
        )
        if claimed is None:
            metrics.add_metric(name="DuplicateSendSuppressed", unit="Count", value=1)
            logger.info(
                "attempt already claimed: not sent again", followup_id=queued.followup_id, attempt=queued.item
            )
            return Disposition.DONE
        return self._send(queued, followup, now, key)

    def _send(self, queued: QueuedSend, followup: FollowupView, now: datetime, key: str) -> Disposition:
        assert followup.sms is not None
        record = self.memos.get(followup.contact_id)
        if record is None or record.phone is None:
            self._fail(queued, SmsPermanentError.__name__, claimed=True)
            return Disposition.DONE
        request = SmsRequest(
            record.phone.e164, followup.sms.text, followup.followup_id, queued.item, receipt_key=key
        )
        try:
            message_id = self.sms.send(request)
        except ThrottledError:
            self.pacer.drain()
            self.followups.release(queued.followup_id, queued.item)
            return self._later(queued, ThrottledError.__name__)
        except ProviderUnavailableError:  # a 5xx answer, or no connection: nothing was sent
            self.followups.release(queued.followup_id, queued.item)
            return self._later(queued, ProviderUnavailableError.__name__)
        except OutcomeUnknownError:  # maybe sent: the claim stays, never resent; the receipt decides
            logger.warning(
                "SendTextMessage unanswered; the receipt window decides", followup_id=followup.followup_id
            )
            return Disposition.DONE
        except OptedOutError:
            if followup.customer_key:
                self.preferences.record_opt_out(followup.customer_key, OPT_OUT_SOURCE, now)
                opt_out_recorded("provider")
            metrics.add_metric(name="OptedOut", unit="Count", value=1)
            self._fail(queued, OptedOutError.__name__, claimed=True)
            return Disposition.DONE
        except ConfigurationError as exc:
            # Refused by our setup (identity, permissions) or the account (spend limit, sandbox):
            # nothing went out. The claim is released, not resolved, so the redrive that follows the
            # fix sends this same attempt once.
            if isinstance(exc, SmsAccountRefusedError):
                sms_account_refused(exc.reason)
            self.followups.release(queued.followup_id, queued.item)
            self._fail(queued, ConfigurationError.__name__, claimed=False)
            return Disposition.DONE
        except SmsPermanentError:
            self._fail(queued, SmsPermanentError.__name__, claimed=True)
            return Disposition.DONE
        self._observe_sent(queued, followup, message_id)
        return Disposition.DONE

    def _later(self, queued: QueuedSend, error: str) -> Disposition:
        """Back to the queue; after ``max_receives`` hand the failure to the workflow's backoff."""
        if queued.receive_count < self.limits.max_receives:
            logger.info("send postponed", followup_id=queued.followup_id, attempt=queued.item, reason=error)
            return Disposition.RETRY_LATER
        self._fail(queued, error, claimed=False)
        return Disposition.DONE

    def _fail(self, queued: QueuedSend, error: str, claimed: bool) -> None:
        """Fail the wait with ``error``; a claimed attempt is marked so that only one party resolves it."""
        if claimed:
            self.followups.mark_failed(queued.followup_id, queued.item, error)
            if not self.followups.mark_resolved(queued.followup_id, queued.item, error):
                return
        metrics.add_metric(name="SendFailed", unit="Count", value=1)
        logger.info("send failed", followup_id=queued.followup_id, attempt=queued.item, error=error)
        self.tasks.fail(queued.task_token, error, {"followupId": queued.followup_id, "attempt": queued.item})

    @staticmethod
    def _observe_sent(queued: QueuedSend, followup: FollowupView, message_id: str) -> None:
        assert followup.sms is not None
        metrics.add_metric(name="Sent", unit="Count", value=1)
        metrics.add_metric(name="PartsSent", unit="Count", value=followup.sms.parts)
        if queued.retry_count > 0:
            metrics.add_metric(name="Retried", unit="Count", value=1)
        logger.info(
            "sms sent",
            followup_id=followup.followup_id,
            attempt=queued.item,
            message_id=message_id,
            parts=followup.sms.parts,
            encoding=followup.sms.encoding,
        )
