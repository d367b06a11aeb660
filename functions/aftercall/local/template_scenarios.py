"""The built-in demo scenario of templates typed by hand (issue 17): ``template-typed-in-console``.

Before the calls, an admin types two overrides in the DynamoDB console, with no check: the Korean one
names a value the functions do not have (``${customer_name}``), the English one is sound. The stream
validator marks the first ``rejected`` (with the reason on the item) and the second ``valid``. The
Korean customer then gets the built-in text, the English customer the admin's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aftercall.local.scenario import Scenario

KST = "+09:00"
KO_BODY = """[${company_name}] ${customer_name} 고객님, 문의해 주셔서 감사합니다.
궁금하신 점은 ${callback_number}번으로 연락 주세요."""
EN_BODY = """${company_name}: thank you for your call today.
?About: ${purpose}
Any question? Call us on ${callback_number}."""
MEMO = {"aftercall_purpose": "요금제 변경 문의", "aftercall_consent": "yes"}

Event = Callable[[str, datetime, str | None], dict[str, Any]]


def template_scenarios(completed_event: Event, contact_id: Callable[[str], str]) -> list[Scenario]:
    clock = datetime.fromisoformat(f"2026-11-27T11:00:00{KST}")
    korean, english = contact_id("template-ko"), contact_id("template-en")
    english_memo = {
        "aftercall_purpose": "plan change",
        "aftercall_consent": "yes",
        "aftercall_locale": "en-US",
    }
    return [
        Scenario.model_validate(
            {
                "name": "template-typed-in-console",
                "description": "Two overrides typed in the console: the validator rejects the broken one "
                "(the customer gets the built-in text) and accepts the sound one (used as typed).",
                "clock": clock.isoformat(),
                "templates": [
                    {"templateId": "confirm#ko-KR", "body": KO_BODY},
                    {"templateId": "confirm#en-US", "body": EN_BODY, "partBudget": 1},
                ],
                "events": [completed_event(korean, clock, None), completed_event(english, clock, None)],
                "contacts": [
                    {"contactId": korean, "customerNumber": "+821020000041", "attributes": MEMO},
                    {"contactId": english, "customerNumber": "+821020000042", "attributes": english_memo},
                ],
                "expect": {korean: "delivered_sms", english: "delivered_sms"},
            }
        )
    ]
