"""The followups table: one follow-up item per contact (or reminder) and one item per attempt.

With its receipt side (``adapters/attempt_history.py``, mixed in), the only module that touches
FollowupModel and AttemptModel. Three rules make sends exactly-once:
- an attempt is *claimed* with a conditional write before the provider is called; a re-invocation
  that finds the claim sends nothing. For a text the claim is also the record of the send (time,
  parts, encoding, and the customer key the frequency cap counts): nothing is written after
  SendTextMessage; the provider's message id arrives with every receipt;
- receipts are appended with ``list_append``, once per event id, only to an attempt that was claimed
  and only when they carry the claim's receipt key (``adapters/attempt_history.py``, the receipt
  side of this store);
- the task token is *resolved* by whoever first sets ``resolved_at`` (the receipt handler, or the
  sender when a send fails for good): one SendTaskSuccess/Failure per attempt. A final
  receipt that finds the token and no resolution appends and resolves in one conditional write.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError, UpdateError

from aftercall.adapters.attempt_history import ReceiptHistory
from aftercall.adapters.aws_errors import condition_failed, dynamodb_errors
from aftercall.adapters.followup_items import attempt_view, parse_time, sms_from_map, sms_to_map
from aftercall.adapters.gate_items import gate_from_map, gate_to_map
from aftercall.adapters.tables import FOLLOWUP_ITEM, AttemptModel, FollowupModel
from aftercall.domain.followup import (
    ATTEMPT_PREFIX,
    PLANNED,
    AttemptView,
    FollowupView,
    NewFollowup,
    TextClaim,
    parse_attempt_item,
)

_UNCLAIMED = datetime.max.replace(tzinfo=UTC)  # attempts only a receipt has seen sort last


def _now() -> datetime:
    return datetime.now(UTC)


def _update_existing(model: FollowupModel | AttemptModel, actions: list[Any], condition: Any = None) -> bool:
    """Update ``model``'s item only if it exists; False (nothing written) when it does not, or when
    ``condition`` fails. An UpdateItem would otherwise create an item without ``expires_at``: a step
    still running when ``aftercall forget`` stopped its execution must not write an erased follow-up
    back, to be kept forever."""
    exists = type(model).followup_id.exists()
    try:
        model.update(actions=actions, condition=exists if condition is None else exists & condition)
    except UpdateError as exc:
        if condition_failed(exc):
            return False
        raise
    return True


class FollowupStore(ReceiptHistory):
    def __init__(self, retention: timedelta = timedelta(days=400)) -> None:
        self._retention = retention

    # --- the follow-up item ---------------------------------------------------------------

    @dynamodb_errors
    def save_plan(self, new: NewFollowup, now: datetime) -> bool:
        """Write the plan (and, for a skip, its outcome). False when the follow-up already has an outcome."""
        skipped = new.skip_reason is not None
        item = FollowupModel(
            new.followup_id,
            FOLLOWUP_ITEM,
            contact_id=new.contact_id,
            customer_key=new.customer_key,
            status="done" if skipped else PLANNED,
            outcome=f"skipped:{new.skip_reason}" if skipped else None,
            path=[],
            plan={
                "kind": new.kind,
                "route": list(new.route),
                "send_at": new.send_at.isoformat() if new.send_at else None,
                "reminder_at": new.reminder_at.isoformat() if new.reminder_at else None,
                "reminder_skip": new.reminder_skip,
                "locale": new.locale,
                "detail_url": new.detail_url,
            },
            message=sms_to_map(new.sms),
            gate=gate_to_map(new.gate),
            channel_skip=new.channel_skip,
            resend=dataclasses.asdict(new.resend) if new.resend else None,
            call_ended_at=new.call_ended_at,
            created_at=now,
            updated_at=now,
            expires_at=now + self._retention,
        )
        try:
            item.save(condition=FollowupModel.outcome.does_not_exist())
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    @dynamodb_errors
    def get(self, followup_id: str) -> FollowupView | None:
        try:
            item = FollowupModel.get(followup_id, FOLLOWUP_ITEM, consistent_read=True)
        except FollowupModel.DoesNotExist:
            return None
        plan = item.plan.as_dict() if item.plan else {}
        return FollowupView(
            followup_id=item.followup_id,
            contact_id=item.contact_id,
            kind=str(plan.get("kind") or "followup"),
            customer_key=item.customer_key,
            status=item.status,
            outcome=item.outcome,
            path=tuple(item.path or ()),
            route=tuple(str(c) for c in plan.get("route") or ()),
            send_at=parse_time(plan.get("send_at")),
            call_ended_at=item.call_ended_at,
            sms=sms_from_map(item.message.as_dict() if item.message else None),
            locale=str(plan.get("locale") or ""),
            delivered_at=parse_time(item.delivered_at),
            appointment_confirmed_at=item.appointment_confirmed_at,
            reminder_skip=str(plan["reminder_skip"]) if plan.get("reminder_skip") else None,
            gate=gate_from_map(item.gate.as_dict() if item.gate else None),
            channel_skip=item.channel_skip,
            detail_url=str(plan["detail_url"]) if plan.get("detail_url") else None,
        )

    @dynamodb_errors
    def record_channel_skip(self, followup_id: str, reason: str) -> None:
        """Why WhatsApp did not carry the follow-up (the send step's reason; the plan writes its own)."""
        actions = [FollowupModel.channel_skip.set(reason)]
        _update_existing(FollowupModel(followup_id, FOLLOWUP_ITEM), actions)

    @dynamodb_errors
    def close_window(self, followup_id: str, channel: str, now: datetime) -> None:
        """The receipt window of ``channel`` closed: a text still queued for it must not go out."""
        actions = [FollowupModel.status.set(f"{channel}_window_closed"), FollowupModel.updated_at.set(now)]
        _update_existing(FollowupModel(followup_id, FOLLOWUP_ITEM), actions)

    @dynamodb_errors
    def record_outcome(self, followup_id: str, outcome: str, path: list[str], now: datetime) -> None:
        actions: list[Any] = [
            FollowupModel.outcome.set(outcome),
            FollowupModel.status.set("done"),
            FollowupModel.path.set(path),
            FollowupModel.updated_at.set(now),
        ]
        if outcome.startswith("delivered"):
            actions.append(FollowupModel.delivered_at.set(now.isoformat()))
        _update_existing(FollowupModel(followup_id, FOLLOWUP_ITEM), actions)

    @dynamodb_errors
    def confirm_appointment(self, followup_id: str, at: datetime) -> None:
        """The customer confirmed the appointment by replying; the first confirmation's time stays."""
        actions = [FollowupModel.appointment_confirmed_at.set(FollowupModel.appointment_confirmed_at | at)]
        _update_existing(FollowupModel(followup_id, FOLLOWUP_ITEM), actions)

    # --- attempts -------------------------------------------------------------------------

    def claim(
        self,
        followup_id: str,
        item: str,
        kind: str,
        task_token: str | None,
        now: datetime,
        text: TextClaim | None = None,
        receipt_key: str | None = None,
    ) -> AttemptView | None:
        """Claim the attempt before any provider call; None when an earlier invocation claimed it.

        An UpdateItem, not a put: a released claim leaves its item. ``receipt_key`` is the value the
        send carries and every receipt must bring back (``attempt_history``). A text's claim
        (``text``) also records the send itself (``sent_at``, parts, encoding) and the customer key,
        which put the attempt in the ``by-customer-sends`` index the frequency cap counts.
        """
        channel, number = parse_attempt_item(item)
        actions: list[Any] = [
            AttemptModel.claimed_at.set(now),
            AttemptModel.channel.set(channel),
            AttemptModel.number.set(number),
            AttemptModel.kind.set(kind),
            AttemptModel.state.set("claimed"),
            AttemptModel.expires_at.set(now + self._retention),
        ]
        if task_token:
            actions.append(AttemptModel.task_token.set(task_token))
        if receipt_key:
            actions.append(AttemptModel.receipt_key.set(receipt_key))
        if text is not None:
            actions += [AttemptModel.sent_at.set(now), AttemptModel.parts.set(text.parts)]
            if text.encoding:
                actions.append(AttemptModel.encoding.set(text.encoding))
            if text.customer_key:
                actions.append(AttemptModel.sms_customer_key.set(text.customer_key))
        model = AttemptModel(followup_id, item)
        try:
            model.update(actions=actions, condition=AttemptModel.claimed_at.does_not_exist())
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return attempt_view(model)

    @dynamodb_errors
    def release(self, followup_id: str, item: str) -> None:
        """Give up a claim whose send certainly did not happen (throttled): a redelivery may claim again.

        Never once the provider took it: an email or a task marked sent, or a text a receipt named.
        """
        try:
            AttemptModel(followup_id, item).update(
                actions=[
                    AttemptModel.claimed_at.remove(),
                    AttemptModel.sent_at.remove(),
                    AttemptModel.sms_customer_key.remove(),
                    AttemptModel.state.set("released"),
                ],
                condition=(AttemptModel.state == "claimed") & AttemptModel.message_id.does_not_exist(),
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    @dynamodb_errors
    def adopt(self, followup_id: str, item: str, task_token: str) -> bool:
        """Tie a workflow retry's wait to an attempt that went out: its receipt resolves ``task_token``.

        False when the attempt is resolved already (the caller completes the token itself).
        """
        try:
            AttemptModel(followup_id, item).update(
                actions=[AttemptModel.task_token.set(task_token)],
                condition=AttemptModel.claimed_at.exists() & AttemptModel.resolved_at.does_not_exist(),
            )
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    @dynamodb_errors
    def mark_sent(self, followup_id: str, item: str, message_id: str | None, now: datetime) -> None:
        """The email, the WhatsApp message or the task went out (a text needs no such write: its claim
        recorded the send). ``message_id`` None: the receipts bring the id they name (WhatsApp's)."""
        actions = [AttemptModel.state.set("sent"), AttemptModel.sent_at.set(now)]
        if message_id is not None:
            actions.append(AttemptModel.message_id.set(message_id))
        _update_existing(AttemptModel(followup_id, item), actions)

    @dynamodb_errors
    def mark_failed(self, followup_id: str, item: str, error: str) -> None:
        """The provider refused before sending: nothing went out, so nothing counts for the cap."""
        actions = [
            AttemptModel.state.set("failed"),
            AttemptModel.error.set(error),
            AttemptModel.sent_at.remove(),
            AttemptModel.sms_customer_key.remove(),
        ]
        _update_existing(AttemptModel(followup_id, item), actions)

    @dynamodb_errors
    def recent_texts(self, customer_key: str, since: datetime, excluding: str) -> tuple[datetime, ...]:
        """When each other follow-up texted this customer after ``since``: one time per follow-up.

        One Query of the sparse ``by-customer-sends`` index (SMS claims only; a claim released or
        refused leaves it). Retries of one follow-up count once; ``excluding`` (the follow-up being
        planned) not at all. The index is eventually consistent: a text claimed a moment ago may be
        missing, which the cap tolerates (it is a courtesy limit, not a guarantee).
        """
        first: dict[str, datetime] = {}
        for model in AttemptModel.customer_sends_index.query(customer_key, AttemptModel.sent_at > since):
            if model.followup_id != excluding and model.sent_at is not None:
                first[model.followup_id] = min(model.sent_at, first.get(model.followup_id, model.sent_at))
        return tuple(sorted(first.values()))

    @dynamodb_errors
    def mark_resolved(self, followup_id: str, item: str, final_status: str) -> bool:
        """True only for the first caller: that caller alone sends SendTaskSuccess/Failure (never for
        an attempt that does not exist: erased, or never claimed)."""
        actions = [AttemptModel.resolved_at.set(_now()), AttemptModel.final_status.set(final_status)]
        return _update_existing(
            AttemptModel(followup_id, item), actions, AttemptModel.resolved_at.does_not_exist()
        )

    @dynamodb_errors
    def get_attempt(self, followup_id: str, item: str) -> AttemptView | None:
        try:
            return attempt_view(AttemptModel.get(followup_id, item, consistent_read=True))
        except AttemptModel.DoesNotExist:
            return None

    @dynamodb_errors
    def attempts(self, followup_id: str) -> list[AttemptView]:
        """Every attempt of a follow-up, in the order they were made."""
        query = AttemptModel.query(
            followup_id, AttemptModel.item.startswith(ATTEMPT_PREFIX), consistent_read=True
        )
        views = [attempt_view(model) for model in query]
        return sorted(views, key=lambda v: (v.claimed_at or _UNCLAIMED, v.number, v.item))
