"""Receipts on the followups table: each appended once, only to an attempt we sent, a bounded history.

A mix-in of ``FollowupStore`` (adapters/followup_store.py), which owns the claims; the receipt
handler's port (``usecases.ports.AttemptHistory``) is these methods and two of the store's.

Only a receipt about a send we made is appended. Every condition below is part of the write, so
nothing is read before it:
- the attempt is claimed (the claim is written, and acknowledged, before the provider is called, so
  a genuine receipt always finds it), on the receipt's channel;
- the receipt carries the claim's receipt key: an unguessable value the claim wrote and the send put
  in the SMS Context or the SES mail tags, which the provider echoes on every event (an attempt
  claimed without a key, before keys existed, takes only receipts without one);
- once a receipt recorded the provider's message id, every later one names the same message
  (legacy SMS events, which carry no Context, are matched by that id and need nothing else);
- the history holds fewer than ``MAX_HISTORY`` entries.
When the write is refused, one consistent read tells a receipt that is not ours (None: ignored) from
a duplicate or a full history (the attempt is returned; the caller sees the event is not on it).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import Condition, size

from aftercall.adapters.aws_errors import condition_failed, dynamodb_errors
from aftercall.adapters.followup_items import append_actions, attempt_view
from aftercall.adapters.tables import AttemptModel
from aftercall.domain.followup import MAX_HISTORY, AttemptView, StatusUpdate


def _ours(update: StatusUpdate) -> Condition:
    """The condition that ``update`` is about the send this attempt made (see the module's list)."""
    if update.by_message_id:
        return AttemptModel.message_id == update.message_id
    ours = AttemptModel.claimed_at.exists() & (AttemptModel.channel == update.source)
    if update.key:
        ours &= AttemptModel.receipt_key == update.key
    else:
        ours &= AttemptModel.receipt_key.does_not_exist()
    if update.message_id:
        ours &= AttemptModel.message_id.does_not_exist() | (AttemptModel.message_id == update.message_id)
    return ours


def owns(view: AttemptView, update: StatusUpdate) -> bool:
    """``_ours`` on an attempt read back after a refused write."""
    if update.by_message_id:
        return view.message_id == update.message_id
    return (
        view.claimed
        and view.channel == update.source
        and view.receipt_key == (update.key or None)
        and (view.message_id is None or view.message_id == update.message_id)
    )


def _room() -> Condition:
    return AttemptModel.history.does_not_exist() | (size(AttemptModel.history) < MAX_HISTORY)


class ReceiptHistory:
    """The receipt side of the followups table (mixed into ``FollowupStore``)."""

    _retention: timedelta

    @dynamodb_errors
    def append_status(self, followup_id: str, item: str, update: StatusUpdate) -> AttemptView | None:
        """Append one receipt to the attempt's history, once per ``event_id``, if it is ours and fits.

        None when the receipt is not about a send this attempt made (never claimed, another channel,
        another receipt key or message): nothing is written, no item is created. Otherwise the
        attempt as it stands, with the receipt on it unless it was a duplicate or the history is full.
        """
        condition = _ours(update) & ~AttemptModel.event_ids.contains(update.event_id) & _room()
        model = AttemptModel(followup_id, item)
        try:
            model.update(actions=append_actions(update), condition=condition)
        except UpdateError as exc:
            if not condition_failed(exc):
                raise
            view = self.get_attempt(followup_id, item)
            return view if view is not None and owns(view, update) else None
        return attempt_view(model)

    @dynamodb_errors
    def append_and_resolve(self, followup_id: str, item: str, update: StatusUpdate) -> AttemptView | None:
        """Append a final receipt and resolve the attempt in one conditional write, when it can win.

        It wins when the receipt is ours and fits (as for ``append_status``), the attempt holds a task
        token, nobody resolved it, and this event is new; the caller then alone completes the token
        (returned in the view). None otherwise, with nothing written: the caller takes
        ``append_status``.
        """
        actions: list[Any] = [
            *append_actions(update),
            AttemptModel.resolved_at.set(datetime.now(UTC)),
            AttemptModel.final_status.set(update.status),
        ]
        condition = (
            _ours(update)
            & AttemptModel.task_token.exists()
            & AttemptModel.resolved_at.does_not_exist()
            & ~AttemptModel.event_ids.contains(update.event_id)
            & _room()
        )
        model = AttemptModel(followup_id, item)
        try:
            model.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if condition_failed(exc):
                return None
            raise
        return attempt_view(model)

    @dynamodb_errors
    def find_by_message_id(self, message_id: str) -> AttemptView | None:
        """The attempt a receipt without our context is about, once a receipt recorded its message id."""
        for model in AttemptModel.message_index.query(message_id, limit=1):
            return attempt_view(model)
        return None

    def get_attempt(self, followup_id: str, item: str) -> AttemptView | None:
        raise NotImplementedError  # FollowupStore's
