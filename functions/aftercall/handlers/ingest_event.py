"""EventBridge "Amazon Connect Contact Event" → ingest. Only COMPLETED (after-call work done) counts.

An event it cannot use (malformed, a contact Connect does not know, a memo too large to store) is
answered, not raised: its metadata goes to the dead-letter queue. Raised, Lambda would retry it for
nothing and then put the whole event, the customer's number included, in its on-failure destination.
"""

from __future__ import annotations

from typing import Any

import phonenumbers.timezone  # noqa: F401  (every contact's number is parsed and its zone read: load at init)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from aftercall.composition.ingest import NOT_CONTENT, ingest_use_case, reject_input
from aftercall.events.connect import ContactEventModel, call_from_event, event_location
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.ingest import IngestSettings

FOLLOWED_EVENT_TYPE = "COMPLETED"


@lambda_entry(correlation_id_path="detail.contactId", models=(IngestSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        parsed = ContactEventModel.model_validate(event)
    except ValidationError:
        return _reject(event, ValidationError.__name__)
    if parsed.detail.event_type != FOLLOWED_EVENT_TYPE:
        logger.info("contact event ignored", event_type=parsed.detail.event_type)
        metrics.add_metric(name="ContactEventIgnored", unit="Count", value=1)
        return {"ignored": parsed.detail.event_type}
    try:
        result = ingest_use_case()(call_from_event(parsed))
    except NOT_CONTENT:
        raise
    except Exception as exc:  # about this event: retrying cannot help (see the module doc)
        return _reject(event, type(exc).__name__)
    return {
        "contactId": result.contact_id,
        "memoSaved": result.memo_saved,
        "executionStarted": result.execution_started,
        "skipReason": result.skip_reason,
    }


def _reject(event: Any, error: str) -> dict[str, Any]:
    reject_input("contact_event", error, event_location(event))
    return {"rejected": error}
