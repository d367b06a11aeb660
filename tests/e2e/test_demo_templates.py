"""The templates demo scenario (local/template_scenarios.py): overrides typed in the console, judged by
the stream validator, and what each customer then got."""

from __future__ import annotations

import pytest

from aftercall.domain.memo import Strategy
from aftercall.domain.templates import default_template
from aftercall.local.template_edits import TemplateVerdict
from aftercall.local.template_scenarios import EN_BODY
from tests.e2e.conftest import DemoRun

pytestmark = pytest.mark.e2e


def test_a_broken_override_typed_in_the_console_is_rejected_and_the_customer_gets_the_built_in_text(
    demo_run: DemoRun,
) -> None:
    result = demo_run.result("template-typed-in-console")
    korean, english = result.contacts

    assert result.templates == [
        TemplateVerdict("confirm#ko-KR", "rejected", ("unknown placeholder ${customer_name}",)),
        TemplateVerdict("confirm#en-US", "valid", ()),
    ]
    assert (korean.outcome, english.outcome) == ("delivered_sms", "delivered_sms")
    built_in = (
        default_template(Strategy.CONFIRM, "ko-KR").lines[0].text.replace("${company_name}", "Aftercall")
    )
    assert [text.splitlines()[0] for text in korean.texts] == [built_in]
    assert english.texts[0].splitlines()[0] == EN_BODY.splitlines()[0].replace("${company_name}", "Aftercall")
    assert "Any question? Call us on 1588-0000." in english.texts[0]


def test_the_next_scenario_starts_from_the_built_in_templates(demo_run: DemoRun) -> None:
    names = [r.scenario.name for r in demo_run.results]
    after = demo_run.results[names.index("template-typed-in-console") + 1]

    assert after.templates == []
    assert not any("Any question? Call us on" in text for c in after.contacts for text in c.texts)
