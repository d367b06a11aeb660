"""The fallback channels: an email through SES (its receipt ends the wait), then a Connect task.

Email: the attempt ``attempt#email#<retryCount + 1>`` is claimed (with the task token) before SES is
called, so a re-invoked Lambda sends nothing; the SES event (Delivery, Bounce, Complaint) resolves
the token through the receipt handler. Task: StartTaskContact is idempotent through a ClientToken
derived from the follow-up; when 12 tasks already chain to the call, the task is related instead.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aftercall.domain.compose_values import ComposeContext
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import AttemptView, FollowupView, attempt_item
from aftercall.domain.gate import GatePolicy
from aftercall.domain.memo import Memo, Strategy
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
from aftercall.usecases.ports import (
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
_DESCRIPTION_LIMIT = 4096


def _load(followups: Followups, memos: MemoReader, followup_id: str) -> tuple[FollowupView, ContactMemo]:
    followup = followups.get(followup_id)
    record = memos.get(followup.contact_id) if followup else None
    if followup is None or record is None:
        raise InvalidInputError("the follow-up or its memo is missing")
    return followup, record


@dataclass
class SendEmail:
    followups: Followups
    memos: MemoReader
    preferences: PreferencesReader
    email: EmailSender
    compose: EmailComposer
    context: Callable[[str | None, str], ComposeContext]  # (detail url, time zone) → context
    default_strategy: Strategy
    default_time_zone: str
    default_locale: str
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    gate: GatePolicy = dataclasses.field(default_factory=GatePolicy)

    def __call__(self, task_token: str, followup_id: str, retry_count: int) -> str:
        """Send the email and return its attempt item; the SES event later resolves ``task_token``."""
        item = attempt_item(EMAIL, retry_count + 1)
        followup, record = _load(self.followups, self.memos, followup_id)
        prefs = self.preferences.get(followup.customer_key) if followup.customer_key else Preferences()
        address = record.memo.email or prefs.email
        if not address:
            raise EmailFailedError("no email address for this customer")
        if self.followups.claim(followup_id, item, followup.kind, task_token, self.clock()) is None:
            logger.info(
                "email attempt already claimed: not sent again", followup_id=followup_id, attempt=item
            )
            return item
        zone = time_zone_for(record.phone, self.default_time_zone)
        strategy = record.memo.strategy or self.default_strategy
        locale = followup.locale or self.default_locale
        memo = gating.recorded_memo(record, followup.gate, self.gate)
        content = self.compose(memo, strategy, locale, self.context(None, zone), followup.kind)
        request = EmailRequest(address, content.subject, content.text, content.html, followup_id, item)
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
    followups: Followups
    memos: MemoReader
    connect: TaskStarter
    contact_flow_id: str
    instance_id: str | None = None  # default: the call's instance
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    agent_locale: str = "ko-KR"  # a held follow-up's task, when the memo has no words to tell

    def __call__(self, followup_id: str) -> str:
        """Create the callback task; returns its contact id."""
        item = attempt_item(TASK, 1)
        followup, record = _load(self.followups, self.memos, followup_id)
        attempts = self.followups.attempts(followup_id)
        self.followups.claim(followup_id, item, followup.kind, None, self.clock())
        name, description = _task_name(followup.kind), task_description(record.memo, attempts)
        if followup.gate is not None and followup.gate.held:  # the gate held it: say what to fix
            name, description = gating.hold_task(followup.gate, record.memo, followup.kind, self.agent_locale)
        request = TaskRequest(
            instance_id=self.instance_id or record.instance_id,
            contact_flow_id=self.contact_flow_id,
            name=name,
            description=description,
            client_token=task_client_token(followup_id),
            previous_contact_id=record.contact_id,
            references={"followup": followup_id, "call": record.contact_id},
        )
        try:
            task_id = self.connect.start_task(request)
        except TaskChainLimitError:
            logger.info("task chain full: relating the task instead", followup_id=followup_id)
            task_id = self.connect.start_task(
                dataclasses.replace(request, previous_contact_id=None, related_contact_id=record.contact_id)
            )
        self.followups.mark_sent(followup_id, item, task_id, self.clock())
        metrics.add_metric(name="TaskCreated", unit="Count", value=1)
        logger.info("callback task created", followup_id=followup_id, task_contact_id=task_id)
        return task_id


def _task_name(kind: str) -> str:
    return (
        "Appointment reminder not delivered" if kind == "reminder" else "Follow-up not delivered: call back"
    )


def task_description(memo: Memo, attempts: list[AttemptView]) -> str:
    """What the agent needs: what was tried and why it failed, and what the call was about."""
    tried = (
        "; ".join(f"{a.channel} #{a.number}: {a.final_status or a.state}" for a in attempts) or "nothing sent"
    )
    lines = [
        "The customer did not receive the follow-up of this call. Please call them back.",
        f"Tried: {tried}.",
        f"Purpose: {memo.purpose}" if memo.purpose else "",
        f"Agreed outcome: {memo.desired_outcome}" if memo.desired_outcome else "",
        f"Status: {memo.status}" if memo.status else "",
        "The full memo is on the previous contact.",
    ]
    return "\n".join(line for line in lines if line)[:_DESCRIPTION_LIMIT]
