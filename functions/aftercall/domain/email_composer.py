"""The fallback email: subject, plain text and HTML, with the same facts as the SMS and more room."""

from __future__ import annotations

import html
from dataclasses import dataclass

from aftercall.domain.compose_values import ComposeContext, check_context, placeholder_values
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.templates import FALLBACK_LOCALE, FOLLOWUP, REMINDER, supported_locale


@dataclass(frozen=True)
class EmailContent:
    """A composed email: subject, text and HTML bodies."""

    subject: str
    text: str
    html: str


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
    check_context(ctx)
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
