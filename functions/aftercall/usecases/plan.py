"""Plan one follow-up (or an appointment reminder): policy, channels, send time, composed text.

Returns what the state machine needs, ids and statuses only: the follow-up id, skip or send, the
route of channels (ending with "none"), the send and reminder times, the receipt windows. A skip is
recorded with the plan in one write. Ingest plans a contact's first follow-up while it holds the
memo (``at_ingest``) and starts the workflow with the plan as its input; the workflow's Plan step
plans the reminder, and any follow-up that reaches it without a plan.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aftercall.domain.appointment import appointment_start
from aftercall.domain.composer import ComposeContext, ComposedSms, DoesNotFitError, choose_locale
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import NewFollowup, SmsText
from aftercall.domain.gate import GatePolicy
from aftercall.domain.kinds import FOLLOWUP, REMINDER
from aftercall.domain.memo import MemoKey, Strategy
from aftercall.domain.policy import (
    Channel,
    Plan,
    PolicyConfig,
    PolicyInput,
    SkipReason,
    followup_id_for,
    plan_followup,
    time_zone_for,
)
from aftercall.domain.preferences import Preferences, chosen_channel
from aftercall.domain.resend import Resend, resend_id
from aftercall.errors import InvalidInputError
from aftercall.observability import logger, metrics
from aftercall.usecases import gating
from aftercall.usecases.metrics import count_by
from aftercall.usecases.ports import (
    DetailLinks,
    Followups,
    MemoHistory,
    MemoReader,
    PreferencesReader,
    SmsComposer,
)

NO_CHANNEL = "none"  # the route's end: every channel failed
SUPERSEDE_LOOKUP = 5  # the customer's later calls a reminder reads (newest first) before it is sent
ALREADY_DONE = "already_done"


def state_time(at: datetime) -> str:
    """RFC 3339 in UTC, whole seconds (Step Functions' TimestampPath format)."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PlanConfig:
    """The plan's settings, as values."""

    policy: PolicyConfig
    default_strategy: Strategy
    default_locale: str
    default_time_zone: str
    sms_window_seconds: int
    email_window_seconds: int
    whatsapp_window_seconds: int
    # (detail url, time zone, the number's country) → context
    context: Callable[[str | None, str, str | None], ComposeContext]
    gate: GatePolicy = dataclasses.field(default_factory=GatePolicy)  # what of the memo may leave
    transfer_wait: timedelta = timedelta(0)  # a call's text waits this long after it ends for a next leg


@dataclass(frozen=True)
class PlanFollowup:
    """Plan a contact's follow-up (and its reminder) from its stored memo."""

    memos: MemoReader
    preferences: PreferencesReader
    followups: Followups
    compose: SmsComposer
    links: DetailLinks
    config: PlanConfig
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    spelling: gating.SpellingCheck | None = None  # only where the spelling check runs
    history: MemoHistory | None = None  # a reminder checks that no later call moved its appointment

    def __call__(self, contact_id: str, kind: str, resend: Resend | None = None) -> dict[str, Any]:
        """The workflow's Plan step: the reminder, a follow-up that ingest could not plan, or a resend."""
        record = self.memos.get(contact_id)
        if record is None:
            raise InvalidInputError("no memo is stored for this contact")
        return self._plan(record, kind, self.clock(), resend)

    def at_ingest(self, record: ContactMemo, fresh: bool) -> dict[str, Any]:
        """The workflow's input, planned while ingest holds the memo (no Plan step on the first send).

        Only the first copy of a contact is planned here, and only from the newest memo (``fresh``:
        this copy was saved): a later copy, or an older one, gets ``{"contactId"}``, which starts
        nothing when the execution exists, and otherwise lets the workflow's Plan step read the
        stored memo (a copy whose first ingestion stopped between the plan and the start).
        """
        followup_id = followup_id_for(record.contact_id, FOLLOWUP)
        if not fresh or self.followups.get(followup_id) is not None:
            return {"contactId": record.contact_id}
        return self._plan(record, FOLLOWUP, self.clock())

    def _plan(
        self, record: ContactMemo, kind: str, now: datetime, resend: Resend | None = None
    ) -> dict[str, Any]:
        contact_id = record.contact_id
        followup_id = resend_id(contact_id, resend.number) if resend else followup_id_for(contact_id, kind)
        prefs = self.preferences.get(record.customer_key) if record.customer_key else Preferences()
        strategy = record.memo.strategy or self.config.default_strategy
        zone = time_zone_for(record.phone, self.config.default_time_zone)
        # A transfer's next leg may still come: no text before the wait is over (quiet hours apply after).
        earliest = max(now, record.ended_at + self.config.transfer_wait) if kind == FOLLOWUP else now
        policy_input = self._policy_input(record, prefs, strategy, kind, zone)
        if resend and resend.channel in (Channel.SMS, Channel.EMAIL):  # the operator's choice leads
            policy_input = dataclasses.replace(policy_input, preferred_channel=resend.channel)
        plan = plan_followup(policy_input, earliest, self.config.policy)
        if resend and not plan.skipped:  # a resend has no reminder of its own; a task is only a task
            channels = (Channel.TASK,) if resend.channel == Channel.TASK else plan.channels
            plan = dataclasses.replace(plan, channels=channels, reminder_at=None)
        if kind == REMINDER and not plan.skipped and self._superseded(record):
            plan = Plan(skip_reason=SkipReason.SUPERSEDED.value)
        sms: ComposedSms | None = None
        locale = choose_locale(
            record.memo.locale,
            prefs.locale,
            record.phone.region if record.phone else None,
            self.config.default_locale,
        )
        decision = None if plan.skipped else gating.gate_record(record, self.config.gate, self.spelling)
        if decision is not None and decision.held:
            # Nothing for the customer: a task tells the agent what to fix (usecases/fallback.py).
            plan = dataclasses.replace(
                plan, channels=(Channel.TASK,), send_at=now, reminder_at=None, deferred=False
            )
        # WhatsApp says the text too, free-form inside the customer-service window.
        link = None
        if decision is not None and {Channel.SMS, Channel.WHATSAPP} & set(plan.channels):
            if strategy is Strategy.DETAIL and kind != REMINDER:
                link = self.links(followup_id, contact_id, locale)
            sms = self._compose(gating.gated(record, decision), link, strategy, locale, zone, kind)
            if sms is None:
                plan = _without_sms(plan)
        new = NewFollowup(
            followup_id=followup_id,
            contact_id=contact_id,
            kind=kind,
            customer_key=record.customer_key,
            call_ended_at=record.ended_at,
            send_at=plan.send_at,
            route=(*(c.value for c in plan.channels), NO_CHANNEL),
            reminder_at=plan.reminder_at,
            skip_reason=plan.skip_reason,
            reminder_skip=plan.reminder_skip,
            channel_skip=plan.channel_skip,
            detail_url=link,
            sms=SmsText(sms.text, sms.parts, sms.encoding, sms.template_id) if sms else None,
            locale=locale,
            gate=decision.summary() if decision else None,
            resend=resend,
        )
        if not self.followups.save_plan(new, now):
            logger.info("follow-up already finished", followup_id=followup_id)
            return _skip(contact_id, followup_id, kind, ALREADY_DONE)
        self._observe(new, plan)
        if decision is not None:
            gating.observe(decision, followup_id)
        if plan.skip_reason is not None:
            return _skip(contact_id, followup_id, kind, plan.skip_reason)
        return self._send(new, plan.send_at or now)

    def _policy_input(
        self, record: ContactMemo, prefs: Preferences, strategy: Strategy, kind: str, zone: str
    ) -> PolicyInput:
        memo = record.memo
        return PolicyInput(
            channel=record.channel,
            phone=record.phone,
            ingest_skip_reason=record.skip_reason,
            consent=memo.consent,
            opted_out=prefs.opted_out,
            recent_sends=self._recent_texts(record, strategy, kind),
            strategy=strategy,
            kind=kind,
            has_email=bool(memo.email or prefs.email),
            appointment_at=appointment_start(memo.appointment, ZoneInfo(zone)) if memo.appointment else None,
            preferred_channel=chosen_channel(memo.choice(MemoKey.PREFERRED_CHANNEL), prefs.preferred_channel),
            whatsapp_opt_in=prefs.whatsapp_opt_in,
        )

    def _superseded(self, record: ContactMemo) -> bool:
        """Whether a later call of this customer moved or cancelled the appointment this reminder is for.

        A later memo with the same time, or with no appointment at all, leaves it standing; the later
        call's own appointment gets its own reminder."""
        appointment = record.memo.appointment
        if self.history is None or record.customer_key is None or appointment is None:
            return False
        for contact_id in self.history.history(record.customer_key, record.ended_at, SUPERSEDE_LOOKUP):
            later = self.memos.get(contact_id) if contact_id != record.contact_id else None
            if later is None or later.ended_at <= record.ended_at:
                continue
            cancelled = later.memo.choice(MemoKey.APPOINTMENT_STATUS) == "cancelled"
            moved = later.memo.appointment is not None and later.memo.appointment.at != appointment.at
            if cancelled or moved:
                logger.info(
                    "reminder superseded by a later call", contact_id=record.contact_id, later=contact_id
                )
                return True
        return False

    def _recent_texts(self, record: ContactMemo, strategy: Strategy, kind: str) -> tuple[datetime, ...]:
        """When the customer's other follow-ups were texted lately: one Query, nothing written per text.

        Skipped when the cap cannot apply (no customer key, a cap-exempt strategy). The query reaches a
        minute further back than the window; the policy applies the exact window against its ``now``.
        """
        policy = self.config.policy
        if record.customer_key is None or strategy in policy.cap_bypass_strategies:
            return ()
        since = self.clock() - policy.frequency_window - timedelta(minutes=1)
        planned = followup_id_for(record.contact_id, kind)
        return self.followups.recent_texts(record.customer_key, since, excluding=planned)

    def _compose(
        self, record: ContactMemo, link: str | None, strategy: Strategy, locale: str, zone: str, kind: str
    ) -> ComposedSms | None:
        try:
            region = record.phone.region if record.phone else None
            composed = self.compose(record, strategy, locale, self.config.context(link, zone, region), kind)
        except DoesNotFitError:
            logger.warning("the text does not fit its budget; falling back", contact_id=record.contact_id)
            return None
        if composed.findings:
            logger.info(
                "message lint findings", contact_id=record.contact_id, findings=list(composed.findings)
            )
        return composed

    def _send(self, new: NewFollowup, send_at: datetime) -> dict[str, Any]:
        out: dict[str, Any] = {
            "contactId": new.contact_id,
            "followupId": new.followup_id,
            "kind": new.kind,
            "action": "send",
            "sendAt": state_time(send_at),
            "reminderAt": state_time(new.reminder_at) if new.reminder_at else None,
            "route": list(new.route),
            "cursor": {"step": 1, "channel": new.route[0]},
            "smsWindowSeconds": self.config.sms_window_seconds,
            "emailWindowSeconds": self.config.email_window_seconds,
            "whatsappWindowSeconds": self.config.whatsapp_window_seconds,
        }
        if new.reminder_at:
            out["nextKind"] = REMINDER
        return out

    @staticmethod
    def _observe(new: NewFollowup, plan: Plan) -> None:
        if plan.reminder_skip is not None:
            count_by("Skipped", "reason", plan.reminder_skip)  # the reminder's, not the follow-up's
        if plan.channel_skip is not None:
            count_by("ChannelSkipped", "reason", plan.channel_skip)  # one channel; the route goes on
        if plan.skip_reason is not None:
            count_by("Skipped", "reason", plan.skip_reason)
        else:
            metrics.add_metric(name="Planned", unit="Count", value=1)
            if plan.deferred:
                metrics.add_metric(name="Deferred", unit="Count", value=1)
        logger.info(
            "follow-up planned",
            followup_id=new.followup_id,
            kind=new.kind,
            skip_reason=plan.skip_reason,
            route=list(new.route),
            deferred=plan.deferred,
            reminder=new.reminder_at is not None,
            reminder_skip=plan.reminder_skip,
            channel_skip=plan.channel_skip,
        )


def _without_sms(plan: Plan) -> Plan:
    return dataclasses.replace(plan, channels=tuple(c for c in plan.channels if c is not Channel.SMS))


def _skip(contact_id: str, followup_id: str, kind: str, reason: str) -> dict[str, Any]:
    return {
        "contactId": contact_id,
        "followupId": followup_id,
        "kind": kind,
        "action": "skip",
        "skipReason": reason,
    }
