"""Settings of the templates' stream validator: the values the functions render a template with."""

from __future__ import annotations

from pydantic import Field

from aftercall.domain.template_admin import CheckContext
from aftercall.settings import TableSettings

# The environment variables that hold them, as every text-composing function reads them
# (``aftercall.settings.texts.TextSettings``); ``aftercall templates`` reads them from the stack.
CHECK_VARIABLES = ("COMPANY_NAME", "CALLBACK_NUMBER", "BANNED_PHRASES")


class TemplateCheckSettings(TableSettings):
    company_name: str = Field(min_length=1)
    callback_number: str = Field(min_length=1)
    banned_phrases: str = ""  # comma separated

    def check_context(self) -> CheckContext:
        return check_context(self.company_name, self.callback_number, self.banned_phrases)


def check_context(company_name: str, callback_number: str, banned_phrases: str) -> CheckContext:
    banned = tuple(p.strip() for p in banned_phrases.split(",") if p.strip())
    return CheckContext(company_name, callback_number, banned)
