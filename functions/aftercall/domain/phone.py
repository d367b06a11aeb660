"""Phone numbers: E.164 normalisation, number type, and the customer key.

The customer key is an HMAC-SHA256 of the E.164 number under a secret kept outside the code
(SSM SecureString), so the key identifies a customer across calls without being reversible by
anyone who only has the tables.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

# phonenumbers is imported by the functions that parse: importing it costs about a tenth of a cold
# start, and most handlers only carry parsed numbers. Ingest parses every number (and imports it at
# init); what the later steps need of it, the region, the line type and the time zone, is stored with
# the number, so they never import it.


class LineType(StrEnum):
    MOBILE = "mobile"
    FIXED_OR_MOBILE = "fixed_or_mobile"  # some plans (US, CA) cannot tell them apart
    FIXED_LINE = "fixed_line"
    VOIP = "voip"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PhoneNumber:
    """A parsed number and what ingest derived from it."""

    e164: str
    region: str  # ISO 3166-1 alpha-2, e.g. "KR"
    line_type: LineType
    # The first time zone of the number's area ("" when phonenumbers knows none; None: not looked up,
    # a number stored before the zone was).
    time_zone: str | None = None

    @property
    def can_receive_sms(self) -> bool:
        return self.line_type in (LineType.MOBILE, LineType.FIXED_OR_MOBILE)


class InvalidPhoneNumber(ValueError):  # noqa: N818 - a value error, not a workflow error
    """The address is not a valid phone number (the message never contains the number)."""


def parse_phone(raw: str, default_region: str | None = None) -> PhoneNumber:
    """Parse and validate ``raw``; raise InvalidPhoneNumber without echoing the input."""
    import phonenumbers  # not at module level: most handlers never parse a number (see above)
    from phonenumbers import PhoneNumberType
    from phonenumbers import timezone as phone_timezone

    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber("not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber("not a valid number for its country")
    region = phonenumbers.region_code_for_number(parsed) or ""
    line_type = {
        PhoneNumberType.MOBILE: LineType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE: LineType.FIXED_OR_MOBILE,
        PhoneNumberType.FIXED_LINE: LineType.FIXED_LINE,
        PhoneNumberType.VOIP: LineType.VOIP,
    }.get(phonenumbers.number_type(parsed), LineType.OTHER)
    zones = [z for z in phone_timezone.time_zones_for_number(parsed) if z != phone_timezone.UNKNOWN_TIMEZONE]
    return PhoneNumber(
        e164=phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164),
        region=region,
        line_type=line_type,
        time_zone=zones[0] if zones else "",
    )


def customer_key(e164: str, secret: bytes) -> str:
    """Keyed hash of an E.164 number: stable per customer, not reversible without the secret."""
    if not secret:
        raise ValueError("the customer-key secret is empty")
    return "c_" + hmac.new(secret, e164.encode(), hashlib.sha256).hexdigest()[:40]


def mask(e164: str) -> str:
    """``+821012345678`` → ``+82******5678``: enough for a customer to recognise, no more."""
    if len(e164) <= 6:
        return "*" * len(e164)
    return e164[:3] + "*" * (len(e164) - 7) + e164[-4:]
