"""Contact records from Kinesis → ingest, with partial batch response.

A record that can never parse (poison), or whose ingestion fails for a reason retrying cannot help
(an unknown contact, a memo over DynamoDB's item limit), is sent to the dead-letter queue (metadata
only) and counted as handled, so it never blocks its shard; a transient failure (throttling, an
unavailable service) or a setup error fails only that record, and Lambda retries it.
"""

from __future__ import annotations

from typing import Any

import phonenumbers.timezone  # noqa: F401  (every contact's number is parsed and its zone read: load at init)
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import KinesisStreamRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.ingest import NOT_CONTENT, ingest_use_case, reject_input
from aftercall.events.contact_record import ContactRecord, call_from_record
from aftercall.observability import lambda_entry
from aftercall.settings.ingest import IngestSettings

processor = BatchProcessor(event_type=EventType.KinesisDataStreams)


def _reject(record: KinesisStreamRecord, error: str) -> None:
    location = {
        "eventSourceARN": record.event_source_arn,
        "sequenceNumber": record.kinesis.sequence_number,
        "partitionKey": record.kinesis.partition_key,
    }
    reject_input("contact_record", error, location)


def record_handler(record: KinesisStreamRecord) -> None:
    try:
        contact = ContactRecord.from_bytes(record.kinesis.data_as_bytes())
    except ValueError as exc:  # not base64, UTF-8 or JSON, or not a contact record (ValidationError)
        _reject(record, type(exc).__name__)
        return
    try:
        ingest_use_case()(call_from_record(contact))
    except NOT_CONTENT:
        raise
    except Exception as exc:  # about this record: retrying cannot help
        _reject(record, type(exc).__name__)


@lambda_entry(models=(IngestSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
