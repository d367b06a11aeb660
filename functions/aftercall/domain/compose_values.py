"""The values a text or an email says: memo fields on one line, the brand and the appointment time.

Only customer-facing memo fields (``Memo.customer_fields()``), the appointment and configuration
are read; the agent note never is. SMS and email composition both start from these values.
"""

from __future__ import annotations

from dataclasses import dataclass

from aftercall.domain.appointment import read_time
from aftercall.domain.locale_formats import short_datetime
from aftercall.domain.memo import Memo
from aftercall.domain.text_normal import is_blank
from aftercall.errors import ConfigurationError


@dataclass(frozen=True)
class ComposeContext:
    """What every text may name besides the memo: the center, its callback number, the link."""

    company_name: str
    callback_number: str
    detail_url: str | None = None
    time_zone: str = "Asia/Seoul"  # for appointment times written without an offset


def check_context(ctx: ComposeContext) -> None:
    """Refuse to compose without a sender and a number to call back: the text would say nothing."""
    if not ctx.company_name.strip() or not ctx.callback_number.strip():
        raise ConfigurationError("the company name and the callback number must be configured")


def one_line(value: str | None) -> str:
    """Collapse whitespace: a memo field becomes one clean line."""
    return " ".join((value or "").split())


def memo_line(value: str | None) -> str:
    """A memo field as one line, or "" when it only says "nothing here" ("-", ".", "N/A", "없음"):
    the template then leaves its line out instead of texting the placeholder."""
    return "" if is_blank(value) else one_line(value)


def format_appointment(at: str, locale: str, time_zone: str) -> str:
    """A readable local time, in the offset the agent entered (``time_zone`` if none); raw if unparsable."""
    moment = read_time(at.strip(), time_zone)
    if moment is None:
        return one_line(at)
    return short_datetime(moment, locale)


def placeholder_values(memo: Memo, ctx: ComposeContext, locale: str) -> dict[str, str]:
    """Every placeholder's value; empty when unknown. The agent note is never read."""
    values = {name: memo_line(text) for name, text in memo.customer_fields().items()}
    appointment = memo.appointment
    values.update(
        company_name=one_line(ctx.company_name),
        callback_number=one_line(ctx.callback_number),
        detail_url=(ctx.detail_url or "").strip(),
        appointment_time=format_appointment(appointment.at, locale, ctx.time_zone) if appointment else "",
        appointment_place=memo_line(appointment.place) if appointment else "",
        appointment_bring=memo_line(appointment.bring) if appointment else "",
    )
    return values
