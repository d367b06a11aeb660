"""One typical call memo, for tests that need a memo rather than a particular one.

The three forms describe the same memo: ``memo_attributes()`` is what the agent's contact flow
writes (the documented ``aftercall_*`` contact attributes), ``sample_memo()`` is what aftercall
reads from them, and ``sample_contact_memo()`` is that memo stored for a call. A test that makes
its point with a particular memo (a golden text, a length limit, an English text) keeps its own.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import ATTRIBUTE_PREFIX, Memo, MemoKey
from aftercall.domain.phone import parse_phone

SAMPLE_PHONE = "+821023456789"  # a Korean mobile number that parses as one
SAMPLE_CALL_ENDED = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

_MEMO = Memo(
    purpose="카드 결제 취소 문의",
    status="취소 접수 완료, 카드사 반영 대기",
    desired_outcome="3영업일 내 환불 확인",
    consent=True,
)
_ATTRIBUTES = {
    MemoKey.PURPOSE: _MEMO.purpose,
    MemoKey.STATUS: _MEMO.status,
    MemoKey.DESIRED_OUTCOME: _MEMO.desired_outcome,
    MemoKey.CONSENT: "yes",
}


def sample_memo(**changes: Any) -> Memo:
    """The typical memo (the three required fields and the customer's consent), with ``changes``."""
    return dataclasses.replace(_MEMO, **changes)


def memo_attributes(**changes: str | None) -> dict[str, str]:
    """The typical memo as contact attributes. A change is named by its key without the prefix
    (``status="..."``, ``appointment_at="..."``); None leaves the attribute out. A name the memo
    does not document is a ValueError, so a typo cannot pass as an ignored attribute."""
    attributes = {key.value: value for key, value in _ATTRIBUTES.items()}
    for name, value in changes.items():
        key = MemoKey(ATTRIBUTE_PREFIX + name).value
        if value is None:
            attributes.pop(key, None)
        else:
            attributes[key] = value
    return attributes


def sample_contact_memo(
    contact_id: str = "c-1", phone: str | None = SAMPLE_PHONE, memo: Memo | None = None, **changes: Any
) -> ContactMemo:
    """A voice call's stored memo (by default the typical one) from ``phone`` (None: no usable number);
    ``changes`` set any other ContactMemo field (times, customer key, source...)."""
    fields: dict[str, Any] = {
        "instance_id": "instance-1",
        "channel": "VOICE",
        "initiation_method": "INBOUND",
        "ended_at": SAMPLE_CALL_ENDED,
        "last_update": SAMPLE_CALL_ENDED,
        "source": "contact_record",
        "phone": parse_phone(phone) if phone else None,
    }
    return ContactMemo(
        contact_id=contact_id, memo=sample_memo() if memo is None else memo, **(fields | changes)
    )
