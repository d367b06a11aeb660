"""Follow-up text templates: the model, the defaults, rendering and validation.

Engine: ``string.Template`` with a checked placeholder set. Admin-edited text can only name values
from ``PLACEHOLDERS``; nothing in it is evaluated (see docs/decisions.md, 2026-11-23).

A body is a list of lines. A line whose placeholders include an empty value is left out, so a
missing memo still gives a short, polite text. A line starting with ``?`` is optional: when the
text is over its part budget, the composer drops optional lines (last first) before it shortens
anything else.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from aftercall.domain.encoding import MAX_PART_BUDGET, MAX_UNITS, analyze, normalize_for_gsm
from aftercall.domain.kinds import FOLLOWUP, REMINDER
from aftercall.domain.locale_formats import SUPPORTED_LOCALES, short_datetime
from aftercall.domain.memo import Strategy
from aftercall.domain.message_lint import finding_codes, lint_message

FALLBACK_LOCALE = "en-US"
KINDS: tuple[str, ...] = (FOLLOWUP, REMINDER)
OPTIONAL_MARK = "?"

# Values from configuration: always present.
CONFIG_PLACEHOLDERS = frozenset({"company_name", "callback_number"})
# Free memo text: the composer may shorten these at a word boundary.
SHORTENABLE = frozenset({"purpose", "status", "desired_outcome", "problem", "progress", "appointment_bring"})
# Never shortened: links, dates, times, places.
VERBATIM = frozenset({"occurred_at", "detail_url", "appointment_time", "appointment_place"})
PLACEHOLDERS = CONFIG_PLACEHOLDERS | SHORTENABLE | VERBATIM

# What each kind of text must say (besides the sender, required everywhere).
_REQUIRED: dict[str, frozenset[str]] = {
    Strategy.CONFIRM.value: frozenset({"company_name"}),
    Strategy.DETAIL.value: frozenset({"company_name", "detail_url"}),
    Strategy.APPOINTMENT.value: frozenset({"company_name", "appointment_time"}),
    REMINDER: frozenset({"company_name", "appointment_time"}),
}


@dataclass(frozen=True)
class TemplateLine:
    """One line of a template and whether it may be dropped to fit the budget."""

    text: str
    optional: bool

    @cached_property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(string.Template(self.text).get_identifiers())


@dataclass(frozen=True)
class Template:
    """A text template (default or an operator's override) and its part budget."""

    template_id: str  # "<strategy>#<locale>" or "reminder#<locale>"
    body: str
    part_budget: int
    source: str = "default"  # default | override

    @property
    def purpose(self) -> str:
        """The strategy value, or "reminder"."""
        return self.template_id.split("#", 1)[0]

    @property
    def locale(self) -> str:
        return self.template_id.split("#", 1)[1]

    @cached_property
    def lines(self) -> tuple[TemplateLine, ...]:
        out = []
        for raw in self.body.strip("\n").split("\n"):
            optional = raw.startswith(OPTIONAL_MARK)
            out.append(TemplateLine(raw.removeprefix(OPTIONAL_MARK).strip(), optional))
        return tuple(out)


def supported_locale(locale: str | None) -> str | None:
    """``locale`` as one we have templates for: exact, else by language (``en-GB`` → ``en-US``)."""
    if not locale:
        return None
    wanted = locale.replace("_", "-").strip()
    for candidate in SUPPORTED_LOCALES:
        if candidate.lower() == wanted.lower():
            return candidate
    language = wanted.split("-", 1)[0].lower()
    return next((c for c in SUPPORTED_LOCALES if c.split("-", 1)[0] == language), None)


def template_id(strategy: Strategy, locale: str, kind: str = FOLLOWUP) -> str:
    resolved = supported_locale(locale) or FALLBACK_LOCALE
    return f"{REMINDER if kind == REMINDER else strategy.value}#{resolved}"


def render_lines(lines: tuple[TemplateLine, ...], values: dict[str, str]) -> str:
    """Substitute ``values``; a line with any empty value is left out."""
    kept = [
        string.Template(line.text).safe_substitute(values)
        for line in lines
        if all(values.get(name) for name in line.placeholders)
    ]
    return "\n".join(kept)


# --- the defaults -------------------------------------------------------------------------------

_KO_THANKS = "[${company_name}] 고객님, 오늘 문의해 주셔서 감사합니다."
_KO_CALL = "궁금하신 점은 ${callback_number}번으로 연락 주세요."
_EN_THANKS = "Thank you for calling ${company_name} today."
_EN_CALL = "Questions? Call ${callback_number}."

_DEFAULT_BODIES: dict[str, tuple[str, int]] = {
    # Korean is UCS-2: 70 characters in one part, 67 per part when split.
    "confirm#ko-KR": (
        f"""{_KO_THANKS}
?문의 내용: ${{purpose}}
요청하신 사항: ${{desired_outcome}}
{_KO_CALL}""",
        2,
    ),
    "detail#ko-KR": (
        f"""{_KO_THANKS}
문의 내용: ${{purpose}}
?발생 일시: ${{occurred_at}}
현재 상황: ${{status}}
요청하신 사항: ${{desired_outcome}}
자세히 보기: ${{detail_url}}
{_KO_CALL}""",
        3,
    ),
    "appointment#ko-KR": (
        f"""{_KO_THANKS}
예약 일시: ${{appointment_time}}
장소: ${{appointment_place}}
?준비물: ${{appointment_bring}}
?문의 내용: ${{purpose}}
예약 변경이나 궁금하신 점은 ${{callback_number}}번으로 연락 주세요.""",
        3,
    ),
    "reminder#ko-KR": (
        """[${company_name}] 예약 일정을 다시 안내해 드립니다.
일시: ${appointment_time}
장소: ${appointment_place}
?준비물: ${appointment_bring}
변경이 필요하시면 ${callback_number}번으로 연락 주세요.""",
        2,
    ),
    # English is GSM-7 when the memo is: 160 characters in one part, 153 per part when split.
    "confirm#en-US": (
        f"""{_EN_THANKS}
?Your request: ${{purpose}}
We agreed: ${{desired_outcome}}
{_EN_CALL}""",
        1,
    ),
    "detail#en-US": (
        f"""{_EN_THANKS}
Your request: ${{purpose}}
?When: ${{occurred_at}}
?Issue: ${{problem}}
Status: ${{status}}
Next: ${{desired_outcome}}
Details: ${{detail_url}}
{_EN_CALL}""",
        2,
    ),
    "appointment#en-US": (
        f"""{_EN_THANKS}
Your appointment: ${{appointment_time}}
Place: ${{appointment_place}}
?Please bring: ${{appointment_bring}}
?About: ${{purpose}}
To change it or for questions, call ${{callback_number}}.""",
        2,
    ),
    "reminder#en-US": (
        """${company_name} appointment reminder
When: ${appointment_time}
Place: ${appointment_place}
?Please bring: ${appointment_bring}
To change it, call ${callback_number}.""",
        2,
    ),
}

DEFAULT_TEMPLATES: dict[str, Template] = {
    tid: Template(tid, body, budget) for tid, (body, budget) in _DEFAULT_BODIES.items()
}


def default_template(strategy: Strategy, locale: str, kind: str = FOLLOWUP) -> Template:
    return DEFAULT_TEMPLATES[template_id(strategy, locale, kind)]


def default_for_id(tid: str) -> Template | None:
    return DEFAULT_TEMPLATES.get(tid)


# --- validation ---------------------------------------------------------------------------------

# A typical memo per locale, used to check an override's length and lint before it is accepted.
# The appointment is spelled out as the composer would (domain.locale_formats), so the check follows it.
_SAMPLE_APPOINTMENT = datetime(2026, 3, 5, 14, 30)
SAMPLE_VALUES: dict[str, dict[str, str]] = {
    "ko-KR": {
        "purpose": "이중 결제 환불 문의",
        "status": "카드사에 취소 요청 완료",
        "desired_outcome": "3월 6일까지 결제하신 카드로 35,000원 환불",
        "occurred_at": "3월 2일 오후 2시",
        "problem": "같은 주문이 두 번 결제됨",
        "progress": "중복 결제 1건 취소 접수",
        "appointment_time": short_datetime(_SAMPLE_APPOINTMENT, "ko-KR"),  # 3월 5일(목) 오후 2시 30분
        "appointment_place": "강남지점 2층 상담실",
        "appointment_bring": "신분증",
        "detail_url": "https://d.example.com/l/Ab3dEf9hJk2m",
    },
    "en-US": {
        "purpose": "double charge on your card",
        "status": "cancellation sent to the card issuer",
        "desired_outcome": "refund of $35.00 to your card by Mar 6",
        "occurred_at": "Mar 2, 2:00 PM",
        "problem": "one order was charged twice",
        "progress": "duplicate charge cancelled",
        "appointment_time": short_datetime(_SAMPLE_APPOINTMENT, "en-US"),  # Thu, Mar 5 at 2:30 PM
        "appointment_place": "Main St branch, 2nd floor",
        "appointment_bring": "a photo ID",
        "detail_url": "https://d.example.com/l/Ab3dEf9hJk2m",
    },
}


def placeholder_problems(template: Template) -> list[str]:
    """Syntax, unknown and missing placeholders, and the budget's range."""
    reasons: list[str] = []
    engine = string.Template(template.body)
    if not engine.is_valid():
        reasons.append("invalid placeholder syntax: write ${name}, and $$ for a dollar sign")
    names = set(engine.get_identifiers())
    reasons.extend(f"unknown placeholder ${{{n}}}" for n in sorted(names - PLACEHOLDERS))
    required = _REQUIRED.get(template.purpose, frozenset())
    reasons.extend(f"missing required placeholder ${{{n}}}" for n in sorted(required - names))
    if not 1 <= template.part_budget <= MAX_PART_BUDGET:
        reasons.append(f"part budget must be between 1 and {MAX_PART_BUDGET}")
    return reasons


def validate_template(
    template: Template, company_name: str, callback_number: str, banned_phrases: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Reasons to refuse ``template``; empty when it may be used.

    Beyond the placeholders, the template is rendered with a typical memo: it must fit its part
    budget and the longest message AWS sends (630 UCS-2 / 1,600 GSM-7 characters) without
    shortening, and pass message lint.
    """
    reasons = placeholder_problems(template)
    if reasons:
        return tuple(reasons)
    sample = {
        **SAMPLE_VALUES[supported_locale(template.locale) or FALLBACK_LOCALE],
        "company_name": company_name,
        "callback_number": callback_number,
    }
    text = normalize_for_gsm(render_lines(template.lines, sample))
    sizing = analyze(text)
    if sizing.parts > template.part_budget:
        reasons.append(
            f"a typical memo needs {sizing.parts} parts, over the budget of {template.part_budget}"
        )
    if sizing.units > MAX_UNITS[sizing.encoding]:
        reasons.append(
            f"a typical memo needs {sizing.units} {sizing.encoding} characters, over the "
            f"{MAX_UNITS[sizing.encoding]} End User Messaging SMS sends in one message"
        )
    reasons.extend(f"message lint: {code}" for code in finding_codes(lint_message(text, banned_phrases)))
    return tuple(reasons)
