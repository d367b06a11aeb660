"""The templates table: admins' overrides of the default templates, read without a deploy."""

from __future__ import annotations

from datetime import UTC, datetime

from aftercall.adapters.aws_errors import dynamodb_errors
from aftercall.adapters.tables import TemplateModel
from aftercall.domain.templates import Template, default_for_id

OVERRIDE = "override"


class TemplateStore:
    @dynamodb_errors
    def get(self, template_id: str) -> Template | None:
        """The enabled override of ``template_id``, unvalidated; None when there is none.

        An override without its own part budget takes the default template's.
        """
        try:
            item = TemplateModel.get(template_id)
        except TemplateModel.DoesNotExist:
            return None
        if not item.enabled:
            return None
        default = default_for_id(template_id)
        budget = item.part_budget if item.part_budget is not None else (default.part_budget if default else 1)
        return Template(template_id=template_id, body=item.body, part_budget=int(budget), source=OVERRIDE)

    def put(
        self, template: Template, updated_by: str, at: datetime | None = None, enabled: bool = True
    ) -> None:
        """Store an override (validate it first: the reader refuses a broken one anyway)."""
        TemplateModel(
            template.template_id,
            body=template.body,
            part_budget=template.part_budget,
            enabled=enabled,
            updated_by=updated_by,
            updated_at=at or datetime.now(UTC),
        ).save()

    @dynamodb_errors
    def delete(self, template_id: str) -> None:
        """Remove an override: the default applies again."""
        TemplateModel(template_id).delete()
