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


class WhatsAppStandIn:
    """Behaves as a botocore ``socialmessaging`` client for the one operation aftercall uses."""

    def __init__(self, region: str = "ap-northeast-2") -> None:
        self.meta = SimpleNamespace(service_model=service_model(SERVICE), region_name=region)
        self.sent: list[dict[str, Any]] = []
        self._ids = itertools.count(1)

    def send_whatsapp_message(self, **params: Any) -> dict[str, Any]:
        try:
            validate_request(self.meta.service_model, SEND, params)
            message = json.loads(params["message"])
        except (ParamValidationError, RequestConstraintError, ValueError) as exc:
            raise modeled_error(self.meta.service_model, "ValidationException", str(exc), SEND) from exc
        message_id = f"wamid.standin{next(self._ids):06d}"
        self.sent.append(params | {"messageId": message_id, "message": message})
        return {"messageId": message_id}
