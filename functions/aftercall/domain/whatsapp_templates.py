"""WhatsApp message templates: one per strategy (and the reminder) in ko-KR and en-US.

Outside the 24-hour customer-service window a business may send only a template Meta approved. Each
template here is a UTILITY template whose body names positional parameters (``{{1}}``…); the values
come from the same values an SMS says (``compose_values.placeholder_values`` over the gated memo), so
nothing the gate kept back can reach a parameter. Meta refuses a parameter that is empty or holds a
line break, a tab or more than four spaces in a row: a value is one line, capped, and an empty one
takes the template's neutral wording, or the template cannot be sent (``TemplateUnfitError``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from aftercall.domain.kinds import REMINDER
from aftercall.domain.memo import Strategy
from aftercall.domain.shortening import shorter_forms

NAME_PREFIX = "aftercall_"
APPROVED = "APPROVED"  # Meta's status of a template it has reviewed and accepted
CATEGORY = "UTILITY"
MAX_BODY = 1024  # Meta's limit on a template body's characters
MAX_PARAMETER = 200  # ours: a parameter says one thing; the text's own limit is the body's
LANGUAGES = {"ko-KR": "ko", "en-US": "en_US"}  # our locales → Meta's language codes


class TemplateUnfitError(ValueError):
    """A parameter has no value and no neutral wording: this template cannot say it."""

    def __init__(self, field: str) -> None:
        super().__init__(f"no value for {field}")
        self.field = field


@dataclass(frozen=True)
class WhatsAppTemplate:
    """One template: its Meta name and language, body, and the value behind each ``{{n}}``."""

    purpose: str  # the strategy value, or "reminder"
    locale: str
    body: str
    fields: tuple[str, ...]  # placeholder_values names, in {{1}}, {{2}}… order
    neutral: tuple[tuple[str, str], ...] = ()  # field → wording when the memo says nothing
    example: tuple[str, ...] = ()  # Meta's reviewers read the body with these values

    @property
    def name(self) -> str:
        return f"{NAME_PREFIX}{self.purpose}"

    @property
    def language(self) -> str:
        return LANGUAGES[self.locale]

    def parameters(self, values: dict[str, str]) -> tuple[str, ...]:
        """The ``{{n}}`` values from the composer's values; raises ``TemplateUnfitError``."""
        neutral = dict(self.neutral)
        out = []
        for name in self.fields:
            value = one_parameter(values.get(name, "")) or neutral.get(name, "")
            if not value:
                raise TemplateUnfitError(name)
            out.append(value)
        return tuple(out)

    def definition(self) -> bytes:
        """The ``templateDefinition`` CreateWhatsAppMessageTemplate takes (Meta's template JSON)."""
        body: dict[str, object] = {"type": "BODY", "text": self.body}
        if self.example:
            body["example"] = {"body_text": [list(self.example)]}
        template = {"name": self.name, "language": self.language, "category": CATEGORY, "components": [body]}
        return json.dumps(template, ensure_ascii=False).encode()


def one_parameter(value: str) -> str:
    """One line of at most ``MAX_PARAMETER`` characters, cut at a word boundary."""
    line = " ".join(value.split())
    if len(line) <= MAX_PARAMETER:
        return line
    return next((form for form in shorter_forms(line) if len(form) <= MAX_PARAMETER), line[:MAX_PARAMETER])


_KO_CALL = "궁금하신 점은 {{%d}}번으로 연락 주세요."
_EN_CALL = "Questions? Call {{%d}}, and we will be glad to help."
_KO_SUMMARY = ("desired_outcome", "상담하신 내용")
_EN_SUMMARY = ("desired_outcome", "what we discussed")
_KO_PLACE = ("appointment_place", "안내받으신 장소")
_EN_PLACE = ("appointment_place", "as discussed on the call")
_KO_EXAMPLE = ("에이스카드", "010-0000-0000")
_EN_EXAMPLE = ("Ace Card", "+1 555 0100")

