"""What a dead letter of the ingest or receipts queue holds, and how to process it again.

Two shapes reach these queues (local/dead_letters.py, adapters/dead_letters.py):

- Lambda's on-failure record of a failed asynchronous invocation (``requestContext.functionArn``,
  ``requestPayload``): the whole event, replayed by invoking the same function with it.
- Our metadata-only letter (``source``, ``error`` and where the input can be found again), which
  never holds the payload, so the source is re-read: a ``contact_record`` from its Kinesis stream
  (while the stream still holds the sequence number), a ``contact_event`` from Connect through
  DescribeContact (the contact's channel, times and queue, rebuilt as the COMPLETED event).

Nothing here prints or returns a payload: a ``Letter`` names its kind and its ids only.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

INVOCATION = "invocation"
CONTACT_RECORD = "contact_record"
CONTACT_EVENT = "contact_event"


@dataclass(frozen=True)
class Letter:
    """One dead letter: its kind, a printable reference (ids only) and what replaying needs."""

    kind: str
    reference: str
    function_arn: str = ""  # invocation records: the function that failed
    payload: Any = None  # invocation records: the event (never printed)
    location: dict[str, str] = field(default_factory=dict)  # metadata letters
    error: str = ""


def read_letter(body: str) -> Letter:
    """A letter from a queue message body; an unreadable one is kind ``unknown`` (kept, reported)."""
    try:
        data = json.loads(body)
    except ValueError:
        return Letter(kind="unknown", reference="not JSON")
    if not isinstance(data, dict):
        return Letter(kind="unknown", reference="not an object")
    context = data.get("requestContext")
    if isinstance(context, dict) and "requestPayload" in data:
        arn = str(context.get("functionArn", ""))
        function = arn.split(":function:", 1)[-1].split(":", 1)[0]
        error = data.get("responsePayload")
        kind = error.get("errorType", "") if isinstance(error, dict) else ""
        return Letter(
            kind=INVOCATION,
            reference=f"{function} request {context.get('requestId', '?')}",
            function_arn=arn.rsplit(":$LATEST", 1)[0],
            payload=data["requestPayload"],
            error=str(kind),
        )
    source = data.get("source")
    location = {k: str(v) for k, v in data.items() if k not in ("source", "error")}
    if source == CONTACT_RECORD:
        return Letter(
            kind=CONTACT_RECORD,
            reference=f"stream record {location.get('sequenceNumber', '?')}",
            location=location,
            error=str(data.get("error", "")),
        )
    if source == CONTACT_EVENT:
        return Letter(
            kind=CONTACT_EVENT,
            reference=f"contact {location.get('contactId') or '?'}",
            location=location,
            error=str(data.get("error", "")),
        )
    return Letter(kind="unknown", reference=f"source {str(source)[:40]!r}")


def kinesis_event(stream_arn: str, record: dict[str, Any], region: str) -> dict[str, Any]:
    """The event Lambda's Kinesis event source gives a function, for one record read back."""
    data = record["Data"]
    return {
        "Records": [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": record["PartitionKey"],
                    "sequenceNumber": record["SequenceNumber"],
                    "data": base64.b64encode(data).decode("ascii"),
                    "approximateArrivalTimestamp": _epoch(record.get("ApproximateArrivalTimestamp")),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"shardId-replay:{record['SequenceNumber']}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": "",
                "awsRegion": region,
                "eventSourceARN": stream_arn,
            }
        ]
    }


def contact_event(contact: dict[str, Any], instance_arn: str, region: str, event_id: str) -> dict[str, Any]:
    """The COMPLETED "Amazon Connect Contact Event" rebuilt from DescribeContact's ``Contact``."""
    agent = contact.get("AgentInfo") or {}
    detail: dict[str, Any] = {
        "eventType": "COMPLETED",
        "contactId": contact["Id"],
        "channel": contact.get("Channel", "VOICE"),
        "instanceArn": instance_arn,
        "initiationMethod": contact.get("InitiationMethod", ""),
        "agentInfo": {
            "connectedToAgentTimestamp": _iso(agent.get("ConnectedToAgentTimestamp")),
            "afterContactWorkEndTimestamp": _iso(agent.get("AfterContactWorkEndTimestamp")),
        },
    }
    if contact.get("DisconnectTimestamp"):
        detail["disconnectTimestamp"] = _iso(contact["DisconnectTimestamp"])
    if contact.get("PreviousContactId"):
        detail["previousContactId"] = contact["PreviousContactId"]
    queue = (contact.get("QueueInfo") or {}).get("Id")
    if queue:
        detail["queueInfo"] = {"queueArn": f"{instance_arn}/queue/{queue}"}
    return {
        "version": "0",
        "id": event_id,
        "detail-type": "Amazon Connect Contact Event",
        "source": "aws.connect",
        "account": instance_arn.split(":")[4] if instance_arn.count(":") >= 5 else "",
        "time": _iso(contact.get("DisconnectTimestamp")) or _iso(datetime.now(UTC)),
        "region": region,
        "resources": [instance_arn],
        "detail": detail,
    }


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return str(value) if value else None


def _epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value or 0)
