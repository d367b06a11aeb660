"""An override as stored: its check is the functions' own, its digest names the content judged, and the
check use case records one verdict per content (in memory: the port's fake)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from aftercall.domain.template_admin import (
    REJECTED,
    UNCHECKED,
    VALID,
    CheckContext,
    StoredTemplate,
    check_override,
    check_stored,
)
from aftercall.domain.templates import DEFAULT_TEMPLATES, Template, validate_template
from aftercall.usecases.template_check import Checked, CheckTemplate

NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
CONTEXT = CheckContext("Acme Bank", "1588-1234", ("free gift",))
GOOD = "Thanks for calling ${company_name}.\nCall ${callback_number}."


class Templates:
    """The TemplateVerdicts port in memory; ``edit_before_verdict`` plays an admin saving meanwhile."""

    def __init__(self, *items: StoredTemplate) -> None:
        self.items = {t.template_id: t for t in items}
        self.verdicts = 0
        self.edit_before_verdict: str | None = None

    def record(self, template_id: str) -> StoredTemplate | None:
        return self.items.get(template_id)

    def record_verdict(
        self, template: StoredTemplate, status: str, reasons: tuple[str, ...], at: datetime
    ) -> bool:
        if self.edit_before_verdict is not None:
            self.items[template.template_id] = dataclasses.replace(template, body=self.edit_before_verdict)
        current = self.items.get(template.template_id)
        if current is None or (current.body, current.part_budget) != (template.body, template.part_budget):
            return False
        self.verdicts += 1
        self.items[template.template_id] = dataclasses.replace(
            current, status=status, reasons=reasons, digest=template.content_digest
        )
        return True


def _check(templates: Templates) -> CheckTemplate:
    return CheckTemplate(templates, CONTEXT, clock=lambda: NOW)


@pytest.mark.parametrize("template", DEFAULT_TEMPLATES.values(), ids=lambda t: t.template_id)
def test_the_check_is_the_functions_own(template: Template) -> None:
    company = "에이스카드" if template.locale == "ko-KR" else CONTEXT.company_name
    context = dataclasses.replace(CONTEXT, company_name=company)
    broken = Template(template.template_id, template.body + " ${nope}\n지금 free gift!", template.part_budget)

    assert check_override(template, context) == ()
    assert check_override(broken, context) == validate_template(
        broken, company, CONTEXT.callback_number, CONTEXT.banned_phrases
    )
    assert check_override(broken, context)


def test_an_id_the_functions_never_read_is_refused() -> None:
    (reason,) = check_override(Template("confirm#fr-FR", GOOD, 1), CONTEXT)
    assert "unknown template id 'confirm#fr-FR'" in reason


def test_the_digest_follows_the_body_and_budget_not_who_wrote_it() -> None:
    stored = StoredTemplate("confirm#en-US", GOOD, 1, updated_by="admin:a")

    assert (
        stored.content_digest
        == dataclasses.replace(stored, updated_by="admin:b", enabled=False).content_digest
    )
    assert stored.content_digest != dataclasses.replace(stored, body=GOOD + "!").content_digest
    assert stored.content_digest != dataclasses.replace(stored, part_budget=2).content_digest
    assert stored.content_digest != dataclasses.replace(stored, part_budget=None).content_digest


def test_what_the_functions_may_read() -> None:
    stored = StoredTemplate("confirm#en-US", GOOD, None)

    assert stored.usable
    assert stored.status == UNCHECKED
    assert stored.budget == DEFAULT_TEMPLATES["confirm#en-US"].part_budget  # the default's budget
    assert not dataclasses.replace(stored, enabled=False).usable
    assert not dataclasses.replace(stored, status=REJECTED).usable
    assert not dataclasses.replace(stored, malformed="malformed item: part_budget").usable
    assert check_stored(dataclasses.replace(stored, malformed="malformed item: x"), CONTEXT) == (
        "malformed item: x",
    )


def test_a_verdict_is_recorded_once_per_content() -> None:
    templates = Templates(StoredTemplate("confirm#en-US", GOOD + "\nA free gift!", 1))

    assert _check(templates)("confirm#en-US") is Checked.REJECTED
    assert _check(templates)("confirm#en-US") is Checked.UNCHANGED  # its own write comes back
    assert templates.items["confirm#en-US"].reasons == ("message lint: banned_phrase",)
    templates.items["confirm#en-US"] = dataclasses.replace(templates.items["confirm#en-US"], body=GOOD)
    assert _check(templates)("confirm#en-US") is Checked.VALID
    assert templates.items["confirm#en-US"].status == VALID
    assert templates.verdicts == 2


def test_an_edit_saved_while_checking_keeps_no_verdict_meant_for_older_content() -> None:
    templates = Templates(StoredTemplate("confirm#en-US", "${nope}", 1))
    templates.edit_before_verdict = GOOD

    assert _check(templates)("confirm#en-US") is Checked.SUPERSEDED
    assert templates.items["confirm#en-US"].status == UNCHECKED  # the edit's own record decides
    assert _check(Templates())("confirm#en-US") is Checked.GONE