TEMPLATES: tuple[WhatsAppTemplate, ...] = (
    WhatsAppTemplate(
        Strategy.CONFIRM.value,
        "ko-KR",
        "[{{1}}] 고객님, 오늘 문의해 주셔서 감사합니다.\n요청하신 사항: {{2}}\n" + _KO_CALL % 3,
        ("company_name", "desired_outcome", "callback_number"),
        (_KO_SUMMARY,),
        (_KO_EXAMPLE[0], "카드 재발급 신청", _KO_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        Strategy.CONFIRM.value,
        "en-US",
        "Thank you for calling {{1}} today.\nWe agreed: {{2}}\n" + _EN_CALL % 3,
        ("company_name", "desired_outcome", "callback_number"),
        (_EN_SUMMARY,),
        (_EN_EXAMPLE[0], "a new card is on its way", _EN_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        Strategy.DETAIL.value,
        "ko-KR",
        "[{{1}}] 고객님, 오늘 문의해 주셔서 감사합니다.\n문의 내용: {{2}}\n"
        "자세히 보기: {{3}}\n" + _KO_CALL % 4,
        ("company_name", "purpose", "detail_url", "callback_number"),
        (("purpose", "상담하신 내용"),),
        (_KO_EXAMPLE[0], "결제 오류 문의", "https://example.com/f/abc123", _KO_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        Strategy.DETAIL.value,
        "en-US",
        "Thank you for calling {{1}} today.\nYour request: {{2}}\nDetails: {{3}}\n" + _EN_CALL % 4,
        ("company_name", "purpose", "detail_url", "callback_number"),
        (("purpose", "your request"),),
        (_EN_EXAMPLE[0], "a payment error", "https://example.com/f/abc123", _EN_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        Strategy.APPOINTMENT.value,
        "ko-KR",
        "[{{1}}] 고객님, 예약을 안내해 드립니다.\n예약 일시: {{2}}\n장소: {{3}}\n"
        "예약 변경이나 궁금하신 점은 {{4}}번으로 연락 주세요.",
        ("company_name", "appointment_time", "appointment_place", "callback_number"),
        (_KO_PLACE,),
        (_KO_EXAMPLE[0], "12월 8일 (화) 오후 2:30", "강남지점", _KO_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        Strategy.APPOINTMENT.value,
        "en-US",
        "Thank you for calling {{1}} today.\nYour appointment: {{2}}\nPlace: {{3}}\n"
        "To change it or for questions, call {{4}}, and we will be glad to help.",
        ("company_name", "appointment_time", "appointment_place", "callback_number"),
        (_EN_PLACE,),
        (_EN_EXAMPLE[0], "Tue, Dec 8, 2:30 PM", "Main Street branch", _EN_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        REMINDER,
        "ko-KR",
        "[{{1}}] 예약 일정을 다시 안내해 드립니다.\n일시: {{2}}\n장소: {{3}}\n"
        "변경이 필요하시면 {{4}}번으로 연락 주세요.",
        ("company_name", "appointment_time", "appointment_place", "callback_number"),
        (_KO_PLACE,),
        (_KO_EXAMPLE[0], "12월 8일 (화) 오후 2:30", "강남지점", _KO_EXAMPLE[1]),
    ),
    WhatsAppTemplate(
        REMINDER,
        "en-US",
        "Appointment reminder from {{1}}\nWhen: {{2}}\nPlace: {{3}}\n"
        "To change it, call {{4}}, and we will be glad to help.",
        ("company_name", "appointment_time", "appointment_place", "callback_number"),
        (_EN_PLACE,),
        (_EN_EXAMPLE[0], "Tue, Dec 8, 2:30 PM", "Main Street branch", _EN_EXAMPLE[1]),
    ),
)


def whatsapp_template(strategy: Strategy, locale: str, kind: str) -> WhatsAppTemplate:
    """The template for a follow-up (or its reminder) in ``locale`` (en-US when we have no other)."""
    purpose = REMINDER if kind == REMINDER else strategy.value
    by_key = {(t.purpose, t.locale): t for t in TEMPLATES}
    return by_key.get((purpose, locale)) or by_key[(purpose, "en-US")]
