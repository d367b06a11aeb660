"""Compose the follow-up SMS (within the template's part budget) and the fallback email.

Only customer-facing memo fields (``Memo.customer_fields()``), the appointment and configuration
reach a text; the agent note never does. When a text is over its budget the composer drops optional
lines (last first), then shortens the longest free-text value at a word boundary, never inside a
link, a date or a number, and marks the cut with an ellipsis. When that is not enough it raises
``DoesNotFitError``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from aftercall.domain.appointment import read_time
from aftercall.domain.encoding import analyze, capacity, normalize_for_gsm
from aftercall.domain.locale_formats import EN_MONTH_ABBREVIATIONS, EN_MONTHS, short_datetime
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.message_lint import finding_codes, lint_message
from aftercall.domain.templates import (
    FALLBACK_LOCALE,
    FOLLOWUP,
    REMINDER,
    SHORTENABLE,
    Template,
    TemplateLine,
    default_template,
    render_lines,
    supported_locale,
)
from aftercall.errors import ConfigurationError, DoesNotFitError

__all__ = [
    "ComposeContext",
    "ComposedSms",
    "DoesNotFitError",
    "EmailContent",
    "choose_locale",
    "compose_email",
    "compose_sms",
    "placeholder_values",
]

ELLIPSIS = "…"  # becomes "..." when the whole text is GSM-7
MIN_KEPT = 6  # characters a shortened value keeps at least: less says nothing, so it does not fit
_TRAILING_PUNCT = ".,;:!?·-–—"


@dataclass(frozen=True)
class ComposeContext:
    company_name: str
    callback_number: str
    detail_url: str | None = None
    time_zone: str = "Asia/Seoul"  # for appointment times written without an offset


@dataclass(frozen=True)
class ComposedSms:
    text: str
    encoding: str  # GSM-7 | UCS-2
    parts: int
    budget: int
    template_id: str
    template_source: str  # default | override
    shortened: bool
    findings: tuple[str, ...]  # message-lint codes


@dataclass(frozen=True)
class EmailContent:
    subject: str
    text: str
    html: str


# --- values -------------------------------------------------------------------------------------


def _one_line(value: str | None) -> str:
    """Collapse whitespace: a memo field becomes one clean line."""
    return " ".join((value or "").split())


def format_appointment(at: str, locale: str, time_zone: str) -> str:
    """A readable local time, in the offset the agent entered (``time_zone`` if none); raw if unparsable."""
    moment = read_time(at.strip(), time_zone)
    if moment is None:
        return _one_line(at)
    return short_datetime(moment, locale)


def placeholder_values(memo: Memo, ctx: ComposeContext, locale: str) -> dict[str, str]:
    """Every placeholder's value; empty when unknown. The agent note is never read."""
    values = {name: _one_line(text) for name, text in memo.customer_fields().items()}
    appointment = memo.appointment
    values.update(
        company_name=_one_line(ctx.company_name),
        callback_number=_one_line(ctx.callback_number),
        detail_url=(ctx.detail_url or "").strip(),
        appointment_time=format_appointment(appointment.at, locale, ctx.time_zone) if appointment else "",
        appointment_place=_one_line(appointment.place) if appointment else "",
        appointment_bring=_one_line(appointment.bring) if appointment else "",
    )
    return values


# --- shortening ---------------------------------------------------------------------------------

_DATE_WORDS = frozenset(
    {m.lower() for m in EN_MONTHS + EN_MONTH_ABBREVIATIONS}
    | {"sept", "am", "pm", "a.m.", "p.m.", "noon", "midnight", "오전", "오후", "정오", "자정"}
)
_LINK = re.compile(r"^(?:[a-z]{2,6}://|www\.)", flags=re.IGNORECASE)


def _protected(token: str) -> bool:
    """Part of a link, a date or a number: never cut into."""
    bare = token.strip("()[],.;:!?\"'").lower()
    return any(c.isdigit() for c in token) or bool(_LINK.match(bare)) or bare in _DATE_WORDS


def _shorter_forms(value: str) -> list[str]:
    """Shortened forms of ``value``, longest first; each ends with an ellipsis.

    Cuts fall between words, never inside a run of protected tokens (``Mar 6``, ``3월 6일``); a
    first word that is plain text may itself be cut.
    """
    tokens = value.split(" ")
    guarded = [_protected(t) for t in tokens]
    prefixes = [
        " ".join(tokens[:k]) for k in range(len(tokens) - 1, 0, -1) if not (guarded[k - 1] and guarded[k])
    ]
    if not guarded[0]:
        prefixes += [tokens[0][:j] for j in range(len(tokens[0]) - 1, 0, -1)]
    forms: list[str] = []
    for prefix in prefixes:
        trimmed = prefix.rstrip(_TRAILING_PUNCT + " ")
        if len(trimmed) >= MIN_KEPT and (not forms or len(trimmed) + 1 < len(forms[-1])):
            forms.append(trimmed + ELLIPSIS)
    return forms


