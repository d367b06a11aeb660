"""EventBridge "Amazon Connect Contact Event" → ingest. Only COMPLETED (after-call work done) counts."""

from __future__ import annotations

from typing import Any

import phonenumbers.timezone  # noqa: F401  (every contact's number is parsed and its zone read: load at init)
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from aftercall.composition.ingest import ingest_use_case
from aftercall.errors import InvalidInputError
from aftercall.events.connect import ContactEventModel, call_from_event
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.ingest import IngestSettings
from aftercall.settings.workflow import PlanSettings

FOLLOWED_EVENT_TYPE = "COMPLETED"


@lambda_entry(correlation_id_path="detail.contactId", models=(IngestSettings, PlanSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    try:
        parsed = ContactEventModel.model_validate(event)
    except ValidationError as exc:
        # Typed and content-free: the async invocation's on-failure destination keeps the event.
        metrics.add_metric(name="IngestRejected", unit="Count", value=1)
        raise InvalidInputError(f"not a contact event: {exc.error_count()} invalid field(s)") from None
    if parsed.detail.event_type != FOLLOWED_EVENT_TYPE:
        logger.info("contact event ignored", event_type=parsed.detail.event_type)
        metrics.add_metric(name="ContactEventIgnored", unit="Count", value=1)
        return {"ignored": parsed.detail.event_type}
    result = ingest_use_case()(call_from_event(parsed))
    return {
        "contactId": result.contact_id,
        "memoSaved": result.memo_saved,
        "executionStarted": result.execution_started,
        "skipReason": result.skip_reason,
    }
