"""The one value every trigger is normalised into: a call (contact) has ended."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

TRANSFER_LEGS = frozenset({"TRANSFER", "QUEUE_TRANSFER"})  # initiation methods of legs a transfer created


class Source(StrEnum):
    CONTACT_EVENT = "contact_event"
    CONTACT_RECORD = "contact_record"


@dataclass(frozen=True, slots=True)
class CallEnded:
    """A contact that has ended, as far as aftercall needs to know it.

    ``last_update`` orders copies of the same contact: the newest one wins in the memo store.
    ``customer_number`` is the raw endpoint address as Connect sent it (not yet validated).
    """

    contact_id: str
    instance_id: str
    channel: str
    initiation_method: str
    ended_at: datetime
    last_update: datetime
    source: Source
    agent_connected: bool
    transferred: bool = False  # any leg of a transferred call (handed on, or handed to)
    transferred_out: bool = False  # handed on to another leg: that later leg is followed up
    customer_number: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    previous_contact_id: str | None = None
    has_attributes: bool = True
    queue: str = ""  # the queue's name (contact records) or id (contact events): a metric dimension

    @property
    def needs_contact_details(self) -> bool:
        """A contact event may lack the number or the attributes: DescribeContact fills them."""
        return self.customer_number is None or not self.has_attributes


def instance_id_from_arn(arn: str) -> str:
    """``arn:aws:connect:REGION:ACCOUNT:instance/ID[/...]`` → ``ID``."""
    marker = ":instance/"
    if marker not in arn:
        return ""
    return arn.split(marker, 1)[1].split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """What Connect's DescribeContact tells about a call: the number, attributes, a transfer."""

    customer_number: str | None
    attributes: dict[str, str] = field(default_factory=dict)
    transferred_out: bool = False  # DescribeContact lists a next contact (a transfer leg)
