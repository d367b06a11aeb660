"""The receipt handler: SMS and SES delivery events."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.task_tokens import TaskTokens
from aftercall.composition import common
from aftercall.settings.receipts import ReceiptSettings
from aftercall.usecases.receipts import RecordReceipt


@container.once
def receipts_use_case() -> RecordReceipt:
    common.tables(common.settings(ReceiptSettings))
    return RecordReceipt(attempts=FollowupStore(), callbacks=TaskTokens(clients.client("stepfunctions")))


def warm(handler: str) -> None:
    receipts_use_case()
