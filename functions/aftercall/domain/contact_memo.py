"""What aftercall keeps per contact: the call's facts, the memo, its findings and eligibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from aftercall.domain.memo import Memo
from aftercall.domain.memo_findings import Finding
from aftercall.domain.phone import PhoneNumber


@dataclass(frozen=True, slots=True)
class ContactMemo:
    """A stored memo with the contact it belongs to and the lint findings stored with it."""

    contact_id: str
    instance_id: str
    channel: str
    initiation_method: str
    ended_at: datetime
    last_update: datetime
    source: str
    memo: Memo
    findings: tuple[Finding, ...] = ()
    phone: PhoneNumber | None = None
    customer_key: str | None = None
    previous_contact_id: str | None = None
    skip_reason: str | None = None  # set at ingestion when the contact is not followed up
    saved_at: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)
