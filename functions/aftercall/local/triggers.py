"""A scenario's triggers sent to the ingest handlers, and what became of each contact's.

Every contact event goes to the contact-event function the way EventBridge invokes it
(asynchronously: a failure does not stop the scenario), the contact records go to the records function
as one Kinesis batch. Per contact, the answers say whether a follow-up can exist:

- ``ingested``: a trigger was stored (its memo) and the workflow started: the demo waits for it;
- ``ignored``: only contact events that do not start a follow-up (``DISCONNECTED``, ...);
- ``rejected``: every trigger was refused (malformed, a contact Connect does not know, a memo too
  large to store): the contact-event function answered ``rejected``, or its invocation failed, or the
  record went to the ingest dead-letter queue (found there by its sequence number).

Contacts are named by their payload's contact id; a payload without one by its place in the
scenario (``event-2``, ``record-1``), so that a malformed payload is reported too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aftercall.local.events import SEQUENCE_BASE
from aftercall.local.resources import INGEST_DEAD_LETTER_QUEUE

if TYPE_CHECKING:
    from aftercall.local.embedded import EmbeddedAws
    from aftercall.local.scenario import Scenario


@dataclass
class Fate:
    """What became of one contact's triggers."""

    ingested: bool = False
    ignored: str | None = None  # the event type of an event that starts nothing
    rejected: str | None = None  # why a trigger was refused: the error's type

    @property
    def reason(self) -> str | None:
        """Why this contact has no follow-up (None when it was ingested)."""
        if self.ingested:
            return None
        if self.rejected:
            return f"rejected:{self.rejected}"
        return f"ignored:{self.ignored}" if self.ignored else None


def _get(payload: Any, key: str) -> Any:
    """``payload[key]`` in any casing, or None (a malformed payload has no contact id)."""
    if not isinstance(payload, dict):
        return None
    return next((v for k, v in payload.items() if isinstance(k, str) and k.lower() == key.lower()), None)


def _named(value: Any, fallback: str) -> str:
    return value if isinstance(value, str) and value else fallback


def event_contact(event: Any, index: int) -> str:
    return _named(_get(_get(event, "detail"), "contactId"), f"event-{index + 1}")


def record_contact(record: Any, index: int) -> str:
    return _named(_get(record, "ContactId"), f"record-{index + 1}")


def event_instance_arn(event: Any) -> str:
    return _named(_get(_get(event, "detail"), "instanceArn"), "")


def contact_ids(scenario: Scenario) -> list[str]:
    """Every contact of the scenario, in the order its payloads name them."""
    ids = [event_contact(e, i) for i, e in enumerate(scenario.events)]
    ids += [record_contact(r, i) for i, r in enumerate(scenario.records)]
    return list(dict.fromkeys(ids))


def dispatch(aws: EmbeddedAws, scenario: Scenario) -> dict[str, Fate]:
    """Send every trigger to its ingest function; returns each contact's fate."""
    fates = {cid: Fate() for cid in contact_ids(scenario)}
    for index, event in enumerate(scenario.events):
        fate = fates[event_contact(event, index)]
        answer = aws.dispatch_contact_event(event)
        if "contactId" in answer:
            fate.ingested = True
        elif "ignored" in answer:
            fate.ignored = fate.ignored or str(answer["ignored"])
        else:  # rejected by the handler, or its invocation failed (Lambda's error payload)
            fate.rejected = fate.rejected or str(answer.get("rejected") or answer.get("errorType"))
    if scenario.records:
        _dispatch_records(aws, scenario.records, fates)
    return fates


def _dispatch_records(aws: EmbeddedAws, records: list[dict[str, Any]], fates: dict[str, Fate]) -> None:
    seen = len(aws.dead_letters.letters()[INGEST_DEAD_LETTER_QUEUE])
    answer = aws.dispatch_contact_records(records)
    refused: dict[int, str] = {}
    for body in aws.dead_letters.letters()[INGEST_DEAD_LETTER_QUEUE][seen:]:
        letter = json.loads(body)
        if letter.get("source") == "contact_record":
            refused[int(letter["sequenceNumber"]) - SEQUENCE_BASE] = str(letter["error"])
    for failure in answer.get("batchItemFailures", []):  # Lambda would retry it; here it is reported
        refused.setdefault(int(failure["itemIdentifier"]) - SEQUENCE_BASE, "BatchItemFailure")
    for index, record in enumerate(records):
        fate = fates[record_contact(record, index)]
        if index in refused:
            fate.rejected = fate.rejected or refused[index]
        else:
            fate.ingested = True
