"""The fallback channels: an email through SES (its receipt ends the wait), then a Connect task.

Email: the attempt ``attempt#email#<retryCount + 1>`` is claimed (with the task token) before SES is
called, so a re-invoked Lambda sends nothing, and a retry of the step after an email that went out
(or may have) sends nothing either (``usecases/carry_over.py``); the SES event (Delivery, Bounce,
Complaint) resolves the token through the receipt handler. Task: StartTaskContact is idempotent
through a ClientToken derived from the follow-up; when 12 tasks already chain to the call, the task
is related instead.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aftercall.domain import callback_task
from aftercall.domain.callback_task import OpeningHours
from aftercall.domain.compose_values import ComposeContext
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import FollowupView, attempt_item, new_receipt_key
from aftercall.domain.gate import GatePolicy
from aftercall.domain.memo import Strategy
from aftercall.domain.outbound import EmailRequest, TaskRequest
from aftercall.domain.policy import time_zone_for
from aftercall.domain.preferences import Preferences
from aftercall.errors import (
    ConfigurationError,
    EmailFailedError,
    InvalidInputError,
    OutcomeUnknownError,
    ProviderUnavailableError,
    TaskChainLimitError,
    ThrottledError,
)
from aftercall.observability import logger, metrics
from aftercall.usecases import gating
from aftercall.usecases.carry_over import carry_over
from aftercall.usecases.ports import (
    Callbacks,
    EmailComposer,
    EmailSender,
    Followups,
    MemoReader,
    PreferencesReader,
    TaskStarter,
)

EMAIL = "email"
TASK = "task"
_TOKEN_NAMESPACE = uuid.UUID("6f1d1c52-7d0e-4d58-9a53-2b1f6c4a0e11")  # aftercall task client tokens


def _load(followups: Followups, memos: MemoReader, followup_id: str) -> tuple[FollowupView, ContactMemo]:
    followup = followups.get(followup_id)
    record = memos.get(followup.contact_id) if followup else None
    if followup is None or record is None:
        raise InvalidInputError("the follow-up or its memo is missing")
    return followup, record


@dataclass
class SendEmail:
    """The email fallback: one email per follow-up, exactly once."""

    followups: Followups
    memos: MemoReader
    preferences: PreferencesReader
    email: EmailSender
    callbacks: Callbacks
    compose: EmailComposer
    # (detail url, time zone, the number's country) → context
    context: Callable[[str | None, str, str | None], ComposeContext]
    default_strategy: Strategy
    default_time_zone: str
    default_locale: str
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    new_key: Callable[[], str] = new_receipt_key
    gate: GatePolicy = dataclasses.field(default_factory=GatePolicy)

    def __call__(self, task_token: str, followup_id: str, retry_count: int) -> str:
        """Send the email and return its attempt item; the SES event later resolves ``task_token``."""
        item = attempt_item(EMAIL, retry_count + 1)
        followup, record = _load(self.followups, self.memos, followup_id)
        prefs = self.preferences.get(followup.customer_key) if followup.customer_key else Preferences()
        address = record.memo.email or prefs.email
        if not address:
            raise EmailFailedError("no email address for this customer")
        earlier = carry_over(self.followups, self.callbacks, followup_id, item, retry_count + 1, task_token)
        if earlier is not None:
            return earlier.item
        key = self.new_key()
        if (
            self.followups.claim(followup_id, item, followup.kind, task_token, self.clock(), receipt_key=key)
            is None
        ):
            logger.info(
                "email attempt already claimed: not sent again", followup_id=followup_id, attempt=item
            )
            return item
        zone = time_zone_for(record.phone, self.default_time_zone)
        strategy = record.memo.strategy or self.default_strategy
        locale = followup.locale or self.default_locale
        memo = gating.recorded_memo(record, followup.gate, self.gate)
        region = record.phone.region if record.phone else None
        content = self.compose(memo, strategy, locale, self.context(None, zone, region), followup.kind)
        request = EmailRequest(
            address, content.subject, content.text, content.html, followup_id, item, receipt_key=key
        )
        try:
            message_id = self.email.send(request)
        except (ThrottledError, ProviderUnavailableError, ConfigurationError):
            # Nothing went out: a retry, or a redrive once the setup is fixed, may send it.
            self.followups.release(followup_id, item)
            raise
        except OutcomeUnknownError:
            # Maybe sent: the claim (with the task token) stays and the SES event, or the receipt
            # window, decides. Never a second email for one attempt.
            logger.warning("SendEmail unanswered; the receipt window decides", followup_id=followup_id)
            return item
        except EmailFailedError:
            self.followups.mark_failed(followup_id, item, EmailFailedError.__name__)
            self.followups.mark_resolved(followup_id, item, EmailFailedError.__name__)
            raise
        self.followups.mark_sent(followup_id, item, message_id, self.clock())
        metrics.add_metric(name="EmailSent", unit="Count", value=1)
        logger.info("email sent", followup_id=followup_id, attempt=item)
        return item


def task_client_token(followup_id: str) -> str:
    """Stable per follow-up: a retried or re-invoked step creates the same task, not a second one."""
    return str(uuid.uuid5(_TOKEN_NAMESPACE, followup_id))


@dataclass
class CreateTask:
    """The last fallback: a Connect task for an agent to call back (or fix a held memo)."""

    followups: Followups
    memos: MemoReader
    connect: TaskStarter
    contact_flow_id: str
    instance_id: str | None = None  # default: the call's instance
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    agent_locale: str = "ko-KR"  # the language of the tasks agents get
    hours: OpeningHours | None = None  # when agents take callbacks: a task is scheduled into them

    def __call__(self, followup_id: str) -> str:
        """Create the callback task; returns its contact id."""
        item = attempt_item(TASK, 1)
        followup, record = _load(self.followups, self.memos, followup_id)
        attempts = self.followups.attempts(followup_id)
        now = self.clock()
        self.followups.claim(followup_id, item, followup.kind, None, now)
        if followup.gate is not None and followup.gate.held:  # the gate held it: say what to fix
            name, description = gating.hold_task(followup.gate, record.memo, followup.kind, self.agent_locale)
            number = None  # the agent fixes the memo; nothing to call about yet
        else:
            number = record.phone.e164 if record.phone else None
            name = callback_task.task_name(self.agent_locale, followup.kind)
            description = callback_task.task_description(
                attempts, record.memo, _shown(followup), number, self.agent_locale, followup.kind
            )
        opens = self.hours.next_open(now) if self.hours else None
        request = TaskRequest(
            instance_id=self.instance_id or record.instance_id,
            contact_flow_id=self.contact_flow_id,
            name=name,
            description=description,
            client_token=task_client_token(followup_id),
            previous_contact_id=record.contact_id,
            references={
                "followup": followup_id,
                "call": record.contact_id,
                **({"customer_number": number} if number else {}),
            },
            scheduled_time=opens if opens and opens > now else None,
        )
        try:
            task_id = self.connect.start_task(request)
        except TaskChainLimitError:
            logger.info("task chain full: relating the task instead", followup_id=followup_id)
            task_id = self.connect.start_task(
                dataclasses.replace(request, previous_contact_id=None, related_contact_id=record.contact_id)
            )
        self.followups.mark_sent(followup_id, item, task_id, now)
        metrics.add_metric(name="TaskCreated", unit="Count", value=1)
        logger.info(
            "callback task created",
            followup_id=followup_id,
            task_contact_id=task_id,
            scheduled=request.scheduled_time is not None,
        )
        return task_id


def _shown(followup: FollowupView) -> frozenset[str]:
    """The customer-facing fields the gate let out as written (the task repeats no other line)."""
    gated = {f.field for f in followup.gate.findings if f.action.value != "send"} if followup.gate else set()
    return frozenset({"purpose", "status", "desired_outcome"} - gated)
