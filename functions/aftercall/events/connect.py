"""Models of the contact events Amazon Connect sends through EventBridge (records: contact_record.py).

Only the fields aftercall reads are declared; everything else is allowed and ignored. Timestamps are
parsed to aware datetimes (UTC when a time carries no zone). Keys are matched in any casing: the
documentation's samples capitalise some keys that real events send in camelCase (``AgentInfo`` vs
``agentInfo``).
"""

from __future__ import annotations

import re
from typing import Any

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import AliasChoices, Field, field_validator

from aftercall.domain.call import TRANSFER_LEGS, CallEnded, Source, instance_id_from_arn
from aftercall.events.bounds import AwsTime
from aftercall.events.loose import AnyCase


class EventEndpoint(AnyCase):
    address: str | None = None
    type: str | None = None


class EventAgentInfo(AnyCase):
    connected_at: AwsTime | None = Field(default=None, validation_alias="connectedToAgentTimestamp")
    acw_ended_at: AwsTime | None = Field(default=None, validation_alias="afterContactWorkEndTimestamp")


class EventQueueInfo(AnyCase):
    queue_arn: str | None = Field(default=None, validation_alias="queueArn")


class ContactEventDetail(AnyCase):
    event_type: str = Field(validation_alias="eventType")
    contact_id: str = Field(min_length=1, max_length=256, validation_alias="contactId")
    channel: str
    instance_arn: str = Field(validation_alias="instanceArn")
    initiation_method: str = Field(default="", validation_alias="initiationMethod")
    disconnected_at: AwsTime | None = Field(default=None, validation_alias="disconnectTimestamp")
    previous_contact_id: str | None = Field(default=None, validation_alias="previousContactId")
    agent_info: EventAgentInfo | None = Field(default=None, validation_alias="agentInfo")
    queue_info: EventQueueInfo | None = Field(default=None, validation_alias="queueInfo")
    customer_endpoint: EventEndpoint | None = Field(default=None, validation_alias="customerEndpoint")
    # Not in today's documented payload; used when present so DescribeContact can be skipped.
    attributes: dict[str, str] | None = Field(
        default=None, validation_alias=AliasChoices("attributes", "contactAttributes")
    )

    @field_validator("channel", "event_type", "initiation_method")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class ContactEventModel(EventBridgeModel):
    """EventBridge "Amazon Connect Contact Event"."""

    time: AwsTime
    detail: ContactEventDetail


def call_from_event(event: ContactEventModel) -> CallEnded:
    """A COMPLETED contact event as a CallEnded; the event's time orders it against records."""
    d = event.detail
    agent = d.agent_info
    ended_at = d.disconnected_at or event.time
    endpoint = d.customer_endpoint
    telephone = endpoint and (endpoint.type or "TELEPHONE_NUMBER").upper() == "TELEPHONE_NUMBER"
    number = endpoint.address if endpoint and telephone else None
    return CallEnded(
        contact_id=d.contact_id,
        instance_id=instance_id_from_arn(d.instance_arn),
        channel=d.channel,
        initiation_method=d.initiation_method,
        ended_at=ended_at,
        last_update=(agent.acw_ended_at if agent and agent.acw_ended_at else None) or event.time,
        source=Source.CONTACT_EVENT,
        agent_connected=bool(agent and agent.connected_at),
        transferred=d.initiation_method in TRANSFER_LEGS,
        customer_number=number or None,
        attributes=dict(d.attributes or {}),
        previous_contact_id=d.previous_contact_id,
        has_attributes=d.attributes is not None,
        queue=(d.queue_info.queue_arn or "").rsplit("/", 1)[-1] if d.queue_info else "",
    )


# Dead letters of a contact event carry where to find it (EventBridge's event id and time, the
# contact), and only values of the shape AWS gives them: a fuzzed or forged field never copies
# content (a number, an address) into the queue.
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")


def event_location(event: Any) -> dict[str, str]:
    """Where a contact event can be found again (EventBridge archive, Connect): ids and time only."""
    envelope = event if isinstance(event, dict) else {}
    detail = envelope.get("detail")
    contact = None
    if isinstance(detail, dict):
        contact = next((v for k, v in detail.items() if str(k).lower() == "contactid"), None)
    return {
        "eventId": _shaped(envelope.get("id"), _UUID),
        "time": _shaped(envelope.get("time"), _TIME),
        "contactId": _shaped(contact, _UUID),
    }


def _shaped(value: Any, shape: re.Pattern[str]) -> str:
    return value if isinstance(value, str) and shape.fullmatch(value) else ""
