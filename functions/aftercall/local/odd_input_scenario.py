"""The built-in scenario of input that starts no follow-up, and why each shows in the report.

One scenario, five contacts: a ``DISCONNECTED`` event (ignored: only ``COMPLETED`` starts a
follow-up), a chat (skipped, ``channel_excluded``: its memo is stored with the reason), a ``COMPLETED``
event for a contact Connect does not know (rejected: ``DescribeContact`` answers it does not exist),
a contact record that is not one Connect writes (rejected: an attribute holds an object) and, among
them, an ordinary call, which is texted. The two rejected ones carry a customer's number (and the
record memo text); they go to the ingest dead-letter queue as metadata only (ids, error, where to find
them), which tests/e2e/test_dead_letters.py checks. Raised instead, the unknown contact's event would
reach that queue whole, as Lambda's on-failure record.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aftercall.local.scenario import Scenario

NAME = "ignored-and-rejected-input"
CLOCK = "2026-11-25T11:55:00+09:00"


def odd_input_scenario(
    memo: dict[str, str], completed_event: Any, contact_record: Any, contact_id: Any
) -> Scenario:
    """Built from the payload builders of builtin_scenarios (completed_event, contact_record, contact_id)."""
    ended = datetime.fromisoformat(CLOCK)
    hung_up, chat, unknown, malformed, ordinary = (
        contact_id(f"{NAME}/{label}")
        for label in ("disconnected", "chat", "unknown", "malformed", "ordinary")
    )
    disconnected = completed_event(hung_up, ended, "+821020000013")
    disconnected["detail"]["eventType"] = "DISCONNECTED"
    chat_event = completed_event(chat, ended, None)
    chat_event["detail"]["channel"] = "CHAT"
    poison = contact_record(malformed, ended, "+821020000015", memo)
    poison["Attributes"]["aftercall_links"] = {"url": "https://example.com/help"}  # attributes are strings
    return Scenario.model_validate(
        {
            "name": NAME,
            "description": "A DISCONNECTED event is ignored, a chat is skipped, a contact Connect does not "
            "know and a malformed record are rejected (dead-lettered, metadata only); the call among them "
            "is texted.",
            "clock": CLOCK,
            "events": [disconnected, chat_event, completed_event(unknown, ended, "+821020000017")],
            "records": [poison, contact_record(ordinary, ended, "+821020000016", memo)],
            "contacts": [{"contactId": chat, "customerNumber": "+821020000014", "attributes": memo}],
            "expect": {
                hung_up: "ignored:DISCONNECTED",
                chat: "skipped:channel_excluded",
                unknown: "rejected",
                malformed: "rejected:ValidationError",
                ordinary: "delivered_sms",
            },
        }
    )
