"""The send policy: may this customer get a text, on which channels, and when.

Pure: every input is a value, ``now`` included. A plan either skips with a stable reason
(``SkipReason``, documented in docs/texts.md) or lists channels in order with a send time that is
outside quiet hours in the customer's time zone (deferred, never dropped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from aftercall.domain.kinds import REMINDER
from aftercall.domain.memo import Strategy
from aftercall.domain.phone import PhoneNumber


def followup_id_for(contact_id: str, kind: str) -> str:
    """The follow-up's id: the contact id, with a suffix for the reminder (SES tag-safe characters)."""
    return f"{contact_id}_reminder" if kind == REMINDER else contact_id


VOICE = "VOICE"


class Channel(StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"
    TASK = "task"


class SkipReason(StrEnum):
    """Every reason a contact gets no follow-up, recorded at ingestion or by the plan."""

    # Decided at ingestion, from the contact (usecases/ingest.py).
    CHANNEL_EXCLUDED = "channel_excluded"
    INITIATION_EXCLUDED = "initiation_excluded"
    TRANSFER = "transfer"  # FOLLOW_TRANSFERS is off
    TRANSFERRED_ONWARD = "transferred_onward"  # an interim leg: the leg it was handed to follows up
    NO_AGENT = "no_agent"
    # Decided by the policy.
    NOT_VOICE = "not_voice"
    NO_NUMBER = "no_number"
    INVALID_NUMBER = "invalid_number"
    LANDLINE = "landline"
    NO_CONSENT = "no_consent"
    OPTED_OUT = "opted_out"
    PREFERS_NO_CONTACT = "prefers_no_contact"  # the customer's preferred channel is "none"
    FREQUENCY_CAP = "frequency_cap"
    APPOINTMENT_PAST = "appointment_past"
    REMINDER_TOO_CLOSE = "reminder_too_close"
    # A reminder whose appointment a later call moved or cancelled (the later call has its own).
    SUPERSEDED = "superseded"
    # The follow-up goes out; only its reminder is skipped (recorded on the plan as ``reminder_skip``).
    REMINDER_BEYOND_HORIZON = "reminder_beyond_horizon"
    # The follow-up goes out; only WhatsApp is left out of its route (``channel_skip`` on the plan) or
    # skipped by the send step (``channel_skip`` on the follow-up too); the route goes on.
    WHATSAPP_NOT_CONFIGURED = "whatsapp_not_configured"  # prefers WhatsApp; the stack has no number
    WHATSAPP_NO_OPT_IN = "whatsapp_no_opt_in"  # prefers WhatsApp, but withdrew the opt-in
    WHATSAPP_TEMPLATE_NOT_APPROVED = "whatsapp_template_not_approved"  # outside the window; Meta reviews
    WHATSAPP_TEMPLATE_UNFIT = "whatsapp_template_unfit"  # the template's parameter has no value to say


@dataclass(frozen=True)
class PolicyConfig:
    """The deployment's send policy: quiet hours, the frequency cap, consent, channels."""

    quiet_start: time
    quiet_end: time
    default_time_zone: str
    frequency_cap: int
    frequency_window: timedelta
    cap_bypass_strategies: frozenset[Strategy]
    landline_action: str  # "skip" | "fallback"
    require_consent: bool
    fallback_channels: tuple[Channel, ...] = (Channel.EMAIL, Channel.TASK)
    reminder_lead: timedelta = timedelta(hours=24)
    reminder_min_lead: timedelta = timedelta(minutes=60)
    # An execution lives at most a year and waits for the reminder inside it: an appointment further
    # away than this gets no reminder (the follow-up itself goes out).
    reminder_horizon: timedelta = timedelta(days=300)
    whatsapp_enabled: bool = False  # a linked WhatsApp number is configured


@dataclass(frozen=True)
class PolicyInput:
    """What the policy decides on: the call, the customer's choices and texts, the strategy."""

    channel: str
    phone: PhoneNumber | None
    ingest_skip_reason: str | None
    consent: bool | None
    opted_out: bool
    recent_sends: tuple[datetime, ...]
    strategy: Strategy
    kind: str  # followup | reminder
    has_email: bool
    appointment_at: datetime | None
    preferred_channel: str | None = None  # sms | whatsapp | email | none: the memo's, else the stored one
    whatsapp_opt_in: bool | None = None  # None: never asked; False: withdrawn


@dataclass(frozen=True)
class Plan:
    """The policy's decision: a skip reason, or the channels, when to send and the reminder."""

    skip_reason: str | None
    channels: tuple[Channel, ...] = field(default=())
    send_at: datetime | None = None  # UTC, aware
    reminder_at: datetime | None = None  # UTC, aware
    deferred: bool = False
    reminder_skip: str | None = None  # why an appointment gets no reminder, when the policy decided so
    channel_skip: str | None = None  # why WhatsApp is not in the route although the customer prefers it

    @property
    def skipped(self) -> bool:
        return self.skip_reason is not None


def time_zone_for(phone: PhoneNumber | None, default: str) -> str:
    """The customer's time zone: the first zone of the number's area, else ``default``."""
    if phone is None:
        return default
    if phone.time_zone is not None:  # looked up when the number was parsed (ingest)
        return phone.time_zone or default
    import phonenumbers  # a number stored before its zone was: not at module level (aftercall.domain.phone)
    from phonenumbers import timezone as phone_timezone

    try:
        zones = phone_timezone.time_zones_for_number(phonenumbers.parse(phone.e164))
    except phonenumbers.NumberParseException:
        return default
    known = [z for z in zones if z != phone_timezone.UNKNOWN_TIMEZONE]
    return known[0] if known else default


def in_quiet_hours(moment: datetime, zone: ZoneInfo, start: time, end: time) -> bool:
    """Whether ``moment`` falls in [start, end) local time; the window may cross midnight."""
    local = moment.astimezone(zone).time().replace(tzinfo=None)
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def next_allowed(moment: datetime, zone: ZoneInfo, start: time, end: time) -> datetime:
    """``moment`` itself when outside quiet hours, else the next local ``end`` (UTC, aware)."""
    if not in_quiet_hours(moment, zone, start, end):
        return moment.astimezone(UTC)
    local = moment.astimezone(zone)
    day = local.date() if local.time().replace(tzinfo=None) < end else local.date() + timedelta(days=1)
    # zoneinfo resolves a wall time that a DST jump skipped to the instant after the jump.
    return datetime.combine(day, end, tzinfo=zone).astimezone(UTC)


def _last_allowed_before(moment: datetime, zone: ZoneInfo, start: time) -> datetime:
    """The start of the quiet window ``moment`` is in, less a minute (UTC, aware)."""
    local = moment.astimezone(zone)
    day = local.date() if local.time().replace(tzinfo=None) >= start else local.date() - timedelta(days=1)
    return (datetime.combine(day, start, tzinfo=zone) - timedelta(minutes=1)).astimezone(UTC)


def _prefers_email(inp: PolicyInput) -> bool:
    return inp.preferred_channel == Channel.EMAIL.value and inp.has_email


def _whatsapp(inp: PolicyInput, config: PolicyConfig) -> tuple[bool, str | None]:
    """Whether WhatsApp is in the route, and why not when the customer prefers it.

    Only with the customer's opt-in (Meta's rule): choosing WhatsApp with an agent, an admin or by a
    keyword reply is one; a STOP withdraws it."""
    prefers = inp.preferred_channel == Channel.WHATSAPP.value
    if not config.whatsapp_enabled:
        return False, SkipReason.WHATSAPP_NOT_CONFIGURED.value if prefers else None
    opted_in = inp.whatsapp_opt_in is True or (prefers and inp.whatsapp_opt_in is None)
    if not opted_in:
        return False, SkipReason.WHATSAPP_NO_OPT_IN.value if prefers else None
    return True, None


def _channels(inp: PolicyInput, config: PolicyConfig, sms: bool) -> tuple[Channel, ...]:
    """The route: SMS, then the configured fallbacks; the customer's channel first when they asked for
    one; WhatsApp (opted in) first when preferred, else right after SMS, a second messenger."""
    fallbacks = tuple(c for c in config.fallback_channels if c is not Channel.EMAIL or inp.has_email)
    whatsapp, _ = _whatsapp(inp, config)
    texts = (Channel.SMS,) if sms else ()
    if whatsapp:
        first = inp.preferred_channel == Channel.WHATSAPP.value
        texts = (Channel.WHATSAPP, *texts) if first else (*texts, Channel.WHATSAPP)
    if _prefers_email(inp):
        return (Channel.EMAIL, *texts, *(c for c in fallbacks if c is not Channel.EMAIL))
    return texts + fallbacks


def _eligibility(inp: PolicyInput, config: PolicyConfig) -> str | None:
    """The first reason this customer may not be contacted, or None."""
    if inp.ingest_skip_reason:
        return inp.ingest_skip_reason
    if inp.channel.upper() != VOICE:
        return SkipReason.NOT_VOICE
    if inp.phone is None:
        return SkipReason.NO_NUMBER
    if not inp.phone.e164.startswith("+"):
        return SkipReason.INVALID_NUMBER
    reachable = _prefers_email(inp) or _whatsapp(inp, config)[0]  # WhatsApp runs on landlines too
    if not inp.phone.can_receive_sms and config.landline_action != "fallback" and not reachable:
        return SkipReason.LANDLINE
    if inp.consent is False or (config.require_consent and inp.consent is not True):
        return SkipReason.NO_CONSENT
    if inp.opted_out:
        return SkipReason.OPTED_OUT
    if inp.preferred_channel == "none":
        return SkipReason.PREFERS_NO_CONTACT
    return None


def _over_cap(inp: PolicyInput, now: datetime, config: PolicyConfig) -> bool:
    if inp.strategy in config.cap_bypass_strategies:
        return False
    since = now - config.frequency_window
    return sum(1 for sent in inp.recent_sends if since < sent <= now) >= config.frequency_cap


def reminder_time(
    appointment_at: datetime, now: datetime, zone: ZoneInfo, config: PolicyConfig
) -> datetime | None:
    """When to remind: ``reminder_lead`` before, moved out of quiet hours; None when too late."""
    latest = appointment_at - config.reminder_min_lead
    at = appointment_at - config.reminder_lead
    if in_quiet_hours(at, zone, config.quiet_start, config.quiet_end):
        later = next_allowed(at, zone, config.quiet_start, config.quiet_end)
        at = later if later <= latest else _last_allowed_before(at, zone, config.quiet_start)
    if at < now or at - now < config.reminder_min_lead:
        return None
    return at.astimezone(UTC)


def plan_followup(inp: PolicyInput, now: datetime, config: PolicyConfig) -> Plan:
    """Skip with a reason, or the channels in order and the send time."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    reason = _eligibility(inp, config)
    if reason or inp.phone is None:
        return Plan(skip_reason=str(reason or SkipReason.NO_NUMBER))
    appointment = inp.appointment_at
    about_appointment = inp.kind == REMINDER or inp.strategy is Strategy.APPOINTMENT
    if about_appointment and appointment is not None and appointment <= now:
        return Plan(skip_reason=SkipReason.APPOINTMENT_PAST.value)
    if inp.kind == REMINDER and appointment is None:
        return Plan(skip_reason=SkipReason.APPOINTMENT_PAST.value)
    if _over_cap(inp, now, config):
        return Plan(skip_reason=SkipReason.FREQUENCY_CAP.value)
    channels = _channels(inp, config, sms=inp.phone.can_receive_sms)
    if not channels:
        return Plan(skip_reason=SkipReason.LANDLINE.value)
    zone = ZoneInfo(time_zone_for(inp.phone, config.default_time_zone))
    send_at = next_allowed(now, zone, config.quiet_start, config.quiet_end)
    deferred = send_at > now
    if inp.kind == REMINDER:
        if appointment is not None and appointment - send_at < config.reminder_min_lead:
            return Plan(skip_reason=SkipReason.REMINDER_TOO_CLOSE.value)
        return Plan(None, channels, send_at, None, deferred, channel_skip=_whatsapp(inp, config)[1])
    reminder_at, reminder_skip = None, None
    if inp.strategy is Strategy.APPOINTMENT and appointment is not None:
        if appointment - send_at > config.reminder_horizon:
            reminder_skip = SkipReason.REMINDER_BEYOND_HORIZON.value
        else:
            reminder_at = reminder_time(appointment, send_at, zone, config)
    return Plan(None, channels, send_at, reminder_at, deferred, reminder_skip, _whatsapp(inp, config)[1])
