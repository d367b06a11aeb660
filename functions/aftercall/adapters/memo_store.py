"""The memo table: the newest copy of a contact wins, through a conditional write."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import PutError

from aftercall.adapters.aws_errors import condition_failed, dynamodb_errors
from aftercall.adapters.tables import MemoModel
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.phone import LineType, PhoneNumber


class MemoStore:
    @dynamodb_errors
    def save_if_newer(self, record: ContactMemo, retention: timedelta, now: datetime) -> bool:
        """Write ``record`` unless a copy with the same or a newer LastUpdateTimestamp is stored.

        Returns True when written. Equal timestamps are identical re-deliveries: not rewritten.
        """
        item = _to_item(record, retention, now)
        condition = MemoModel.contact_id.does_not_exist() | (MemoModel.last_update < record.last_update)
        try:
            item.save(condition=condition)
        except PutError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    @dynamodb_errors
    def get(self, contact_id: str) -> ContactMemo | None:
        try:
            item = MemoModel.get(contact_id, consistent_read=True)
        except MemoModel.DoesNotExist:
            return None
        return _from_item(item)

    @dynamodb_errors
    def history(self, customer_key: str, since: datetime, limit: int) -> list[str]:
        """Contact ids of a customer's calls that ended at or after ``since``, newest first."""
        query = MemoModel.customer_index.query(
            customer_key,
            MemoModel.ended_at >= since,  # the index sort key, by the same name
            scan_index_forward=False,
            limit=limit,
        )
        return [item.contact_id for item in query]


def _to_item(record: ContactMemo, retention: timedelta, now: datetime) -> MemoModel:
    memo = record.memo
    phone = record.phone
    return MemoModel(
        record.contact_id,
        last_update=record.last_update,
        ended_at=record.ended_at,
        source=record.source,
        instance_id=record.instance_id,
        channel=record.channel,
        initiation_method=record.initiation_method,
        previous_contact_id=record.previous_contact_id,
        customer_key=record.customer_key,
        phone_e164=phone.e164 if phone else None,
        phone_region=phone.region if phone else None,
        line_type=phone.line_type.value if phone else None,
        phone_time_zone=phone.time_zone if phone else None,
        email=memo.email,
        memo={
            **memo.customer_fields(),
            "agent_note": memo.agent_note,
            **({"free_text": memo.free_text} if memo.free_text else {}),
            **memo.extra,
        },
        strategy=memo.strategy.value if memo.strategy else None,
        locale=memo.locale,
        consent=memo.consent,
        appointment=(
            {"at": memo.appointment.at, "place": memo.appointment.place, "bring": memo.appointment.bring}
            if memo.appointment
            else None
        ),
        links=list(memo.links),
        findings=[f.to_dict() for f in record.findings],
        skip_reason=record.skip_reason,
        saved_at=now,
        expires_at=now + retention,
    )


def _plain(value: Any) -> dict[str, Any]:
    """Raw MapAttributes come back as MapAttribute or as dict depending on nesting: normalise."""
    return dict(value.as_dict()) if hasattr(value, "as_dict") else dict(value or {})


def _from_item(item: MemoModel) -> ContactMemo:
    fields = _plain(item.memo)
    known = {*Memo().customer_fields(), "agent_note", "free_text"}
    appointment = _plain(item.appointment) if item.appointment else None
    memo = Memo(
        purpose=fields.get("purpose", ""),
        status=fields.get("status", ""),
        desired_outcome=fields.get("desired_outcome", ""),
        occurred_at=fields.get("occurred_at", ""),
        problem=fields.get("problem", ""),
        progress=fields.get("progress", ""),
        agent_note=fields.get("agent_note", ""),
        free_text=fields.get("free_text", ""),
        strategy=Strategy(item.strategy) if item.strategy else None,
        appointment=Appointment(**appointment) if appointment else None,
        links=tuple(item.links or ()),
        consent=item.consent,
        locale=item.locale,
        email=item.email,
        extra={k: v for k, v in fields.items() if k not in known},
    )
    phone = (
        PhoneNumber(
            item.phone_e164,
            item.phone_region or "",
            LineType(item.line_type or "other"),
            item.phone_time_zone,
        )
        if item.phone_e164
        else None
    )
    findings = tuple(
        Finding(Rule(f["rule"]), f["field"], f.get("phrase", ""))
        for f in (_plain(x) for x in item.findings or [])
    )
    return ContactMemo(
        contact_id=item.contact_id,
        instance_id=item.instance_id,
        channel=item.channel,
        initiation_method=item.initiation_method,
        ended_at=item.ended_at,
        last_update=item.last_update,
        source=item.source,
        memo=memo,
        findings=findings,
        phone=phone,
        customer_key=item.customer_key,
        previous_contact_id=item.previous_contact_id,
        skip_reason=item.skip_reason,
        saved_at=item.saved_at,
    )
