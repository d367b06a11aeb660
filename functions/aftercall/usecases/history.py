"""The customer's history for the next agent: the last calls' memos and what became of each follow-up.

Looked up by the keyed customer hash (the number itself is never stored anywhere new); an unknown or
withheld number has no history. One index query and two reads per call (memo, follow-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aftercall.domain.history import PastCall
from aftercall.domain.kinds import FOLLOWUP
from aftercall.domain.phone import InvalidPhoneNumber, parse_phone
from aftercall.domain.policy import followup_id_for
from aftercall.observability import logger
from aftercall.usecases.ports import Followups, Keyer, MemoHistory, MemoReader


@dataclass
class CustomerHistory:
    """A calling customer's last calls and their follow-ups, for the agent."""

    memos: MemoReader
    index: MemoHistory
    followups: Followups
    keyer: Keyer
    default_region: str
    limit: int
    days: int
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __call__(self, number: str, current_contact_id: str = "") -> list[PastCall]:
        try:
            phone = parse_phone(number, self.default_region)
        except InvalidPhoneNumber:
            logger.info("history: no usable caller number")  # withheld, anonymous or not a number
            return []
        since = self.clock() - timedelta(days=self.days)
        # One more than asked: the current contact may already be in the index (a transfer's leg).
        ids = self.index.history(self.keyer.key_for(phone.e164), since, self.limit + 1)
        calls: list[PastCall] = []
        for contact_id in ids:
            if contact_id == current_contact_id or len(calls) == self.limit:
                continue
            record = self.memos.get(contact_id)
            if record is None:  # expired between the query and the read
                continue
            followup = self.followups.get(followup_id_for(contact_id, FOLLOWUP))
            if followup is not None:
                outcome: str | None = followup.outcome
            else:  # skipped at ingestion (not followed up): no follow-up item
                outcome = f"skipped:{record.skip_reason}" if record.skip_reason else None
            calls.append(
                PastCall(
                    contact_id=contact_id,
                    ended_at=record.ended_at,
                    memo=record.memo,
                    followup_outcome=outcome,
                    has_followup=followup is not None or record.skip_reason is not None,
                    appointment_confirmed=bool(followup and followup.appointment_confirmed_at),
                )
            )
        logger.info("history read", calls=len(calls))
        return calls