def _render(lines: list[TemplateLine], values: dict[str, str]) -> str:
    return normalize_for_gsm(render_lines(tuple(lines), values))


def _fits(text: str, budget: int) -> bool:
    return analyze(text).parts <= budget


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
    forms = {name: _shorter_forms(values[name]) for name in used}
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


# --- SMS ----------------------------------------------------------------------------------------


def _check(ctx: ComposeContext) -> None:
    if not ctx.company_name.strip() or not ctx.callback_number.strip():
        raise ConfigurationError("the company name and the callback number must be configured")


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
    _check(ctx)
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


# --- email --------------------------------------------------------------------------------------

# Field order and labels of the email summary, per locale.
_EMAIL_FIELDS = (
    "purpose",
    "occurred_at",
    "problem",
    "status",
    "progress",
    "desired_outcome",
    "appointment_time",
    "appointment_place",
    "appointment_bring",
)
_REMINDER_FIELDS = ("appointment_time", "appointment_place", "appointment_bring")
_EMAIL_TEXT: dict[str, dict[str, str]] = {
    "ko-KR": {
        "subject": "[{company}] 상담 내용 안내",
        "subject_reminder": "[{company}] 예약 안내",
        "greeting": "고객님, 안녕하세요. {company}입니다.",
        "intro": "오늘 문의해 주셔서 감사합니다. 상담 내용을 정리해 드립니다.",
        "intro_reminder": "예약 일정을 다시 안내해 드립니다.",
        "detail": "자세한 내용은 아래 링크에서 확인하실 수 있습니다.",
        "closing": "궁금하신 점은 {callback}번으로 연락 주세요. 감사합니다.",
        "footer": "이 메일은 발신 전용입니다.",
        "purpose": "문의 내용",
        "occurred_at": "발생 일시",
        "problem": "문제 내용",
        "status": "현재 상황",
        "progress": "처리 경과",
        "desired_outcome": "요청하신 사항",
        "appointment_time": "예약 일시",
        "appointment_place": "장소",
        "appointment_bring": "준비물",
    },
    "en-US": {
        "subject": "{company}: summary of your call",
        "subject_reminder": "{company}: appointment reminder",
        "greeting": "Hello,",
        "intro": "Thank you for calling {company} today. Here is a summary of your call.",
        "intro_reminder": "This is a reminder of your appointment with {company}.",
        "detail": "You can see the details here:",
        "closing": "Questions? Call us at {callback}. Thank you.",
        "footer": "This is a send-only address; replies are not read.",
        "purpose": "Your request",
        "occurred_at": "When it happened",
        "problem": "Issue",
        "status": "Status",
        "progress": "Done so far",
        "desired_outcome": "What we agreed",
        "appointment_time": "Appointment",
        "appointment_place": "Place",
        "appointment_bring": "Please bring",
    },
}


def compose_email(
    memo: Memo, strategy: Strategy, locale: str, ctx: ComposeContext, kind: str = FOLLOWUP
) -> EmailContent:
    """The fallback email: subject, plain text and HTML, with the same facts as the SMS and more room."""
    _check(ctx)
    resolved = supported_locale(locale) or FALLBACK_LOCALE
    words = _EMAIL_TEXT[resolved]
    values = placeholder_values(memo, ctx, resolved)
    reminder = kind == REMINDER
    names = _REMINDER_FIELDS if reminder else _EMAIL_FIELDS
    rows = [(words[n], values[n]) for n in names if values[n]]
    link = values["detail_url"] if strategy is Strategy.DETAIL and not reminder else ""

    def say(key: str) -> str:
        return words[key].format(company=values["company_name"], callback=values["callback_number"])

    subject = say("subject_reminder" if reminder else "subject")
    intro = say("intro_reminder" if reminder else "intro")
    text_lines = [say("greeting"), "", intro, ""]
    text_lines += [f"- {label}: {value}" for label, value in rows]
    if link:
        text_lines += ["", say("detail"), link]
    text_lines += ["", say("closing"), "", say("footer")]

    esc = html.escape
    html_rows = "".join(f"<li><strong>{esc(label)}</strong>: {esc(value)}</li>" for label, value in rows)
    html_parts = [
        f'<html lang="{resolved[:2]}"><body>',
        f"<p>{esc(say('greeting'))}</p>",
        f"<p>{esc(intro)}</p>",
    ]
    if rows:
        html_parts.append(f"<ul>{html_rows}</ul>")
    if link:
        html_parts.append(f'<p>{esc(say("detail"))} <a href="{esc(link)}">{esc(link)}</a></p>')
    html_parts += [
        f"<p>{esc(say('closing'))}</p>",
        f"<p><small>{esc(say('footer'))}</small></p>",
        "</body></html>",
    ]
    return EmailContent(subject=subject, text="\n".join(text_lines), html="".join(html_parts))
