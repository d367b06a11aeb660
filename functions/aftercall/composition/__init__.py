"""The composition root: every use case is built here, once per container, from settings and clients.

One module per handler family (``composition/plan.py``, ...), so that a handler imports only what its
own steps need: the send handler does not load the planner's templates, the receipt handler does
not load the composer. ``aftercall.container.reset()`` forgets everything built here.

``warm(handler)`` builds what a handler's first invocation builds (settings, use cases, every
botocore client and PynamoDB connection): the cold-path benchmark times it, and nothing else calls it.
"""

from __future__ import annotations

import importlib

from aftercall import container

# handler module (aftercall.handlers.<name>) → its composition module
HANDLERS: dict[str, str] = {
    "ingest_event": "ingest",
    "ingest_records": "ingest",
    "plan": "plan",
    "send_sms": "send_sms",
    "send_email": "send_email",
    "send_whatsapp": "send_whatsapp",
    "create_task": "create_task",
    "outcome": "outcome",
    "receipts": "receipts",
    "detail_page": "detail_page",
    "send_dead_letter": "send_dead_letter",
    "check_memo": "check_memo",
    "customer_history": "history",
    "inbound_sms": "inbound",
    "whatsapp_events": "inbound",
    "template_validator": "template_validator",
}


def warm(handler: str) -> None:
    """Build what ``aftercall.handlers.<handler>`` builds on its first invocation."""
    module = importlib.import_module(f"aftercall.composition.{HANDLERS[handler]}")
    module.warm(handler)


def services_for(handler: str) -> tuple[str, ...]:
    """The botocore services whose clients ``warm(handler)`` creates (a fresh container's worth)."""
    from aftercall import clients  # botocore: only for the handlers that create clients

    container.reset()
    warm(handler)
    return clients.created()
