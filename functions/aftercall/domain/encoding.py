"""SMS encoding and part counting, exact.

A message is GSM-7 when every character is in the GSM 03.38 default alphabet or its extension
table (an extension character costs two septets: the escape and the character); otherwise the whole
message is UCS-2, counted in UTF-16 code units (a character beyond the BMP costs two). One part
holds 160 septets or 70 code units; a split message holds 153 or 67 per part because of the
concatenation header, and a part never ends in the middle of an escape sequence or a surrogate
pair, so parts are counted by filling them character by character.

Two limits apply to every text: its template's part budget, and the longest message End User
Messaging SMS sends, 1,600 GSM-7 characters or 630 UCS-2 characters (``MAX_UNITS``, counted in
septets and UTF-16 code units, so an extension character or an emoji counts twice: never under
what AWS counts). Text is put in Unicode NFC before it is counted or sent (``normalize_for_gsm``):
decomposed Hangul, as some keyboards and clipboards produce it, costs three code units a syllable.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

GSM7 = "GSM-7"
UCS2 = "UCS-2"

# GSM 03.38 default alphabet (the escape 0x1B itself is not a character a message can carry).
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Extension table: each costs an escape septet plus its own.
_GSM_EXTENSION = frozenset("\f^{}\\[~]|€")

_SINGLE = {GSM7: 160, UCS2: 70}
_MULTI = {GSM7: 153, UCS2: 67}
# The longest message End User Messaging SMS sends (AWS documents 1,600 GSM-7 / 630 UCS-2 characters).
MAX_UNITS = {GSM7: 1600, UCS2: 630}
MAX_PART_BUDGET = 10  # the most parts a template may budget (templates.validate), so the longest text

# Look-alikes that make Latin text UCS-2 for no visible reason, and their GSM-7 stand-ins.
_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark, apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as an apostrophe
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2026": "...",  # ellipsis
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u2009": " ",  # thin space
        "\u200a": " ",  # hair space
        "\u202f": " ",  # narrow no-break space
        "\u3000": " ",  # ideographic space
        "\u200b": "",  # zero-width space
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",  # word joiner
        "\ufeff": "",  # byte-order mark
        "\u2022": "-",  # bullet
        "\u00b7": "-",  # middle dot
        "\t": " ",
        "\u00e7": "Ç",  # GSM has only the capital; phones show it for both
    }
)


@dataclass(frozen=True, slots=True)
class SmsEncoding:
    """How a text is sent: its encoding, its length in that encoding's units, its parts."""

    encoding: str  # GSM7 | UCS2
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    parts: int  # 0 for an empty text


def _char_units(char: str, encoding: str) -> int:
    if encoding == GSM7:
        return 2 if char in _GSM_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def is_gsm7(text: str) -> bool:
    """True when GSM-7 can carry every character of ``text``."""
    return all(c in _GSM_BASIC or c in _GSM_EXTENSION for c in text)


def encoding_of(text: str) -> str:
    return GSM7 if is_gsm7(text) else UCS2


def analyze(text: str) -> SmsEncoding:
    """The encoding, the units it costs and the number of parts it is sent in."""
    encoding = encoding_of(text)
    costs = [_char_units(c, encoding) for c in text]
    units = sum(costs)
    if units == 0:
        return SmsEncoding(encoding, 0, 0)
    if units <= _SINGLE[encoding]:
        return SmsEncoding(encoding, units, 1)
    per_part = _MULTI[encoding]
    parts, used = 1, 0
    for cost in costs:
        if used + cost > per_part:  # an escape pair or surrogate pair is never split
            parts, used = parts + 1, 0
        used += cost
    return SmsEncoding(encoding, units, parts)


def capacity(encoding: str, parts: int) -> int:
    """Units that fit in ``parts`` parts (an upper bound when escapes fall on a part boundary), and
    never more than End User Messaging SMS sends in one message."""
    units = _SINGLE[encoding] if parts == 1 else _MULTI[encoding] * parts
    return min(units, MAX_UNITS[encoding])


def fits(sizing: SmsEncoding, budget: int) -> bool:
    """Within ``budget`` parts and within the longest message AWS sends."""
    return sizing.parts <= budget and sizing.units <= MAX_UNITS[sizing.encoding]


def normalize_for_gsm(text: str) -> str:
    """``text`` in Unicode NFC, its look-alike punctuation and spaces replaced with GSM-7 ones when
    that makes the text GSM-7.

    NFC always: a decomposed syllable or accented letter costs two or three units where its
    composed form costs one (and ``e`` + a combining accent is UCS-2 where ``é`` is GSM-7). The
    look-alikes only where they make the text GSM-7: when it would still be UCS-2 (Hangul, say),
    UCS-2 carries the real characters at no extra cost.
    """
    text = unicodedata.normalize("NFC", text)
    if is_gsm7(text):
        return text
    normalized = text.translate(_LOOKALIKES)
    return normalized if is_gsm7(normalized) else text
