"""The demo's WhatsApp: the linked account's templates, the customers' scripted statuses and messages.

Before a scenario's calls: every template is created on the stand-in and reviewed as the scenario
says (approved by default; ``"whatsappTemplates": "pending"`` shows the route skipping WhatsApp until
Meta approves), each destination's outcomes are scripted, the customers' WhatsApp messages (which
open the 24-hour window) are published to the event destination, and stored opt-ins are seeded.
After: what each customer read on WhatsApp, and whether any attempt sent twice.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from aftercall import container
from aftercall.adapters.whatsapp_templates import EumWhatsAppTemplates
from aftercall.domain.receipts import from_callback_data
from aftercall.domain.whatsapp_templates import APPROVED, TEMPLATES
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.scenario import Scenario
from aftercall.local.whatsapp_events import WABA_ID


def seed_whatsapp(aws: EmbeddedAws, scenario: Scenario) -> None:
    """The account's templates and the customers' scripts and messages, before the calls."""
    stand_in = aws.whatsapp
    templates = EumWhatsAppTemplates(stand_in, WABA_ID)
    existing = templates.statuses()
    for template in TEMPLATES:
        if (template.name, template.language) not in existing:
            templates.create(template)
    stand_in.review(APPROVED if scenario.whatsapp_templates == "approved" else "PENDING")
    from aftercall.composition.send_whatsapp import send_whatsapp_use_case

    container.forget(send_whatsapp_use_case)  # it caches the template statuses per container
    for destination, outcomes in scenario.whatsapp.items():
        stand_in.script(destination, outcomes)
    for i, message in enumerate(scenario.whatsapp_messages):
        aws.whatsapp_message(message.customer_number, message.body, f"wamid.{scenario.name}-in-{i}")


def whatsapp_texts(aws: EmbeddedAws, followup_ids: set[str], start: int = 0) -> list[str]:
    """What each customer read on WhatsApp for these follow-ups (the human timeline only)."""
    out = []
    for sent in aws.whatsapp.sent[start:]:
        message = sent["message"]
        correlation = from_callback_data(message.get("biz_opaque_callback_data", ""))
        if correlation is None or correlation[0] not in followup_ids:
            continue
        out.append("WhatsApp: " + _shown(message))
    return out


def _shown(message: dict[str, Any]) -> str:
    if "text" in message:
        return str(message["text"]["body"])
    template = message["template"]
    values = [p["text"] for c in template.get("components", []) for p in c.get("parameters", [])]
    language = template["language"]["code"]
    body = next(t.body for t in TEMPLATES if t.name == template["name"] and t.language == language)
    for n, value in enumerate(values, start=1):
        body = body.replace(f"{{{{{n}}}}}", value)
    return f"(template {template['name']}, {template['language']['code']})\n{body}"


def duplicate_messages(aws: EmbeddedAws, start: int) -> int:
    """WhatsApp messages sent more than once for one attempt (must be 0)."""
    data = (s["message"].get("biz_opaque_callback_data", "") for s in aws.whatsapp.sent[start:])
    attempts = Counter(c[:2] for c in map(from_callback_data, data) if c is not None)
    return sum(n - 1 for n in attempts.values() if n > 1)
