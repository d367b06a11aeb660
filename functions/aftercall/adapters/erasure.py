"""Erasure: stop one customer's running executions, then delete everything aftercall holds about them.

The customer is found by their key (the HMAC of the E.164 number, see adapters/customer_keys.py).
Their contacts are:
- those of the ``by-customer`` index of the memos table;
- those of every follow-up that texted the customer (the ``by-customer-sends`` index of the
  followups table: SMS claims);
- those of every follow-up planned for the customer, found by the ``customer_key`` every follow-up
  item carries from its plan: a filtered Scan of the followups table. It finds the follow-ups with
  no SMS claim (skipped, email or task only) whose memo is already gone (memos and follow-ups have
  retentions of their own). A Scan reads the whole table (at most the follow-ups of the retention,
  400 days by default) once per erasure; a global index on ``customer_key`` would cost a write on
  every plan forever to save that rare read, and change the table's schema.
First the executions named after those contacts that still run are stopped (``WorkflowStopper``),
so none of their steps writes the follow-up again once it is deleted; a step that was already
running when its execution stopped finds the item gone (the stores write only to existing items).
Then, per table:
- links: detail-page tokens of those contacts (a scan with a filter: the table has no index by
  contact, and erasure is rare enough not to pay for one on every write);
- followups: every item of those contacts' follow-ups and their reminders (``<contactId>_reminder``):
  the follow-up item (plan, composed texts, outcome) and each attempt (claim, receipts);
- preferences: the customer's item (opt-out, locale, email);
- memos: last, since the index that finds most of the rest lives on them, so an erasure that stops
  half-way can simply be run again.
Templates hold no customer data. Nothing here logs or returns the number or the key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aftercall.adapters.aws_errors import dynamodb_errors
from aftercall.adapters.tables import (
    FOLLOWUP_ITEM,
    AttemptModel,
    FollowupModel,
    LinkModel,
    MemoModel,
    PreferencesModel,
)
from aftercall.adapters.workflow_stopper import WorkflowStopper

REMINDER_SUFFIX = "_reminder"  # the reminder of an appointment is a follow-up of its own
_FILTER_CHUNK = 50  # contact ids per scan filter (DynamoDB allows 100 operands in an IN)


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """Counts of deleted items, per table (and per kind for the followups table)."""

    executions: int = 0  # running executions stopped
    memos: int = 0
    followups: int = 0  # follow-up items, reminders included
    attempts: int = 0
    links: int = 0
    preferences: int = 0

    @property
    def total(self) -> int:
        return self.memos + self.followups + self.attempts + self.links + self.preferences


class Erasure:
    """Deletes one customer's items from the tables the models are bound to (``bind_tables``).

    ``executions`` stops their running executions first; None only where none can run (tables
    without a deployed workflow).
    """

    def __init__(self, executions: WorkflowStopper | None) -> None:
        self._executions = executions

    @dynamodb_errors
    def contacts_of(self, customer_key: str) -> list[str]:
        """Contact ids of the customer's calls (every page of the index)."""
        return [item.contact_id for item in MemoModel.customer_index.query(customer_key)]

    @dynamodb_errors
    def texted_followups_of(self, customer_key: str) -> list[str]:
        """Follow-up ids with a text claimed for the customer (every page of the index)."""
        return [item.followup_id for item in AttemptModel.customer_sends_index.query(customer_key)]

    @dynamodb_errors
    def planned_contacts_of(self, customer_key: str) -> list[str]:
        """Contact ids of every follow-up planned for the customer (a filtered Scan, every page)."""
        condition = (FollowupModel.item == FOLLOWUP_ITEM) & (FollowupModel.customer_key == customer_key)
        scan = FollowupModel.scan(condition, attributes_to_get=["followup_id", "item", "contact_id"])
        return [item.contact_id for item in scan]

    @dynamodb_errors
    def forget(self, customer_key: str) -> ErasureReport:
        memo_ids = self.contacts_of(customer_key)
        others = {f.removesuffix(REMINDER_SUFFIX) for f in self.texted_followups_of(customer_key)}
        others |= set(self.planned_contacts_of(customer_key))
        contact_ids = [*memo_ids, *sorted(others - set(memo_ids))]
        executions = self._executions.stop(contact_ids) if self._executions else 0
        followup_ids = [*contact_ids, *(f"{c}{REMINDER_SUFFIX}" for c in contact_ids)]
        links = self._delete_links(contact_ids)
        followups, attempts = self._delete_followups(followup_ids)
        preferences = self._delete_preferences(customer_key)
        memos = self._delete_memos(memo_ids)
        return ErasureReport(
            executions=executions,
            memos=memos,
            followups=followups,
            attempts=attempts,
            links=links,
            preferences=preferences,
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
