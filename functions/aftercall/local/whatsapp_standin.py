"""In-memory stand-in for ``socialmessaging`` (moto has no backend for End User Messaging Social).

Answers like the service for the operations aftercall uses: SendWhatsAppMessage (validated against
the real API model, refused with the modeled errors; a template Meta has not approved is refused),
CreateWhatsAppMessageTemplate and ListWhatsAppMessageTemplates. With a topic, it publishes each
message's status events (sent, delivered, read, or failed with Meta's error code) as the account's
event destination would (``local/whatsapp_events.py``), one scripted outcome per send.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from botocore.exceptions import ParamValidationError

from aftercall.adapters.api_model import (
    RequestConstraintError,
    modeled_error,
    service_model,
    validate_request,
)
from aftercall.domain.receipts import CLASSIFICATION, ReceiptSource
from aftercall.local.scripted_events import EVENT_SPACING, NO_RECEIPT, EventTopic, Scripts
from aftercall.local.whatsapp_events import envelope, status_value

SERVICE = "socialmessaging"
SEND = "SendWhatsAppMessage"
CREATE = "CreateWhatsAppMessageTemplate"
LIST = "ListWhatsAppMessageTemplates"
# Scripted outcomes: a status Meta reports last ("read" reports sent and delivered first), a failure
# with its code ("failed:131026"), or NO_RECEIPT (accepted, then silence).
OUTCOMES = frozenset(CLASSIFICATION[ReceiptSource.WHATSAPP]) | {NO_RECEIPT}
_STEPS = {"sent": ("sent",), "delivered": ("sent", "delivered"), "read": ("sent", "delivered", "read")}


class WhatsAppStandIn:
    """Behaves as a botocore ``socialmessaging`` client for the operations aftercall uses."""

    def __init__(
        self,
        region: str = "ap-northeast-2",
        topic: EventTopic | None = None,
        default_outcome: str = "read",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.meta = SimpleNamespace(service_model=service_model(SERVICE), region_name=region)
        self.sent: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        # (name, language) → the template's summary as ListWhatsAppMessageTemplates gives it
        self.templates: dict[tuple[str, str], dict[str, str]] = {}
        self.accounts: list[str] = []  # the account (waba-…) each template was created for
        self.topic = topic
        self.scripts = Scripts(default_outcome, OUTCOMES)
        self._now = now

    def script(self, destination: str, outcomes: Iterable[str]) -> None:
        """The last status of each next message to ``destination``, in order (then the default)."""
        self.scripts.set(destination, outcomes)

    def _checked(self, operation: str, params: dict[str, Any]) -> None:
        try:
            validate_request(self.meta.service_model, operation, params)
        except (ParamValidationError, RequestConstraintError) as exc:
            raise modeled_error(self.meta.service_model, "ValidationException", str(exc), operation) from exc

    def send_whatsapp_message(self, **params: Any) -> dict[str, Any]:
        self._checked(SEND, params)
        try:
            message = json.loads(params["message"])
        except ValueError as exc:
            raise modeled_error(self.meta.service_model, "ValidationException", str(exc), SEND) from exc
        template = message.get("template") or {}
        if template:  # Meta refuses a template it has not approved (error 132001 / 132015 / 132016)
            key = (template.get("name", ""), template.get("language", {}).get("code", ""))
            if self.templates.get(key, {}).get("templateStatus") != "APPROVED":
                raise modeled_error(
                    self.meta.service_model, "InvalidParametersException", "template not approved", SEND
                )
        message_id = f"wamid.standin{next(self._ids):06d}"
        outcome = self.scripts.next_for(str(message.get("to", "")))
        self.sent.append(params | {"messageId": message_id, "message": message, "outcome": outcome})
        if self.topic is not None:
            self.topic.emit(self._statuses(message, message_id, outcome))
        return {"messageId": message_id}

    def _statuses(self, message: dict[str, Any], message_id: str, outcome: str) -> list[dict[str, Any]]:
        """The status events Meta reports for one scripted outcome, in the destination's format."""
        if outcome == NO_RECEIPT:
            return []
        steps = _STEPS.get(outcome) or ("sent", outcome)
        start, events = self._now(), []
        for index, step in enumerate(steps):
            status, _, code = step.partition(":")
            at = start + EVENT_SPACING * (index + 1)
            value = status_value(
                message_id,
                status,
                at,
                str(message.get("to", "")),
                message.get("biz_opaque_callback_data"),
                int(code) if code.isdigit() else None,
            )
            events.append(envelope(value, at, self.meta.region_name))
        return events

    def create_whatsapp_message_template(self, **params: Any) -> dict[str, Any]:
        self._checked(CREATE, params)
        definition = json.loads(params["templateDefinition"])
        key = (definition["name"], definition["language"])
        if key in self.templates:  # Meta: a name is taken per language
            raise modeled_error(self.meta.service_model, "ConflictException", "template exists", CREATE)
        summary = {
            "templateName": key[0],
            "templateLanguage": key[1],
            "templateCategory": definition["category"],
            "templateStatus": "PENDING",
            "metaTemplateId": f"{9000 + len(self.templates)}",
        }
        self.templates[key] = summary
        self.accounts.append(params["id"])
        return {k: summary[v] for k, v in _CREATED.items()}

    def list_whatsapp_message_templates(self, **params: Any) -> dict[str, Any]:
        self._checked(LIST, params)
        start = int(params.get("nextToken") or 0)
        size = int(params.get("maxResults") or 50)
        page = list(self.templates.values())[start : start + size]
        more = start + size < len(self.templates)
        return {"templates": [dict(t) for t in page], **({"nextToken": str(start + size)} if more else {})}

    def review(self, status: str = "APPROVED") -> None:
        """Meta's review, done: every template takes ``status``."""
        for summary in self.templates.values():
            summary["templateStatus"] = status


_CREATED = {
    "metaTemplateId": "metaTemplateId",
    "templateStatus": "templateStatus",
    "category": "templateCategory",
}
