"""Models of the contact records (CTR) Amazon Connect streams to Kinesis; field names as AWS spells them.

Apart from the contact events (connect.py), so the records handler does not load the EventBridge
envelope models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from aftercall.domain.call import TRANSFER_LEGS, CallEnded, Source, instance_id_from_arn
from aftercall.events.bounds import AwsTime
from aftercall.events.loose import Loose


class RecordEndpoint(Loose):
    Address: str | None = None
    Type: str | None = None


class RecordAgent(Loose):
    ConnectedToAgentTimestamp: AwsTime | None = None


class RecordQueue(Loose):
    Name: str | None = None  # any length: only a metric dimension is cut from it


class ContactRecord(Loose):
    """A contact record (CTR) as streamed to Kinesis; field names as AWS spells them."""

    ContactId: str = Field(min_length=1, max_length=256)  # Connect's limit; also a DynamoDB key
    Channel: str
    InstanceARN: str
    InitiationMethod: str = ""
    LastUpdateTimestamp: AwsTime
    DisconnectTimestamp: AwsTime | None = None
    Agent: RecordAgent | None = None
    CustomerEndpoint: RecordEndpoint | None = None
    Attributes: dict[str, str | None] = Field(default_factory=dict)
    PreviousContactId: str | None = None
    TransferCompletedTimestamp: AwsTime | None = None
    TransferredToEndpoint: dict[str, Any] | None = None
    Queue: RecordQueue | None = None

    @classmethod
    def from_bytes(cls, data: bytes) -> ContactRecord:
        """Parse decoded Kinesis data; raises ValidationError (or ValueError) when malformed: not UTF-8,
        not JSON, nested past the recursion limit, or text no UTF-8 store can hold (a lone surrogate)."""
        try:
            parsed = json.loads(data)
            if b"\\u" in data:  # an escape may stand for half a surrogate pair
                json.dumps(parsed, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ValueError("JSON nested too deep") from None
        return cls.model_validate(parsed)


def call_from_record(record: ContactRecord) -> CallEnded:
    """A contact record as a CallEnded; LastUpdateTimestamp orders its copies."""
    endpoint = record.CustomerEndpoint
    number = endpoint.Address if endpoint and endpoint.Type == "TELEPHONE_NUMBER" else None
    return CallEnded(
        contact_id=record.ContactId,
        instance_id=instance_id_from_arn(record.InstanceARN),
        channel=record.Channel.upper(),
        initiation_method=record.InitiationMethod.upper(),
        ended_at=record.DisconnectTimestamp or record.LastUpdateTimestamp,
        last_update=record.LastUpdateTimestamp,
        source=Source.CONTACT_RECORD,
        agent_connected=bool(record.Agent and record.Agent.ConnectedToAgentTimestamp),
        transferred=bool(record.TransferCompletedTimestamp or record.TransferredToEndpoint)
        or record.InitiationMethod.upper() in TRANSFER_LEGS,
        transferred_out=bool(record.TransferCompletedTimestamp or record.TransferredToEndpoint),
        customer_number=number or None,
        attributes={k: v for k, v in record.Attributes.items() if v is not None},
        previous_contact_id=record.PreviousContactId,
        queue=record.Queue.Name or "" if record.Queue else "",
    )
