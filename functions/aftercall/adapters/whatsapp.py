"""WhatsApp port: one message through AWS End User Messaging Social (``socialmessaging``
SendWhatsAppMessage) from a linked WhatsApp Business Account phone number.

``message`` is the WhatsApp Cloud API message JSON (bytes): free-form ``text`` inside the 24-hour
customer-service window, an approved ``template`` outside it. Its ``biz_opaque_callback_data``
names the attempt and the claim's receipt key, as an SMS's Context does: Meta echoes it with every
status event, which is how a status finds its attempt and proves it is genuine.

SendWhatsAppMessage has no idempotency token: the client is not retried by the SDK
(aftercall.clients), so an answer lost after the request went out is OutcomeUnknownError ("maybe
sent"), and the attempt's status event decides.
"""

from __future__ import annotations

import json
from typing import Any

from aftercall.adapters.api_model import RequestConstraintError, check_constraints
from aftercall.adapters.aws_errors import aws_errors
from aftercall.domain.outbound import WhatsAppRequest
from aftercall.domain.receipts import callback_data
from aftercall.errors import WhatsAppPermanentError

OPERATION = "SendWhatsAppMessage"
META_API_VERSION = "v20.0"


class EumWhatsApp:
    """Sends WhatsApp messages. ``client`` is a botocore ``socialmessaging`` client (or the stand-in)."""

    def __init__(self, client: Any, phone_number_id: str, meta_api_version: str = META_API_VERSION) -> None:
        self._client = client
        self._phone_number_id = phone_number_id
        self._meta_api_version = meta_api_version

    def send(self, request: WhatsAppRequest) -> str:
        """Send one message; returns the service's messageId. Raises domain errors only."""
        params = {
            "originationPhoneNumberId": self._phone_number_id,
            "message": cloud_api_message(request),
            "metaApiVersion": self._meta_api_version,
        }
        try:
            check_constraints(self._client.meta.service_model.operation_model(OPERATION), params)
        except RequestConstraintError as exc:
            raise WhatsAppPermanentError(f"{OPERATION} request rejected before sending: {exc}") from exc
        with aws_errors(OPERATION, refused=WhatsAppPermanentError, sends=True):
            response = self._client.send_whatsapp_message(**params)
        return str(response["messageId"])


def cloud_api_message(request: WhatsAppRequest) -> bytes:
    """The WhatsApp Cloud API message body: a template when one is named, else free-form text."""
    body: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "to": request.destination,
        # Meta echoes it in every status webhook of the message: the attempt and the claim's key.
        "biz_opaque_callback_data": callback_data(request.followup_id, request.attempt, request.receipt_key),
    }
    if request.template:
        template: dict[str, Any] = {
            "name": request.template,
            "language": {"code": request.language or "en_US"},
        }
        if request.parameters:
            params = [{"type": "text", "text": value} for value in request.parameters]
            template["components"] = [{"type": "body", "parameters": params}]
        body |= {"type": "template", "template": template}
    elif request.text:
        body |= {"type": "text", "text": {"preview_url": False, "body": request.text}}
    else:
        raise WhatsAppPermanentError("a WhatsApp message needs a template or a text")
    return json.dumps(body, ensure_ascii=False).encode()
