"""WhatsApp templates on the linked business account: create them, and read whether Meta approved them.

``CreateWhatsAppMessageTemplate`` submits a template for Meta's review (``PENDING`` until then);
``ListWhatsAppMessageTemplates`` gives each template's status. The send step asks for one status per
message: the list is read once per ``ttl`` per container, so a send costs no extra call in the common
case and an approval shows up within ``ttl``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aftercall.adapters.aws_errors import aws_errors
from aftercall.domain.whatsapp_templates import WhatsAppTemplate
from aftercall.errors import WhatsAppPermanentError

PAGE = 100


class EumWhatsAppTemplates:
    """The templates of one WhatsApp Business Account (``waba-…``), through ``socialmessaging``."""

    def __init__(
        self,
        client: Any,
        waba_id: str,
        ttl_seconds: float = 300.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._waba_id = waba_id
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._cached: tuple[float, dict[tuple[str, str], str]] | None = None

    def statuses(self) -> dict[tuple[str, str], str]:
        """(name, language) → Meta's status (APPROVED, PENDING, REJECTED, PAUSED, DISABLED…)."""
        out: dict[tuple[str, str], str] = {}
        params: dict[str, Any] = {"id": self._waba_id, "maxResults": PAGE}
        while True:
            with aws_errors("ListWhatsAppMessageTemplates", refused=WhatsAppPermanentError):
                page = self._client.list_whatsapp_message_templates(**params)
            for summary in page.get("templates", []):
                key = (str(summary.get("templateName", "")), str(summary.get("templateLanguage", "")))
                out[key] = str(summary.get("templateStatus", "")).upper()
            if not page.get("nextToken"):
                return out
            params["nextToken"] = page["nextToken"]

    def status(self, name: str, language: str) -> str | None:
        """One template's status (None when it was never created), from a list at most ``ttl`` old."""
        now = self._monotonic()
        if self._cached is None or now - self._cached[0] > self._ttl:
            self._cached = (now, self.statuses())
        return self._cached[1].get((name, language))

    def create(self, template: WhatsAppTemplate) -> str:
        """Submit ``template`` for Meta's review; returns its status (usually PENDING)."""
        with aws_errors("CreateWhatsAppMessageTemplate", refused=WhatsAppPermanentError):
            answer = self._client.create_whatsapp_message_template(
                id=self._waba_id, templateDefinition=template.definition()
            )
        self._cached = None
        return str(answer.get("templateStatus", "")).upper()
