"""SQS consumer of the send queue's dead-letter queue: a send the queue gave up on ends its wait now.

Each message is a send the workflow queued (``{taskToken, followupId, retryCount}``: ids only). The
use case fails the task token with ``SendDeadLetteredError`` when nothing went out, so the workflow
falls back at once instead of waiting out the receipt window. A body we cannot read was not written
by the workflow: it is counted, logged by its SQS message id and dropped. An infrastructure error
(DynamoDB, Step Functions) is a batch item failure: the message stays and is tried again.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from aftercall.composition.send_dead_letter import send_dead_letter_use_case
from aftercall.events.step_inputs import TokenStepInput
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.dead_letters import SendDeadLetterSettings

processor = BatchProcessor(event_type=EventType.SQS)


def _fail_wait(record: SQSRecord) -> None:
    try:
        step = TokenStepInput.model_validate_json(record.body)
    except ValidationError:
        metrics.add_metric(name="SendDeadLetterUnreadable", unit="Count", value=1)
        logger.warning("unreadable send dead letter dropped", sqs_message_id=record.message_id)
        return
    send_dead_letter_use_case()(step.task_token, step.followup_id, step.retry_count)


@lambda_entry(models=(TokenStepInput, SendDeadLetterSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=_fail_wait, processor=processor, context=context
    )
