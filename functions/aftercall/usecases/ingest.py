"""Ingest one ended call: fill missing details, check eligibility, save the memo, plan, start the workflow.

Every copy of a contact (the event, then records delivered at least once and re-emitted on update)
goes through here. The memo store keeps the newest copy; the first copy is planned here, while the
memo is in hand, and the plan is the workflow's input (one Lambda less per follow-up); the
execution name makes a second start harmless. A contact that will not be followed up is still
stored, with a skip reason, and its execution records the skip.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aftercall.domain.call import TRANSFER_LEGS, CallEnded
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import MemoKey, memo_from_attributes
from aftercall.domain.memo_lint import lint_memo
from aftercall.domain.phone import InvalidPhoneNumber, PhoneNumber, parse_phone
from aftercall.domain.pii import mask_memo
from aftercall.domain.policy import SkipReason
from aftercall.domain.preferences import chosen_channel
from aftercall.observability import logger, metrics
from aftercall.usecases.metrics import count_by_all, opt_out_recorded
from aftercall.usecases.ports import (
    ChoiceRecorder,
    ContactReader,
    Keyer,
    MemoHistory,
    MemoWriter,
    Planner,
    WorkflowStarter,
)

REPEAT_WINDOW = timedelta(days=7)  # a call back within a week counts as a repeat contact


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Which contacts are followed up (from settings); everything else gets a skip reason."""

    channels: frozenset[str] = frozenset({"VOICE"})
    initiation_methods: frozenset[str] = frozenset({"INBOUND", "OUTBOUND", "CALLBACK", "API"})
    follow_transfers: bool = True  # once per call, from its last leg
    require_agent: bool = True
    default_region: str = "KR"


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What ingest did with one contact: saved, started, skipped and why."""

    contact_id: str
    memo_saved: bool
    execution_started: bool
    skip_reason: str | None
    findings: tuple[str, ...]


def skip_reason_for(call: CallEnded, rules: Eligibility) -> str | None:
    """The first reason this contact is not followed up, or None; the number is checked separately."""
    if call.channel not in rules.channels:
        return SkipReason.CHANNEL_EXCLUDED
    if call.transferred and not rules.follow_transfers:
        return SkipReason.TRANSFER
    if call.transferred_out:  # an interim leg: its call is followed up from the leg it was handed to
        return SkipReason.TRANSFERRED_ONWARD
    leg = call.initiation_method in TRANSFER_LEGS  # the call began elsewhere and passed that check
    if call.initiation_method and not leg and call.initiation_method not in rules.initiation_methods:
        return SkipReason.INITIATION_EXCLUDED
    if rules.require_agent and not call.agent_connected:
        return SkipReason.NO_AGENT
    if not call.customer_number:
        return SkipReason.NO_NUMBER
    return None


class IngestCall:
    def __init__(
        self,
        memos: MemoWriter,
        planner: Planner,
        workflow: WorkflowStarter,
        keyer: Keyer,
        contacts: Callable[[], ContactReader],
        rules: Eligibility,
        retention: timedelta,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        history: MemoHistory | None = None,
        choices: ChoiceRecorder | None = None,
        settle_transfer: Callable[[str], bool] | None = None,
    ) -> None:
        self._memos = memos
        self._planner = planner
        self._workflow = workflow
        self._keyer = keyer
        self._contacts = contacts  # built on first use: records never need it
        self._rules = rules
        self._retention = retention
        self._clock = clock
        self._history = history  # for the RepeatContact metric: an earlier call within REPEAT_WINDOW
        self._choices = choices  # the customer's choices the agent recorded, into their preferences
        self._settle_transfer = settle_transfer  # with a transfer wait: the earlier leg's text called off

    def __call__(self, call: CallEnded) -> IngestResult:
        if call.needs_contact_details:
            call = self._fill_details(call)
        skip = skip_reason_for(call, self._rules)
        phone: PhoneNumber | None = None
        if call.customer_number:
            try:
                phone = parse_phone(call.customer_number, self._rules.default_region)
            except InvalidPhoneNumber:
                skip = skip or SkipReason.INVALID_NUMBER
        # Card and resident registration numbers never reach the table, in any field (domain/pii.py).
        memo, masked = mask_memo(memo_from_attributes(call.attributes))
        findings = (*lint_memo(memo), *masked)
        record = ContactMemo(
            contact_id=call.contact_id,
            instance_id=call.instance_id,
            channel=call.channel,
            initiation_method=call.initiation_method,
            ended_at=call.ended_at,
            last_update=call.last_update,
            source=call.source.value,
            memo=memo,
            findings=findings,
            phone=phone,
            customer_key=self._keyer.key_for(phone.e164) if phone else None,
            previous_contact_id=call.previous_contact_id,
            skip_reason=skip,
        )
        saved = self._memos.save_if_newer(record, self._retention, self._clock())
        if saved:  # before the plan, so that this very call's follow-up honours them
            self._record_choices(record)
            if self._settle_transfer and call.previous_contact_id and call.initiation_method in TRANSFER_LEGS:
                self._settle_transfer(call.previous_contact_id)
        started = self._workflow.start(call.contact_id, self._planner.at_ingest(record, fresh=saved))
        result = IngestResult(
            contact_id=call.contact_id,
            memo_saved=saved,
            execution_started=started,
            skip_reason=skip,
            findings=tuple(sorted({f.rule.value for f in findings})),
        )
        self._observe(call, result)
        if saved:  # once per contact, not per copy
            self._count_value(call, record)
        return result

    def _record_choices(self, record: ContactMemo) -> None:
        """The customer's choices as the agent recorded them (no more texts, the preferred channel, an
        email address) into their preferences: the newest contact wins; the source names it."""
        memo, key = record.memo, record.customer_key
        if self._choices is None or key is None:
            return
        source = f"agent:{record.contact_id}"
        if memo.wants_no_more_texts:
            self._choices.record_opt_out(key, source, record.ended_at)
            count_by_all("ChoiceRecorded", {"choice": "opt_out"})
            opt_out_recorded("agent")
        channel = chosen_channel(memo.choice(MemoKey.PREFERRED_CHANNEL), None)
        recorded = (channel or memo.email) and self._choices.record_choices(
            key, channel, memo.email, source, record.ended_at
        )
        if recorded:
            count_by_all("ChoiceRecorded", {"choice": f"channel:{channel}" if channel else "email"})

    def _count_value(self, call: CallEnded, record: ContactMemo) -> None:
        """What the contact center watches to see whether memos and follow-ups cut repeat calls: per
        queue, whether this customer called within REPEAT_WINDOW before (1) or not (0), so that the
        average is the repeat rate; and each memo finding by rule and queue. No personal data."""
        queue = call.queue or "unknown"
        for rule in sorted({f.rule.value for f in record.findings}):
            count_by_all("MemoFinding", {"rule": rule, "queue": queue})
        if self._history is None or record.customer_key is None:
            return
        earlier = self._history.history(record.customer_key, record.ended_at - REPEAT_WINDOW, 2)
        repeat = any(contact_id != record.contact_id for contact_id in earlier)
        count_by_all("RepeatContact", {"queue": queue}, 1 if repeat else 0)

    def _fill_details(self, call: CallEnded) -> CallEnded:
        details = self._contacts().describe_contact(call.instance_id, call.contact_id)
        return dataclasses.replace(
            call,
            customer_number=call.customer_number or details.customer_number,
            attributes={**details.attributes, **call.attributes},
            has_attributes=True,
            transferred=call.transferred or details.transferred_out,
            transferred_out=call.transferred_out or details.transferred_out,
        )

    @staticmethod
    def _observe(call: CallEnded, result: IngestResult) -> None:
        metrics.add_metric(name="MemoSaved" if result.memo_saved else "MemoStaleCopy", unit="Count", value=1)
        if result.execution_started:
            metrics.add_metric(name="FollowupStarted", unit="Count", value=1)
        if result.skip_reason:
            metrics.add_metric(name="IngestSkipped", unit="Count", value=1)
        logger.info(
            "call ingested",
            contact_id=call.contact_id,
            source=call.source.value,
            memo_saved=result.memo_saved,
            execution_started=result.execution_started,
            skip_reason=result.skip_reason,
            findings=list(result.findings),
        )
