"""SQS consumer of the send queue: one text per message, paced, claimed, never sent twice.

A message that must wait (pacing, provider throttling) is reported as a batch item failure and comes
back after the visibility timeout; everything else is deleted, its outcome reported to the workflow.
A message that is not a send the workflow queued (unreadable) is dropped at once, counted and logged by
its SQS message id; a task token in it is failed with ``InvalidInputError``, which the workflow
catches to fall back. Retried, it would only wait for its turn to reach the dead-letter queue, whose
consumer drops it too.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ValidationError

from aftercall.composition.send_sms import send_callbacks, send_sms_use_case
from aftercall.errors import InvalidInputError
from aftercall.events.step_inputs import TokenStepInput
from aftercall.events.workflow import task_token_in
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.steps import SendSmsSettings
from aftercall.usecases.send import Disposition, QueuedSend

processor = BatchProcessor(event_type=EventType.SQS)


class SendPostponedError(Exception):
    """Not a failure: the message goes back to the queue to be sent later."""


def _send(record: SQSRecord) -> None:
    try:
        step = TokenStepInput.model_validate_json(record.body)
    except ValidationError:
        metrics.add_metric(name="SendRejected", unit="Count", value=1)
        logger.warning("not a send the workflow queued: dropped", sqs_message_id=record.message_id)
        token = task_token_in(record.body)
        if token:
            send_callbacks().fail(token, InvalidInputError.__name__, {"sqsMessageId": record.message_id})
        return
    queued = QueuedSend(
        task_token=step.task_token,
        followup_id=step.followup_id,
        retry_count=step.retry_count,
        receive_count=int(record.attributes.approximate_receive_count or 1),
    )
    if send_sms_use_case()(queued) is Disposition.RETRY_LATER:
        raise SendPostponedError(queued.item)


@lambda_entry(models=(TokenStepInput, SendSmsSettings))
def handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(event=event, record_handler=_send, processor=processor, context=context)
