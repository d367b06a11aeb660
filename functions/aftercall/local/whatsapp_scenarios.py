"""Built-in demo scenarios of WhatsApp (issue 19), each with a customer who chose it with the agent.

- ``whatsapp-preferred``: outside the 24-hour window, so the approved template goes out, with the
  memo's own words as its parameters; Meta reports it sent, delivered and read;
- ``whatsapp-in-window``: the customer wrote to us on WhatsApp before the call, so the follow-up is
  the free-form text inside the customer-service window;
- ``whatsapp-failed-then-sms``: Meta cannot deliver it (131026: not on WhatsApp): the text goes;
- ``whatsapp-template-pending``: Meta has not approved the templates yet: WhatsApp is skipped with
  the recorded reason, and the text goes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aftercall.local.scenario import Scenario

KST = "+09:00"
MEMO = {
    "aftercall_purpose": "해외 결제 승인 거절 문의",
    "aftercall_status": "해외 결제 차단 해제 완료",
    "aftercall_desired_outcome": "오늘부터 해외 결제 가능",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
    "aftercall_preferred_channel": "whatsapp",  # the customer chose WhatsApp on the call: an opt-in
}
EN_MEMO = {
    "aftercall_purpose": "Card declined abroad",
    "aftercall_status": "Overseas payments unblocked",
    "aftercall_desired_outcome": "Payments abroad work from today",
    "aftercall_consent": "yes",
    "aftercall_locale": "en-US",
    "aftercall_preferred_channel": "whatsapp",
}

Event = Callable[[str, datetime, str | None], dict[str, Any]]


def whatsapp_scenarios(completed_event: Event, contact_id: Callable[[str], str]) -> list[Scenario]:
    clock = datetime.fromisoformat(f"2026-12-04T14:00:00{KST}")
    cases: list[tuple[str, str, dict[str, str], dict[str, Any], str]] = [
        (
            "whatsapp-preferred",
            "The customer chose WhatsApp: outside the 24-hour window the approved template goes out; "
            "Meta reports it delivered, then read.",
            MEMO,
            {},
            "delivered_whatsapp",
        ),
        (
            "whatsapp-in-window",
            "The customer wrote to us on WhatsApp before the call: inside the 24-hour window the "
            "follow-up goes free-form.",
            EN_MEMO,
            {"whatsappMessages": [{"body": "Could you send me a summary here after the call, please?"}]},
            "delivered_whatsapp",
        ),
        (
            "whatsapp-failed-then-sms",
            "Meta cannot deliver the WhatsApp message (131026): the text goes instead.",
            MEMO,
            {"whatsapp": ["failed:131026"]},
            "delivered_sms",
        ),
        (
            "whatsapp-template-pending",
            "Meta has not approved the templates yet: WhatsApp is skipped (whatsapp_template_not_approved) "
            "and the text goes.",
            MEMO,
            {"whatsappTemplates": "pending"},
            "delivered_sms",
        ),
    ]
    out = []
    for i, (name, description, memo, script, expected) in enumerate(cases):
        cid, number = contact_id(name), f"+82102000006{i}"
        extra = dict(script)
        if "whatsapp" in script:  # the outcome of each message to this customer
            extra["whatsapp"] = {number: script["whatsapp"]}
        if "whatsappMessages" in script:  # this customer's messages before the call
            extra["whatsappMessages"] = [m | {"customerNumber": number} for m in script["whatsappMessages"]]
        scenario = {
            "name": name,
            "description": description,
            "clock": clock.isoformat(),
            "events": [completed_event(cid, clock, None)],
            "contacts": [{"contactId": cid, "customerNumber": number, "attributes": memo}],
            "expect": {cid: expected},
        }
        out.append(Scenario.model_validate(scenario | extra))
    return out
