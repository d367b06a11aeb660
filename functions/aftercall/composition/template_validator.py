"""The templates table's stream validator."""

from __future__ import annotations

from aftercall import container
from aftercall.adapters.template_store import TemplateStore
from aftercall.composition import common
from aftercall.settings.templates import TemplateCheckSettings
from aftercall.usecases.template_check import CheckTemplate


@container.once
def check_use_case() -> CheckTemplate:
    s = common.settings(TemplateCheckSettings)
    common.tables(s)
    return CheckTemplate(templates=TemplateStore(), context=s.check_context(), clock=container.clocks.now)


def warm(handler: str) -> None:
    check_use_case()
