"""SNS → WhatsApp events (End User Messaging Social's event destination): statuses and customers' messages.

A status (sent, delivered, read, failed) is a receipt of the WhatsApp attempt it names (as SMS and
SES receipts are); a customer's message is a reply (it opens the 24-hour window, and may opt out, opt
in, confirm, or ask an agent). A record that is not such an event is counted and skipped, never raised
on; an infrastructure error propagates, and the asynchronous invocation is retried (every action is
idempotent).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aws_lambda_powertools.utilities.parser.models import SnsModel
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.inbound import reply_use_case
from aftercall.composition.receipts import receipts_use_case
from aftercall.events.whatsapp import event_digest, whatsapp_events
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.inbound import InboundSettings
from aftercall.settings.receipts import ReceiptSettings


@lambda_entry(models=(InboundSettings, ReceiptSettings))  # replies, and statuses as receipts
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, int]:
    done: Counter[str] = Counter()
    for record in SnsModel.model_validate(event).Records:
        events = whatsapp_events(str(record.Sns.Message))
        if events is None:
            metrics.add_metric(name="WhatsAppEventRejected", unit="Count", value=1)
            logger.warning("not a WhatsApp event: skipped", digest=event_digest(str(record.Sns.Message)))
            done["rejected"] += 1
            continue
        for receipt in events.receipts:
            done[str(receipts_use_case()(receipt))] += 1
        for message in events.messages:
            done[reply_use_case()(message)] += 1
    return dict(done)
