"""An admin's template override as it is stored: its check, its state, and what may be shown of it.

The check is the functions' own (``templates.validate_template``: placeholders, part budget, message
lint, the longest text AWS sends after NFC), run with the stack's company name, callback number and
banned phrases, plus the one thing only an admin can get wrong: an id the functions never read.

``digest`` names the content that was checked (body and part budget). The stream validator writes it
with its verdict, and skips a change whose content carries the digest already: its own write, or
``aftercall templates put``'s, is not checked again, so nothing loops.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from aftercall.domain.templates import DEFAULT_TEMPLATES, Template, default_for_id, validate_template

VALID = "valid"
REJECTED = "rejected"
UNCHECKED = "unchecked"  # written by hand and not checked yet (or by an older version)


@dataclass(frozen=True, slots=True)
class CheckContext:
    """The values the functions render a template with, as deployed."""

    company_name: str
    callback_number: str
    banned_phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoredTemplate:
    """One item of the templates table; ``part_budget`` None: the default template's."""

    template_id: str
    body: str
    part_budget: int | None
    enabled: bool = True
    status: str = UNCHECKED
    reasons: tuple[str, ...] = ()
    digest: str | None = None
    updated_by: str = ""
    updated_at: datetime | None = None
    malformed: str | None = None  # an attribute of the wrong type (written by hand): why, never the value

    @property
    def budget(self) -> int:
        if self.part_budget is not None:
            return self.part_budget
        default = default_for_id(self.template_id)
        return default.part_budget if default else 1

    def as_template(self) -> Template:
        return Template(self.template_id, self.body, self.budget, source="override")

    @property
    def content_digest(self) -> str:
        if self.malformed:  # no text and number to digest: what is wrong with it stands for them
            return content_digest(self.malformed, None)
        return content_digest(self.body, self.part_budget)

    @property
    def checked(self) -> bool:
        """This content carries its verdict already (nothing to check again)."""
        return self.digest == self.content_digest and self.status in (VALID, REJECTED)

    @property
    def usable(self) -> bool:
        """What the functions may try: enabled and not rejected (they still check it as they compose)."""
        return self.enabled and self.status != REJECTED and self.malformed is None


def content_digest(body: str, part_budget: int | None) -> str:
    """SHA-256 of what is checked: the body and the budget (not who wrote it, nor when)."""
    payload = f"{'' if part_budget is None else int(part_budget)}\n{body}".encode()
    return hashlib.sha256(payload).hexdigest()


def check_stored(template: StoredTemplate, context: CheckContext) -> tuple[str, ...]:
    """Reasons to refuse a stored override; empty when the functions would use it."""
    if template.malformed:
        return (template.malformed,)
    return check_override(template.as_template(), context)


def check_override(template: Template, context: CheckContext) -> tuple[str, ...]:
    """Reasons to refuse ``template``; empty when the functions would use it."""
    if template.template_id not in DEFAULT_TEMPLATES:
        known = ", ".join(sorted(DEFAULT_TEMPLATES))
        return (f"unknown template id {template.template_id!r}: the functions read only {known}",)
    return validate_template(template, context.company_name, context.callback_number, context.banned_phrases)
