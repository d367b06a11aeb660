"""Between the followups table's items and the domain's follow-up values (adapters/followup_store.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aftercall.adapters.tables import AttemptModel, StatusEntry
from aftercall.domain.followup import AttemptView, SmsText, StatusUpdate, parse_attempt_item


def append_actions(update: StatusUpdate) -> list[Any]:
    """Append ``update`` to the history, remember its event id, and keep the provider's message id."""
    entry = StatusEntry(
        status=update.status,
        at=update.at,
        final=update.final,
        source=update.source,
        event_id=update.event_id,
    )
    actions: list[Any] = [
        AttemptModel.history.set((AttemptModel.history | []).append([entry])),
        AttemptModel.event_ids.add({update.event_id}),
    ]
    if update.message_id:
        actions.append(AttemptModel.message_id.set(update.message_id))
    return actions


def attempt_view(model: AttemptModel) -> AttemptView:
    channel, number = parse_attempt_item(model.item)
    history = tuple(
        StatusUpdate(
            status=str(e.status),
            at=e.at,
            final=bool(e.final),
            source=str(e.source or ""),
            event_id=str(e.event_id or ""),
            message_id=model.message_id,
        )
        for e in model.history or []
    )
    return AttemptView(
        followup_id=model.followup_id,
        item=model.item,
        channel=model.channel or channel,
        number=int(model.number or number),
        state=model.state or "",
        task_token=model.task_token,
        message_id=model.message_id,
        final_status=model.final_status,
        resolved=model.resolved_at is not None,
        claimed_at=model.claimed_at,
        history=history,
        receipt_key=model.receipt_key,
    )


def sms_to_map(sms: SmsText | None) -> dict[str, object] | None:
    if sms is None:
        return None
    return {
        "sms_text": sms.text,
        "sms_parts": sms.parts,
        "sms_encoding": sms.encoding,
        "template_id": sms.template_id,
    }


def sms_from_map(data: dict[str, Any] | None) -> SmsText | None:
    if not data or "sms_text" not in data:
        return None
    return SmsText(
        text=str(data["sms_text"]),
        parts=int(data.get("sms_parts") or 0),
        encoding=str(data.get("sms_encoding") or ""),
        template_id=str(data.get("template_id") or ""),
    )


def parse_time(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
