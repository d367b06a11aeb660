"""The agent's call memo, read from contact attributes under documented keys (docs/memo-attributes.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from aftercall.domain.memo_text import labelled_fields
from aftercall.domain.text_normal import is_blank

ATTRIBUTE_PREFIX = "aftercall_"


class Strategy(StrEnum):
    CONFIRM = "confirm"
    DETAIL = "detail"
    APPOINTMENT = "appointment"


class MemoKey(StrEnum):
    """Contact attribute keys. Customer-facing unless marked otherwise."""

    PURPOSE = "aftercall_purpose"  # why the customer called
    STATUS = "aftercall_status"  # where things stand now
    DESIRED_OUTCOME = "aftercall_desired_outcome"  # what the customer wants to happen
    OCCURRED_AT = "aftercall_occurred_at"  # when the problem happened
    PROBLEM = "aftercall_problem"  # what exactly the problem is
    PROGRESS = "aftercall_progress"  # how far it has been handled
    AGENT_NOTE = "aftercall_agent_note"  # agent-only: never reaches a customer text
    FREE_TEXT = "aftercall_memo"  # the memo as one free text: stored and linted, never sent as written
    STRATEGY = "aftercall_strategy"  # confirm | detail | appointment
    APPOINTMENT_AT = "aftercall_appointment_at"  # ISO 8601 with offset
    APPOINTMENT_PLACE = "aftercall_appointment_place"
    APPOINTMENT_BRING = "aftercall_appointment_bring"
    LINKS = "aftercall_links"  # space-separated https links for the detail page
    CONSENT = "aftercall_consent"  # "yes" when the customer agreed to a follow-up text
    LOCALE = "aftercall_locale"  # ko-KR | en-US
    EMAIL = "aftercall_email"  # fallback address (stored encrypted, never logged)
    PREFERRED_CHANNEL = "aftercall_preferred_channel"  # sms | email | none: the customer's choice
    OPT_OUT = "aftercall_opt_out"  # "yes": the customer wants no more texts (recorded in preferences)
    APPOINTMENT_STATUS = "aftercall_appointment_status"  # booked | cancelled


# The memo's own text fields, in the order an agent writes them; the first three are required.
CUSTOMER_FIELDS: tuple[MemoKey, ...] = (
    MemoKey.PURPOSE,
    MemoKey.STATUS,
    MemoKey.DESIRED_OUTCOME,
    MemoKey.OCCURRED_AT,
    MemoKey.PROBLEM,
    MemoKey.PROGRESS,
)
REQUIRED_FIELDS: tuple[MemoKey, ...] = (MemoKey.PURPOSE, MemoKey.STATUS, MemoKey.DESIRED_OUTCOME)


@dataclass(frozen=True, slots=True)
class Appointment:
    """An appointment the agent noted: when, where, what to bring."""

    at: str  # ISO 8601 with offset, as the agent entered it
    place: str = ""
    bring: str = ""


@dataclass(frozen=True, slots=True)
class Memo:
    """What the agent wrote, stored whole even when incomplete."""

    purpose: str = ""
    status: str = ""
    desired_outcome: str = ""
    occurred_at: str = ""
    problem: str = ""
    progress: str = ""
    agent_note: str = ""
    free_text: str = ""  # aftercall_memo as written; its labelled lines fill the fields above
    strategy: Strategy | None = None
    appointment: Appointment | None = None
    links: tuple[str, ...] = ()
    consent: bool | None = None
    locale: str | None = None
    email: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """No customer-facing field and no free text says anything (placeholders such as "-" say nothing)."""
        return all(is_blank(v) for v in self.customer_fields().values()) and is_blank(self.free_text)

    def choice(self, key: MemoKey) -> str:
        """A choice the agent recorded (``aftercall_preferred_channel``, ``aftercall_opt_out``,
        ``aftercall_appointment_status``), trimmed and lower-cased; "" when not given."""
        return self.extra.get(key.value, "").strip().lower()

    @property
    def wants_no_more_texts(self) -> bool:
        return _consent(self.extra.get(MemoKey.OPT_OUT.value)) is True

    def customer_fields(self) -> dict[str, str]:
        """The fields that may reach a customer text (never the agent note)."""
        return {
            "purpose": self.purpose,
            "status": self.status,
            "desired_outcome": self.desired_outcome,
            "occurred_at": self.occurred_at,
            "problem": self.problem,
            "progress": self.progress,
        }


# The keys read into Memo's own fields; every other aftercall_* attribute is kept in ``extra`` (the
# customer's choices among them: read with ``choice``).
_READ_INTO_FIELDS = frozenset(MemoKey) - {
    MemoKey.PREFERRED_CHANNEL,
    MemoKey.OPT_OUT,
    MemoKey.APPOINTMENT_STATUS,
}

_YES = {"yes", "y", "true", "1", "예", "네", "동의"}
_NO = {"no", "n", "false", "0", "아니오", "거부"}


def _consent(value: str | None) -> bool | None:
    if value is None or not value.strip():
        return None
    v = value.strip().lower()
    if v in _YES:
        return True
    if v in _NO:
        return False
    return None


def memo_from_attributes(attributes: dict[str, str]) -> Memo:
    """Read the memo from contact attributes; unknown or empty values are kept as empty.

    A free-text memo (``aftercall_memo``) is kept whole; its labelled lines fill the structured
    fields the agent left empty (``domain.memo_text``).
    """
    free_text = (attributes.get(MemoKey.FREE_TEXT.value) or "").strip()
    labelled = labelled_fields(free_text)

    def get(key: MemoKey) -> str:
        # A form field left at "-" or "N/A" gives way to the free text's labelled line.
        value = (attributes.get(key.value) or "").strip()
        label = labelled.get(key.value.removeprefix(ATTRIBUTE_PREFIX), "")
        return label if label and is_blank(value) else value

    strategy_raw = get(MemoKey.STRATEGY).lower()
    strategy = Strategy(strategy_raw) if strategy_raw in Strategy._value2member_map_ else None
    appointment = None
    if get(MemoKey.APPOINTMENT_AT):
        appointment = Appointment(
            at=get(MemoKey.APPOINTMENT_AT),
            place=get(MemoKey.APPOINTMENT_PLACE),
            bring=get(MemoKey.APPOINTMENT_BRING),
        )
    extra = {
        k: v for k, v in attributes.items() if k.startswith(ATTRIBUTE_PREFIX) and k not in _READ_INTO_FIELDS
    }
    return Memo(
        purpose=get(MemoKey.PURPOSE),
        status=get(MemoKey.STATUS),
        desired_outcome=get(MemoKey.DESIRED_OUTCOME),
        occurred_at=get(MemoKey.OCCURRED_AT),
        problem=get(MemoKey.PROBLEM),
        progress=get(MemoKey.PROGRESS),
        agent_note=get(MemoKey.AGENT_NOTE),
        free_text=free_text,
        strategy=strategy,
        appointment=appointment,
        links=tuple(get(MemoKey.LINKS).split()),
        consent=_consent(attributes.get(MemoKey.CONSENT.value)),
        locale=get(MemoKey.LOCALE) or None,
        email=get(MemoKey.EMAIL) or None,
        extra=extra,
    )
