"""Erasure: delete everything aftercall holds about one customer, in every table.

The customer is found by their key (the HMAC of the E.164 number, see adapters/customer_keys.py):
- memos: the contacts of the ``by-customer`` index of the memos table;
- followups: every item of those contacts' follow-ups and their reminders (``<contactId>_reminder``):
  the follow-up item (plan, composed texts, outcome) and each attempt (claim, receipts). The
  contacts also include those of every follow-up that texted the customer (the ``by-customer-sends``
  index of the followups table): found even when their memo is gone (memos and follow-ups have
  retentions of their own);
- links: detail-page tokens of those follow-ups (a scan with a filter: the table has no index by
  contact, and erasure is rare enough not to pay for one on every write);
- preferences: the customer's item (opt-out, locale, email).

Memos are deleted last: the index that finds everything else lives on them, so an erasure that
stops half-way can simply be run again. Templates hold no customer data. Nothing here logs or
returns the number or the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aftercall.adapters.aws_errors import dynamodb_errors
from aftercall.adapters.tables import AttemptModel, FollowupModel, LinkModel, MemoModel, PreferencesModel
from aftercall.domain.followup import FOLLOWUP_ITEM

REMINDER_SUFFIX = "_reminder"  # the reminder of an appointment is a follow-up of its own
_FILTER_CHUNK = 50  # contact ids per scan filter (DynamoDB allows 100 operands in an IN)


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """Counts of deleted items, per table (and per kind for the followups table)."""

    memos: int = 0
    followups: int = 0  # follow-up items, reminders included
    attempts: int = 0
    links: int = 0
    preferences: int = 0

    @property
    def total(self) -> int:
        return self.memos + self.followups + self.attempts + self.links + self.preferences


class Erasure:
    """Deletes one customer's items from the tables the models are bound to (``bind_tables``)."""

    @dynamodb_errors
    def contacts_of(self, customer_key: str) -> list[str]:
        """Contact ids of the customer's calls (every page of the index)."""
        return [item.contact_id for item in MemoModel.customer_index.query(customer_key)]

    @dynamodb_errors
    def texted_followups_of(self, customer_key: str) -> list[str]:
        """Follow-up ids with a text claimed for the customer (every page of the index)."""
        return [item.followup_id for item in AttemptModel.customer_sends_index.query(customer_key)]

    @dynamodb_errors
    def forget(self, customer_key: str) -> ErasureReport:
        memo_ids = self.contacts_of(customer_key)
        texted = {f.removesuffix(REMINDER_SUFFIX) for f in self.texted_followups_of(customer_key)}
        contact_ids = [*memo_ids, *sorted(texted - set(memo_ids))]
        followup_ids = [*contact_ids, *(f"{c}{REMINDER_SUFFIX}" for c in contact_ids)]
        links = self._delete_links(contact_ids)
        followups, attempts = self._delete_followups(followup_ids)
        preferences = self._delete_preferences(customer_key)
        memos = self._delete_memos(memo_ids)
        return ErasureReport(
            memos=memos, followups=followups, attempts=attempts, links=links, preferences=preferences
        )

    @staticmethod
    def _delete_links(contact_ids: list[str]) -> int:
        tokens: list[str] = []
        for chunk in _chunks(contact_ids, _FILTER_CHUNK):
            scan = LinkModel.scan(LinkModel.contact_id.is_in(*chunk), attributes_to_get=["token"])
            tokens.extend(link.token for link in scan)
        with LinkModel.batch_write() as batch:
            for token in tokens:
                batch.delete(LinkModel(token))
        return len(tokens)

    @staticmethod
    def _delete_followups(followup_ids: list[str]) -> tuple[int, int]:
        """Every item of each follow-up partition: (follow-up items, attempt items)."""
        keys: list[tuple[str, str]] = []
        for followup_id in followup_ids:
            query = FollowupModel.query(followup_id, attributes_to_get=["followup_id", "item"])
            keys.extend((item.followup_id, item.item) for item in query)
        with FollowupModel.batch_write() as batch:
            for followup_id, item in keys:
                batch.delete(FollowupModel(followup_id, item))
        followups = sum(1 for _, item in keys if item == FOLLOWUP_ITEM)
        return followups, len(keys) - followups

    @staticmethod
    def _delete_preferences(customer_key: str) -> int:
        try:
            PreferencesModel.get(customer_key, attributes_to_get=["customer_key"])
        except PreferencesModel.DoesNotExist:
            return 0
        PreferencesModel(customer_key).delete()
        return 1

    @staticmethod
    def _delete_memos(contact_ids: list[str]) -> int:
        with MemoModel.batch_write() as batch:
            for contact_id in contact_ids:
                batch.delete(MemoModel(contact_id))
        return len(contact_ids)


def _chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
