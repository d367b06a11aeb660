"""SNS → delivery receipts (End User Messaging SMS, legacy Pinpoint SMS, SES) → record and resolve.

Both topics (SMS configuration set, SES configuration set) subscribe this one function; the format
of each message is recognised by its content. A message that cannot be parsed is rejected (metric and
a content-free log) without failing the other records; an infrastructure error (DynamoDB, Step
Functions) propagates, and the asynchronous invocation is retried.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser.models import SnsModel, SnsRecordModel
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from aftercall.composition.receipts import receipts_use_case
from aftercall.events.receipts import receipt_from_message
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.receipts import ReceiptSettings


def _process(record: SnsRecordModel) -> str:
    try:
        receipt = receipt_from_message(str(record.Sns.Message))
    except ValidationError as exc:
        # The error text would quote the message (numbers, addresses): log where it failed, not what.
        metrics.add_metric(name="ReceiptRejected", unit=MetricUnit.Count, value=1)
        fields = sorted({".".join(str(part) for part in error["loc"]) for error in exc.errors()})
        logger.warning("receipt rejected", sns_message_id=record.Sns.MessageId, invalid_fields=fields)
        return "rejected"
    return str(receipts_use_case()(receipt))


@lambda_entry(models=(ReceiptSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    envelope = SnsModel.model_validate(event)
    return dict(Counter(_process(record) for record in envelope.Records))
