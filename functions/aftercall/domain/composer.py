"""Compose the follow-up SMS within its template's part budget; the one entry point for composing.

When a text is over its budget the composer drops optional lines (last first), then shortens the
longest free-text value (domain.shortening) and renders again. When that is not enough it raises
``DoesNotFitError``. The values come from domain.compose_values; the fallback email is composed in
domain.email_composer (not imported here: the SMS steps do not load it).
"""

from __future__ import annotations

from dataclasses import dataclass

from aftercall.domain.compose_values import ComposeContext, check_context, placeholder_values
from aftercall.domain.encoding import analyze, capacity, fits, normalize_for_gsm
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.message_lint import finding_codes, lint_message
from aftercall.domain.shortening import shorter_forms
from aftercall.domain.templates import (
    FALLBACK_LOCALE,
    FOLLOWUP,
    SHORTENABLE,
    Template,
    TemplateLine,
    default_template,
    render_lines,
    supported_locale,
)
from aftercall.errors import DoesNotFitError

__all__ = [
    "ComposeContext",
    "ComposedSms",
    "DoesNotFitError",
    "choose_locale",
    "compose_sms",
    "placeholder_values",
]


@dataclass(frozen=True)
class ComposedSms:
    """A composed text with its encoding, its parts and the part budget it was held to."""

    text: str
    encoding: str  # GSM-7 | UCS-2
    parts: int
    budget: int
    template_id: str
    template_source: str  # default | override
    shortened: bool
    findings: tuple[str, ...]  # message-lint codes


def _render(lines: list[TemplateLine], values: dict[str, str]) -> str:
    return normalize_for_gsm(render_lines(tuple(lines), values))


def _fits(text: str, budget: int) -> bool:
    return fits(analyze(text), budget)


def _fit(template: Template, values: dict[str, str]) -> tuple[str, bool]:
    """The rendered text within the budget, and whether it had to be shortened."""
    budget = template.part_budget
    lines = list(template.lines)
    text = _render(lines, values)
    if _fits(text, budget):
        return text, False
    for index in reversed(range(len(lines))):
        if lines[index].optional:
            del lines[index]
            text = _render(lines, values)
            if _fits(text, budget):
                return text, True
    current = dict(values)
    used = {name for line in lines for name in line.placeholders if name in SHORTENABLE and values.get(name)}
    forms = {name: shorter_forms(values[name]) for name in used}
    step = dict.fromkeys(used, -1)
    while not _fits(text, budget):
        open_names = [n for n in used if step[n] + 1 < len(forms[n])]
        if not open_names:
            raise DoesNotFitError(template.template_id, analyze(text).parts, budget)
        name = max(open_names, key=lambda n: (len(current[n]), n))
        sizing = analyze(text)
        excess = max(sizing.units - capacity(sizing.encoding, budget), 1)
        # Level the longest value down towards the next longest, so cuts are shared, not piled on one.
        runner_up = max((len(current[n]) for n in open_names if n != name), default=0)
        target = max(len(current[name]) - excess, runner_up)
        later = range(step[name] + 1, len(forms[name]))
        step[name] = next((i for i in later if len(forms[name][i]) <= target), len(forms[name]) - 1)
        current[name] = forms[name][step[name]]
        text = _render(lines, current)
    return text, True


def compose_sms(
    memo: Memo,
    strategy: Strategy,
    locale: str,
    ctx: ComposeContext,
    kind: str = FOLLOWUP,
    template: Template | None = None,
    banned_phrases: tuple[str, ...] = (),
) -> ComposedSms:
    """The text to send, within ``template``'s part budget (the default template when None)."""
    check_context(ctx)
    chosen = template or default_template(strategy, locale, kind)
    values = placeholder_values(memo, ctx, supported_locale(chosen.locale) or FALLBACK_LOCALE)
    text, shortened = _fit(chosen, values)
    sizing = analyze(text)
    return ComposedSms(
        text=text,
        encoding=sizing.encoding,
        parts=sizing.parts,
        budget=chosen.part_budget,
        template_id=chosen.template_id,
        template_source=chosen.source,
        shortened=shortened,
        findings=finding_codes(lint_message(text, banned_phrases)),
    )


def choose_locale(
    memo_locale: str | None, preferred_locale: str | None, phone_region: str | None, default: str
) -> str:
    """The agent's choice, then the customer's preference, then the number's country, then ``default``."""
    for candidate in (memo_locale, preferred_locale):
        resolved = supported_locale(candidate)
        if resolved:
            return resolved
    if phone_region:
        return "ko-KR" if phone_region.upper() == "KR" else "en-US"
    return supported_locale(default) or FALLBACK_LOCALE
