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

from aftercall.errors import (
    EmailFailedError,
    SmsPermanentError,
    SmsTransientError,
    WhatsAppPermanentError,
    WhatsAppTransientError,
)


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
    WHATSAPP = "whatsapp"  # WhatsApp Cloud API statuses; a failure split by Meta's error code


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
    # Meta's message statuses (sent, delivered, read, failed) and, for a failure, its error code
    # ("failed:<code>"; a code not listed here is read as "failed"). Codes: the WhatsApp Cloud API's
    # error code reference, as of 2026-12 (docs/receipts.md).
    ReceiptSource.WHATSAPP: {
        "sent": _I,  # on WhatsApp's servers, not yet on the phone (the window's verdict if nothing follows)
        "delivered": _D,
        "read": _D,  # read implies delivered: it resolves the wait if the delivered status was lost
        "deleted": _I,
        "failed": _P,  # a code this table does not list: fall back rather than retry blindly
        "failed:1": _T,  # API unknown
        "failed:2": _T,  # API service temporarily unavailable
        "failed:4": _T,  # API too many calls
        "failed:130429": _T,  # rate limit hit (the number's throughput)
        "failed:131000": _T,  # something went wrong
        "failed:131016": _T,  # service unavailable
        "failed:131048": _T,  # spam rate limit hit
        "failed:131056": _T,  # pair rate limit hit (too many messages to this customer)
        "failed:131026": _P,  # message undeliverable (not on WhatsApp, old app, terms not accepted)
        "failed:131047": _P,  # re-engagement message: the 24-hour window had closed
        "failed:131049": _P,  # Meta chose not to deliver it (ecosystem engagement)
        "failed:131050": _P,  # the customer stopped marketing messages
        "failed:131051": _P,  # unsupported message type
        "failed:131053": _P,  # media upload error
        "failed:132000": _P,  # template parameter count mismatch
        "failed:132001": _P,  # template does not exist (in this language)
        "failed:132005": _P,  # template text too long once filled
        "failed:132007": _P,  # template format character policy violated
        "failed:132012": _P,  # template parameter format mismatch
        "failed:132015": _P,  # template paused (low quality)
        "failed:132016": _P,  # template disabled
        "failed:131042": _P,  # business eligibility: payment issue
        "failed:131031": _P,  # business account locked
        "failed:131021": _P,  # recipient cannot be the sender
        "failed:133010": _P,  # phone number not registered on the Cloud API
        "failed:368": _P,  # temporarily blocked for policy violations
    },
}


def classify(source: ReceiptSource, status: str, provider_final: bool = True) -> ReceiptClass:
    """The class of ``status``; ``provider_final`` only matters for carrier-accepted statuses."""
    table = CLASSIFICATION[source]
    entry = table.get(status)
    if entry is None and ":" in status:  # a WhatsApp failure whose code the table does not list
        entry = table.get(status.split(":", 1)[0])
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

    channel: str  # "sms" | "email" | "whatsapp"
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
    ("whatsapp", ReceiptClass.TRANSIENT): WhatsAppTransientError.__name__,
    ("whatsapp", ReceiptClass.PERMANENT): WhatsAppPermanentError.__name__,
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
    "whatsapp": (ReceiptSource.WHATSAPP,),
}


RECEIPT_KEY = "receipt_key"  # its name in the SMS Context and among the SES mail tags


# SES tag values allow only letters, digits, "_" and "-": the attempt item travels with "-" for "#".
# Attempt items ("attempt#email#1") never contain "-", so the mapping is reversible.
def attempt_to_tag(attempt: str) -> str:
    return attempt.replace("#", "-")


def attempt_from_tag(value: str) -> str:
    return value.replace("-", "#")


# WhatsApp's ``biz_opaque_callback_data`` (at most 512 characters): "<attempt> <key> <followup id>".
# Attempt items and keys hold no space; the follow-up id (a contact id, at most 300) comes last.
def callback_data(followup_id: str, attempt: str, key: str | None) -> str:
    return f"{attempt} {key or '-'} {followup_id}"


def from_callback_data(value: str) -> tuple[str, str, str | None] | None:
    """(followup id, attempt, key) from ``callback_data``; None for anything else."""
    parts = value.split(" ", 2)
    if len(parts) != 3 or not parts[0].startswith("attempt#") or not parts[2]:
        return None
    attempt, key, followup_id = parts
    return followup_id, attempt, None if key == "-" else key
