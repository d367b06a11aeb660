"""The templates table: admins' overrides of the default templates, read without a deploy.

The functions read an override only while it is enabled and not rejected (``StoredTemplate.usable``);
``aftercall templates`` writes, lists and disables them, and the stream validator records its
verdict on each one written by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pynamodb.exceptions import AttributeDeserializationError, UpdateError

from aftercall.adapters.aws_errors import condition_failed, dynamodb_errors
from aftercall.adapters.tables import TemplateModel
from aftercall.domain.templates import Template

if TYPE_CHECKING:  # the admin's view loads only where an override is found: most plans find none
    from aftercall.domain.template_admin import StoredTemplate

OVERRIDE = "override"


def stored(item: TemplateModel) -> StoredTemplate:
    from aftercall.domain.template_admin import UNCHECKED, StoredTemplate

    return StoredTemplate(
        template_id=item.template_id,
        body=item.body,
        part_budget=None if item.part_budget is None else int(item.part_budget),
        enabled=bool(item.enabled),
        status=item.status or UNCHECKED,
        reasons=tuple(item.reasons or ()),
        digest=item.checked_digest,
        updated_by=item.updated_by or "",
        updated_at=item.updated_at,
    )


class TemplateStore:
    @dynamodb_errors
    def get(self, template_id: str) -> Template | None:
        """The usable override of ``template_id`` (enabled, not rejected), for the functions to check
        as they compose; None when there is none. Without its own budget it takes the default's."""
        record = self.record(template_id, consistent=False)  # as before: an edit shows within a second
        if record is None or not record.usable:
            return None
        return record.as_template()

    @dynamodb_errors
    def record(self, template_id: str, consistent: bool = True) -> StoredTemplate | None:
        """The item as stored, whatever its state (the admin's view). An item written by hand with an
        attribute of the wrong type comes back ``malformed`` (the functions then use the default)."""
        try:
            return stored(TemplateModel.get(template_id, consistent_read=consistent))
        except TemplateModel.DoesNotExist:
            return None
        except AttributeDeserializationError as exc:  # names the attribute and the type, not the value
            from aftercall.domain.template_admin import UNCHECKED, StoredTemplate

            verdict = TemplateModel.get(
                template_id,
                consistent_read=True,
                attributes_to_get=["template_id", "status", "checked_digest"],
            )
            return StoredTemplate(
                template_id,
                "",
                None,
                enabled=False,
                status=verdict.status or UNCHECKED,
                digest=verdict.checked_digest,
                malformed=f"malformed item: {exc}",
            )

    @dynamodb_errors
    def all(self) -> list[StoredTemplate]:
        """Every override, by id (a handful of items: one per strategy and locale)."""
        ids = sorted(item.template_id for item in TemplateModel.scan(attributes_to_get=["template_id"]))
        return [record for tid in ids if (record := self.record(tid)) is not None]

    @dynamodb_errors
    def put(
        self,
        template: Template,
        updated_by: str,
        at: datetime | None = None,
        enabled: bool = True,
        *,
        verdict: tuple[str, str] | None = None,
    ) -> None:
        """Store an override. ``verdict``: (status, digest) of the check it passed before, so that the
        stream validator does not check the same content again."""
        status, digest = verdict if verdict else (None, None)
        TemplateModel(
            template.template_id,
            body=template.body,
            part_budget=template.part_budget,
            enabled=enabled,
            updated_by=updated_by,
            updated_at=at or datetime.now(UTC),
            status=status,
            reasons=[] if status else None,
            checked_digest=digest,
            checked_at=(at or datetime.now(UTC)) if status else None,
        ).save()

    @dynamodb_errors
    def disable(self, template_id: str, updated_by: str, at: datetime) -> bool:
        """Stop using an override (the default applies again); False when there is none."""
        actions: list[Any] = [
            TemplateModel.enabled.set(False),
            TemplateModel.updated_by.set(updated_by),
            TemplateModel.updated_at.set(at),
        ]
        return self._update(template_id, actions, TemplateModel.template_id.exists())

    @dynamodb_errors
    def record_verdict(
        self, template: StoredTemplate, status: str, reasons: tuple[str, ...], at: datetime
    ) -> bool:
        """Write the check's verdict on ``template``, only while the item still holds the content that
        was checked (a newer edit has its own stream record). False when it no longer does."""
        same_budget = (
            TemplateModel.part_budget.does_not_exist()
            if template.part_budget is None
            else TemplateModel.part_budget == template.part_budget
        )
        same = (TemplateModel.body == template.body) & same_budget
        if template.malformed:  # its content cannot be compared as text and number: the item exists
            same = TemplateModel.template_id.exists()
        actions: list[Any] = [
            TemplateModel.status.set(status),
            TemplateModel.reasons.set(list(reasons)),
            TemplateModel.checked_digest.set(template.content_digest),
            TemplateModel.checked_at.set(at),
        ]
        return self._update(template.template_id, actions, same)

    @dynamodb_errors
    def delete(self, template_id: str) -> None:
        """Remove an override: the default applies again."""
        TemplateModel(template_id).delete()

    @staticmethod
    def _update(template_id: str, actions: list[Any], condition: Any) -> bool:
        try:
            TemplateModel(template_id).update(actions=actions, condition=condition)
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        except AttributeDeserializationError:  # written; only the item it answers cannot be read back
            return True
        return True
