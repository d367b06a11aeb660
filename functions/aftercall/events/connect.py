"""Models of the contact events Amazon Connect sends through EventBridge (records: contact_record.py).

Only the fields aftercall reads are declared; everything else is allowed and ignored. Timestamps are
parsed to aware datetimes. The documentation's samples capitalise some keys that real events send in
camelCase (``AgentInfo`` vs ``agentInfo``): both are accepted.
"""

from __future__ import annotations

from datetime import datetime

from aws_lambda_powertools.utilities.parser.models import EventBridgeModel
from pydantic import AliasChoices, Field, field_validator

from aftercall.domain.call import CallEnded, Source, instance_id_from_arn
from aftercall.events.loose import Loose


class EventEndpoint(Loose):
    address: str | None = Field(default=None, validation_alias=AliasChoices("address", "Address"))
    type: str | None = Field(default=None, validation_alias=AliasChoices("type", "Type"))


class EventAgentInfo(Loose):
    connected_at: datetime | None = Field(
        default=None,
        validation_alias=AliasChoices("connectedToAgentTimestamp", "ConnectedToAgentTimestamp"),
    )
    acw_ended_at: datetime | None = Field(
        default=None,
        validation_alias=AliasChoices("afterContactWorkEndTimestamp", "AfterContactWorkEndTimestamp"),
    )


class ContactEventDetail(Loose):
    event_type: str = Field(validation_alias=AliasChoices("eventType", "EventType"))
    contact_id: str = Field(
        min_length=1, max_length=256, validation_alias=AliasChoices("contactId", "ContactId")
    )
    channel: str = Field(validation_alias=AliasChoices("channel", "Channel"))
    instance_arn: str = Field(validation_alias=AliasChoices("instanceArn", "InstanceArn"))
    initiation_method: str = Field(
        default="", validation_alias=AliasChoices("initiationMethod", "InitiationMethod")
    )
    disconnected_at: datetime | None = Field(
        default=None, validation_alias=AliasChoices("disconnectTimestamp", "DisconnectTimestamp")
    )
    previous_contact_id: str | None = Field(
        default=None, validation_alias=AliasChoices("previousContactId", "PreviousContactId")
    )
    agent_info: EventAgentInfo | None = Field(
        default=None, validation_alias=AliasChoices("agentInfo", "AgentInfo")
    )
    customer_endpoint: EventEndpoint | None = Field(
        default=None, validation_alias=AliasChoices("customerEndpoint", "CustomerEndpoint")
    )
    # Not in today's documented payload; used when present so DescribeContact can be skipped.
    attributes: dict[str, str] | None = Field(
        default=None, validation_alias=AliasChoices("attributes", "Attributes", "contactAttributes")
    )

    @field_validator("channel", "event_type", "initiation_method")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class ContactEventModel(EventBridgeModel):
    """EventBridge "Amazon Connect Contact Event"."""

    detail: ContactEventDetail


def call_from_event(event: ContactEventModel) -> CallEnded:
    """A COMPLETED contact event as a CallEnded; the event's time orders it against records."""
    d = event.detail
    agent = d.agent_info
    ended_at = d.disconnected_at or event.time
    endpoint = d.customer_endpoint
    number = (
        endpoint.address if endpoint and (endpoint.type or "TELEPHONE_NUMBER") == "TELEPHONE_NUMBER" else None
    )
    return CallEnded(
        contact_id=d.contact_id,
        instance_id=instance_id_from_arn(d.instance_arn),
        channel=d.channel,
        initiation_method=d.initiation_method,
        ended_at=ended_at,
        last_update=(agent.acw_ended_at if agent and agent.acw_ended_at else None) or event.time,
        source=Source.CONTACT_EVENT,
        agent_connected=bool(agent and agent.connected_at),
        transferred=d.initiation_method == "TRANSFER",
        customer_number=number or None,
        attributes=dict(d.attributes or {}),
        previous_contact_id=d.previous_contact_id,
        has_attributes=d.attributes is not None,
    )
