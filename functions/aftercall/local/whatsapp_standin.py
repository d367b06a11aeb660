"""In-memory stand-in for ``socialmessaging`` SendWhatsAppMessage (moto has no backend for it).

Answers like the service: validates the request against the real API model (refusing it as the
service would, with a modeled ``ValidationException``), returns a ``messageId``, and keeps what was
sent so the carrier simulator can publish status events for it.
"""

from __future__ import annotations

import itertools
import json
from types import SimpleNamespace
from typing import Any

from botocore.exceptions import ParamValidationError

from aftercall.adapters.api_model import (
    RequestConstraintError,
    modeled_error,
    service_model,
    validate_request,
)

SERVICE = "socialmessaging"
SEND = "SendWhatsAppMessage"
CREATE = "CreateWhatsAppMessageTemplate"
LIST = "ListWhatsAppMessageTemplates"


class WhatsAppStandIn:
    """Behaves as a botocore ``socialmessaging`` client for the one operation aftercall uses."""

    def __init__(self, region: str = "ap-northeast-2") -> None:
        self.meta = SimpleNamespace(service_model=service_model(SERVICE), region_name=region)
        self.sent: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        # (name, language) → the template's summary as ListWhatsAppMessageTemplates gives it
        self.templates: dict[tuple[str, str], dict[str, str]] = {}

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
        self.sent.append(params | {"messageId": message_id, "message": message})
        return {"messageId": message_id}

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
