"""Delivery receipts and their classification: the one table every channel is read through.

A receipt is one status report from a provider about one message. Its class decides what the
workflow does: ``delivered`` resolves the wait with success, ``transient`` with a retryable failure,
``permanent`` with a fall-back, ``intermediate`` is recorded and waited past. A status missing from
the table is ``unknown``: recorded and counted, never a crash, never a resolution.

docs/receipts.md shows the same table; a unit test parses it and checks that both agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aftercall.errors import EmailFailedError, SmsPermanentError, SmsTransientError


class ReceiptClass(StrEnum):
    DELIVERED = "delivered"
    TRANSIENT = "transient"
    PERMANENT = "permanent"
    INTERMEDIATE = "intermediate"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        """A final class ends the wait for this message; the others are only recorded."""
        return self in _FINAL_CLASSES


_FINAL_CLASSES = frozenset({ReceiptClass.DELIVERED, ReceiptClass.TRANSIENT, ReceiptClass.PERMANENT})


class ReceiptSource(StrEnum):
    """Which provider format a status name comes from (the first column of the table)."""

    SMS = "sms"  # End User Messaging SMS event types
    SMS_LEGACY = "sms-legacy"  # Amazon Pinpoint `_SMS.*` events: attributes.record_status
    EMAIL = "email"  # SES event publishing: eventType, Bounce split by bounceType


@dataclass(frozen=True, slots=True)
class ByFinality:
    """A status whose meaning depends on the provider's own final flag (carrier acceptance)."""

    final: ReceiptClass
    not_final: ReceiptClass


_D, _T, _P, _I = (
    ReceiptClass.DELIVERED,
    ReceiptClass.TRANSIENT,
    ReceiptClass.PERMANENT,
    ReceiptClass.INTERMEDIATE,
)
_ACCEPTED = ByFinality(final=_D, not_final=_I)

CLASSIFICATION: dict[ReceiptSource, dict[str, ReceiptClass | ByFinality]] = {
    ReceiptSource.SMS: {
        "TEXT_DELIVERED": _D,
        "TEXT_SUCCESSFUL": _ACCEPTED,
        "TEXT_PENDING": _I,
        "TEXT_QUEUED": _I,
        "TEXT_CARRIER_UNREACHABLE": _T,
        "TEXT_UNREACHABLE": _T,
        "TEXT_TTL_EXPIRED": _T,
        "TEXT_UNKNOWN": _T,
        "TEXT_INVALID": _P,
        "TEXT_INVALID_MESSAGE": _P,
        "TEXT_BLOCKED": _P,
        "TEXT_CARRIER_BLOCKED": _P,
        "TEXT_SPAM": _P,
        "TEXT_PROTECT_BLOCKED": _P,
    },
    ReceiptSource.SMS_LEGACY: {
        "DELIVERED": _D,
        "SUCCESSFUL": _ACCEPTED,
        "PENDING": _I,
        "CARRIER_UNREACHABLE": _T,
        "UNREACHABLE": _T,
        "TTL_EXPIRED": _T,
        "UNKNOWN": _T,
        "INVALID": _P,
        "INVALID_MESSAGE": _P,
        "BLOCKED": _P,
        "CARRIER_BLOCKED": _P,
        "SPAM": _P,
        "MAX_PRICE_EXCEEDED": _P,
        "OPTED_OUT": _P,
    },
    ReceiptSource.EMAIL: {
        "Delivery": _D,
        "Send": _I,
        "DeliveryDelay": _I,
        "Open": _I,
        "Click": _I,
        "Subscription": _I,
        "Bounce.Permanent": _P,
        # SES reports a soft bounce only after it has stopped retrying, so it ends this message.
        "Bounce.Transient": _T,
        "Bounce.Undetermined": _P,
        "Complaint": _P,
        "Reject": _P,
        "Rendering Failure": _P,
    },
}


def classify(source: ReceiptSource, status: str, provider_final: bool = True) -> ReceiptClass:
    """The class of ``status``; ``provider_final`` only matters for carrier-accepted statuses."""
    entry = CLASSIFICATION[source].get(status)
    if entry is None:
        return ReceiptClass.UNKNOWN
    if isinstance(entry, ByFinality):
        return entry.final if provider_final else entry.not_final
    return entry


@dataclass(frozen=True, slots=True)
class Receipt:
    """One provider status about one message, correlated by ids only (no address, no text).

    ``followup_id``, ``attempt`` (the attempt item, ``attempt#sms#1``) and ``key`` come from the SMS
    Context or the SES mail tags; legacy SMS events carry none and are correlated by ``message_id``.
    ``event_id`` is derived from the content, so a re-delivered copy has the same one.
    """

    channel: str  # "sms" | "email"
    status: str
    classification: ReceiptClass
    message_id: str
    at: datetime
    event_id: str
    followup_id: str | None = None
    attempt: str | None = None
    key: str | None = None  # the receipt key of the claim, echoed with the Context or the mail tags

    @property
    def is_final(self) -> bool:
        return self.classification.is_final

    @property
    def correlated(self) -> bool:
        """True when the receipt names its attempt itself (no lookup by message id needed)."""
        return bool(self.followup_id and self.attempt)


# The error a final failure completes the receipt wait with (Step Functions retries or catches on it).
# SES has already retried a soft bounce for hours before reporting it: for email, both classes fail.
_FAILURE_ERRORS: dict[tuple[str, ReceiptClass], str] = {
    ("sms", ReceiptClass.TRANSIENT): SmsTransientError.__name__,
    ("sms", ReceiptClass.PERMANENT): SmsPermanentError.__name__,
    ("email", ReceiptClass.TRANSIENT): EmailFailedError.__name__,
    ("email", ReceiptClass.PERMANENT): EmailFailedError.__name__,
}


def failure_error(channel: str, classification: ReceiptClass) -> str | None:
    """The error name for a final failure on ``channel``; None when the class is not a failure."""
    return _FAILURE_ERRORS.get((channel, classification))


def resolution_error(channel: str, status: str) -> str | None:
    """The error a wait on ``channel`` ends with when its attempt settled with ``status`` (None:
    delivered), whichever of the channel's formats the status came in. A status no table holds (a
    receipt window that closed without one) is a transient failure for a text, a failure for an email.
    """
    sources = _SOURCES.get(channel, ())
    for source in sources:
        classification = classify(source, status)
        if classification is ReceiptClass.DELIVERED:
            return None
        if classification.is_final:
            return failure_error(channel, classification)
    return failure_error(channel, ReceiptClass.TRANSIENT)


_SOURCES = {
    "sms": (ReceiptSource.SMS, ReceiptSource.SMS_LEGACY),
    "email": (ReceiptSource.EMAIL,),
}


RECEIPT_KEY = "receipt_key"  # its name in the SMS Context and among the SES mail tags


# SES tag values allow only letters, digits, "_" and "-": the attempt item travels with "-" for "#".
# Attempt items ("attempt#email#1") never contain "-", so the mapping is reversible.
def attempt_to_tag(attempt: str) -> str:
    return attempt.replace("#", "-")


def attempt_from_tag(value: str) -> str:
    return value.replace("-", "#")
