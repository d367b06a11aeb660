"""Two-way SMS: a customer's reply (End User Messaging SMS → SNS) handled by ``usecases/inbound``.

A record that is not an inbound message is counted and skipped, never raised on; a transient AWS
error is raised, so that Lambda retries the asynchronous invocation and then keeps it in the
dead-letter queue (every action is idempotent, so a retry never acts twice).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.inbound import reply_use_case
from aftercall.events.inbound_sms import inbound_messages
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.inbound import InboundSettings


@lambda_entry(models=(InboundSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    handled = skipped = 0
    for message in inbound_messages(event):
        if message is None:
            metrics.add_metric(name="ReplyRejected", unit="Count", value=1)
            logger.warning("not an inbound SMS: skipped")
            skipped += 1
            continue
        reply_use_case()(message)
        handled += 1
    return {"handled": handled, "skipped": skipped}
