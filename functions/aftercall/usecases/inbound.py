"""A customer's reply to a text (two-way SMS) or message on WhatsApp, each handled exactly once in effect.

- on WhatsApp, first: when the customer wrote (it opens WhatsApp's 24-hour customer-service window,
  in which a follow-up may go free-form instead of as a template);
- "no more texts" (STOP, 중지, ...): an opt-out in the preferences, as the provider's own list has it;
- "on WhatsApp, please" (WHATSAPP, 왓츠앱): an opt-in to WhatsApp, and the preferred channel;
- a confirmation ("1", "네", ...) of an appointment text: the appointment marked confirmed (the next
  agent sees it in the history);
- anything else (a question, a confirmation of something that is not an appointment): a Connect task
  for an agent with the reply, what the call was about and the number.

Correlated by ``previousPublishedMessageId`` (the attempt that sent the text, through the message-id
index), else by the customer key and their latest call. Redelivery is harmless: the opt-out and the
confirmation are idempotent writes, and the task's client token is derived from the inbound message
id, so Connect creates it once. The reply and the number never reach a log or a metric; the task
carries them because the agent must read them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.kinds import FOLLOWUP
from aftercall.domain.memo import Strategy
from aftercall.domain.outbound import TaskRequest
from aftercall.domain.phone import InvalidPhoneNumber, parse_phone
from aftercall.domain.policy import followup_id_for
from aftercall.domain.replies import InboundMessage, Reply, classify
from aftercall.observability import logger
from aftercall.usecases.metrics import count_by, opt_out_recorded
from aftercall.usecases.ports import (
    AttemptHistory,
    Confirmations,
    Keyer,
    MemoHistory,
    MemoReader,
    OptOutRecorder,
    TaskStarter,
    WhatsAppChoices,
)

_TOKENS = uuid.UUID("0d3f8a52-5d1e-4c39-9a7e-2a6c3e1b7f40")  # namespace of reply tasks' client tokens
LOOKBACK = timedelta(days=90)  # an uncorrelated reply answers the customer's latest call within this
MAX_REPLY_IN_TASK = 1000
_NAMES = {"ko-KR": "고객 문자 회신: 확인해 주세요", "en-US": "Customer replied to the text: please follow up"}
_LABELS = {
    "ko-KR": ("고객이 보낸 문자", "문의 목적", "현재 상태", "원하는 결과", "연락처"),
    "en-US": ("The customer wrote", "Purpose", "Status", "Desired outcome", "Number"),
}


@dataclass
class HandleReply:
    """Act on a customer's reply: confirm, opt out, or ask an agent."""

    memos: MemoReader
    history: MemoHistory
    attempts: AttemptHistory
    confirmations: Confirmations
    opt_outs: OptOutRecorder
    connect: TaskStarter
    keyer: Keyer
    default_region: str
    opt_out_keywords: frozenset[str]
    confirm_keywords: frozenset[str]
    task_contact_flow_id: str
    instance_id: str | None = None
    agent_locale: str = "ko-KR"
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    whatsapp_keywords: frozenset[str] = frozenset()
    choices: WhatsAppChoices | None = None  # the WhatsApp window and opt-in (None: not recorded)

    def __call__(self, message: InboundMessage) -> str:
        """What was done: ``opted_out``, ``confirmed``, ``task``, or ``skipped:<why>``."""
        try:
            e164 = parse_phone(message.origination_number, self.default_region).e164
        except InvalidPhoneNumber:
            return self._done("skipped:invalid_number")
        key = self.keyer.key_for(e164)
        source = f"{message.channel}_reply"
        if message.channel == "whatsapp" and self.choices is not None:
            self.choices.record_whatsapp_inbound(key, min(message.at or self.clock(), self.clock()))
        reply = classify(message.body, self.opt_out_keywords, self.confirm_keywords, self.whatsapp_keywords)
        if reply is Reply.OPT_OUT:
            self.opt_outs.record_opt_out(key, source, self.clock())
            opt_out_recorded("reply")
            return self._done("opted_out")
        if reply is Reply.WHATSAPP and self.choices is not None:
            self.choices.record_choices(key, "whatsapp", None, source, self.clock())
            return self._done("whatsapp_opt_in")
        contact_id = self._answered_contact(message, key)
        record = self.memos.get(contact_id) if contact_id else None
        if record is None:
            return self._done("skipped:unknown_sender")  # logged without the number or the text
        followup_id = followup_id_for(record.contact_id, FOLLOWUP)
        if (
            reply is Reply.CONFIRM
            and record.memo.strategy is Strategy.APPOINTMENT
            and record.memo.appointment
        ):
            self.confirmations.confirm_appointment(followup_id, self.clock())
            return self._done("confirmed")
        self.connect.start_task(self._task(message, record, followup_id, e164))
        return self._done("task")

    def _answered_contact(self, message: InboundMessage, key: str) -> str | None:
        if message.previous_message_id:
            attempt = self.attempts.find_by_message_id(message.previous_message_id)
            if attempt is not None:
                followup = self.attempts.get(attempt.followup_id)
                if followup is not None:
                    return followup.contact_id
        latest = self.history.history(key, self.clock() - LOOKBACK, 1)
        return latest[0] if latest else None

    def _task(self, message: InboundMessage, record: ContactMemo, followup_id: str, e164: str) -> TaskRequest:
        labels = _LABELS.get(self.agent_locale, _LABELS["en-US"])
        memo = record.memo
        lines = [f"{labels[0]}: {message.body[:MAX_REPLY_IN_TASK]}"]
        for label, value in zip(labels[1:4], (memo.purpose, memo.status, memo.desired_outcome), strict=True):
            if value.strip():
                lines.append(f"{label}: {' '.join(value.split())[:200]}")
        lines.append(f"{labels[4]}: {e164}")
        return TaskRequest(
            instance_id=self.instance_id or record.instance_id,
            contact_flow_id=self.task_contact_flow_id,
            name=_NAMES.get(self.agent_locale, _NAMES["en-US"]),
            description="\n".join(lines),
            client_token=str(uuid.uuid5(_TOKENS, message.inbound_message_id)),
            related_contact_id=record.contact_id,
            references={"followup": followup_id, "call": record.contact_id, "customer_number": e164},
        )

    @staticmethod
    def _done(outcome: str) -> str:
        count_by("ReplyHandled", "outcome", outcome)
        logger.info("reply handled", outcome=outcome)
        return outcome
