"""The templates table's stream → every inserted or modified override checked as the functions check it.

The stream carries keys only (no template text); the use case reads the item again, records its
verdict on it (a rejected one is ignored by the functions) and counts a rejection. A failure (a
throttled read, an unavailable table) fails only its record, which Lambda retries, and then sends
the batch's metadata (shard, sequence numbers: no item) to the dead-letter queue.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import (
    DynamoDBRecord,
    DynamoDBRecordEventName,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.template_validator import check_use_case
from aftercall.observability import lambda_entry, logger
from aftercall.settings.templates import TemplateCheckSettings

processor = BatchProcessor(event_type=EventType.DynamoDBStreams)
CHECKED_EVENTS = (DynamoDBRecordEventName.INSERT, DynamoDBRecordEventName.MODIFY)


def record_handler(record: DynamoDBRecord) -> None:
    if record.event_name not in CHECKED_EVENTS or record.dynamodb is None:
        return  # a removed override: the default applies, nothing to check
    template_id = str(record.dynamodb.keys.get("template_id", ""))
    verdict = check_use_case()(template_id)
    logger.info("template checked", template_id=template_id, verdict=verdict.value)


@lambda_entry(models=(TemplateCheckSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
