"""Detectors for what must never leave in a customer text: numbers that identify, markup, placeholders.

Pure functions over one string. Each detector answers whether the text holds such a fragment; none
returns the fragment itself to a caller that might log it (``mask_numbers`` returns the masked text
and the kinds it masked). The heuristics (docs/texts.md, "The gate"):

- card number: 13–19 digits, plain or grouped by single spaces or dashes, that pass the Luhn check;
  when grouped, the groups must look like a card's (4-4-4-4…, 4-6-5, 4-6-4), so a grouped bank
  account that happens to pass Luhn stays an account;
- resident registration number (주민등록번호): YYMMDD, an optional dash or space, a seventh digit 1–8
  (century and sex) and six more digits, with a real calendar date (the digits after the seventh
  have carried no checksum since October 2020, so none is checked);
- account-number-like: 10–14 digits in two to four dash-separated groups (Korean banks print
  accounts as 3-2-6, 3-3-6, 4-3-6, 6-2-6, 3-6-2-3 …), except phone numbers (a first group starting
  with 0 of 2–3 digits, or the 15xx/16xx/18xx service numbers), cards and resident numbers, and
  order or reference numbers: a run glued to a letter prefix (``ORD-2024-000123``, ``INV-…``), after
  ``#`` or a reference label (주문번호, 송장, 접수번호, order, invoice, ticket, tracking …), or one that
  starts with a year (19xx/20xx) in a grouping no bank prints (``2024-1123-77``). A run after
  "계좌" / "account" is always an account;
- markup: an HTML or XML tag (``<a href=…>``, ``</p>``, a tag cut open at the end), or an entity
  (``&amp;``, ``&#39;``);
- placeholder: ``{x}``, ``{고객명}``, ``{{x}}``, ``${x}``, ``%s``/``%d``/``%(x)s``, ``{0}`` — a
  template's syntax typed or pasted into a memo (one word in braces: a braced phrase with spaces is
  prose).

Masked numbers (``mask_numbers``) keep their separators and their last four digits, every other
digit becomes ``*``; a masked card or resident number is still recognised as one, so the gate keeps
treating the line as carrying it.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum


class Sensitive(StrEnum):
    CARD_NUMBER = "card_number"
    RESIDENT_NUMBER = "resident_number"
    ACCOUNT_NUMBER = "account_number"
    MARKUP = "markup"
    PLACEHOLDER = "placeholder"


# Groups of digits (or of the ``*`` that masking leaves) joined by single spaces or dashes. A run that
# starts with "+" is an international phone number and is left alone.
_RUN = re.compile(r"(?<![0-9A-Za-z*])\+?[0-9*]+(?:[ -][0-9*]+)*")
_RESIDENT = re.compile(r"(?<![0-9A-Za-z*])(\d{2})(\d{2})(\d{2})[- ]?([1-8])\d{6}(?![0-9A-Za-z*])")
_MASKED_RESIDENT = re.compile(r"(?<![0-9A-Za-z*])\*{6}[- ]?\*{3}\d{4}(?![0-9A-Za-z*])")
_CARD_GROUPS = frozenset({(4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 1), (4, 4, 4, 2), (4, 4, 4, 3)})
_SERVICE_NUMBER = re.compile(r"1[5-9]\d\d")  # 1588-…, 1644-…: Korean service numbers
# Group lengths Korean banks print account numbers in (a year-first run in another shape is an order).
_BANK_GROUPS = frozenset(
    {
        (3, 2, 6),
        (3, 3, 6),
        (4, 3, 6),
        (6, 2, 6),
        (3, 6, 2, 3),
        (3, 6, 5),
        (4, 2, 7),
        (3, 4, 4, 2),
        (3, 2, 5),
        (6, 2, 7),
    }
)
_YEAR = re.compile(r"(?:19[5-9]\d|20[0-4]\d)")
_LETTER_PREFIX = re.compile(r"[A-Za-z]{1,6}-$")
_REFERENCE_LABEL = re.compile(
    r"(?:#|주문\s*번호|주문|송장\s*번호|송장|운송장|접수\s*번호|예약\s*번호|문의\s*번호|민원\s*번호|티켓|"
    r"order|ord|invoice|inv|ticket|ref|reference|case|tracking|booking|confirmation)"
    r"(?:\s*(?:no\.?|number|번호|#))?\s*[:：.]?\s*$",
    re.IGNORECASE,
)
_ACCOUNT_LABEL = re.compile(r"(?:계좌|입금|account|acct)[^0-9\n]{0,12}$", re.IGNORECASE)

_TAG = re.compile(
    r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s+[A-Za-z_:][\w:.-]*(?:\s*=\s*(?:\"[^\"]*\"?|'[^']*'?|[^\s>]*))?)*\s*/?(?:>|$)"
)
_OPEN_TAG_AT_END = re.compile(r"<[A-Za-z][A-Za-z0-9]*\s+[A-Za-z-]+\s*=\s*[\"']?[^>]*$")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,30}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_PLACEHOLDER = re.compile(
    r"\{\{[^{}]{0,40}\}\}|\$\{[^{}]{0,40}\}|\{\s*[^\s{}]{1,30}\s*\}"
    r"|%(?:\([A-Za-z_]\w*\))?[sdif](?![A-Za-z])"
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _digits(run: str) -> str:
    return re.sub(r"[^0-9*]", "", run)


def _windows(text: str) -> list[tuple[int, int, str]]:
    """Every stretch of whole groups of every run of digits: (start, end, text), 10–19 digits."""
    out = []
    for m in _RUN.finditer(text):
        if m.group(0).startswith("+"):
            continue
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"[0-9*]+", m.group(0))]
        for i in range(len(groups)):
            for j in range(i, len(groups)):
                start, end = groups[i][0], groups[j][1]
                if 10 <= len(_digits(text[start:end])) <= 19:
                    out.append((start, end, text[start:end]))
    return out


def _is_card(run: str) -> bool:
    digits = _digits(run)
    if not 13 <= len(digits) <= 19:
        return False
    groups = tuple(len(g) for g in re.split(r"[ -]", run))
    if len(groups) > 1 and groups not in _CARD_GROUPS:
        return False
    if "*" in digits:  # a masked card: only its last four digits are left to see
        return re.fullmatch(r"\*+\d{4}", digits) is not None
    return luhn_valid(digits)


def _valid_birth_date(yy: str, mm: str, dd: str, century_digit: str) -> bool:
    century = 1900 if century_digit in "1256" else 2000
    try:
        date(century + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return True


def _resident_spans(text: str) -> list[tuple[int, int]]:
    return [
        m.span()
        for m in _RESIDENT.finditer(text)
        if _valid_birth_date(m.group(1), m.group(2), m.group(3), m.group(4))
    ]


def _is_phone(run: str) -> bool:
    groups = re.split(r"[ -]", run)
    if groups[0].startswith("0") and len(groups[0]) <= 3 and len(_digits(run)) <= 11:
        return True
    return len(groups) == 2 and _SERVICE_NUMBER.fullmatch(groups[0]) is not None


def _is_account(run: str) -> bool:
    groups = run.split("-")
    if " " in run or "*" in run or not 2 <= len(groups) <= 4 or not 10 <= len(_digits(run)) <= 14:
        return False
    return not _is_phone(run) and all(len(g) >= 2 for g in groups)


def _card_spans(text: str) -> list[tuple[int, int]]:
    return [(start, end) for start, end, run in _windows(text) if _is_card(run)]


def has_card_number(text: str) -> bool:
    return bool(_card_spans(text))


def has_resident_number(text: str) -> bool:
    return bool(_resident_spans(text)) or _MASKED_RESIDENT.search(text) is not None


def _is_reference(text: str, start: int, run: str) -> bool:
    """An order, invoice or ticket number that merely has an account's shape (see the module doc)."""
    before = text[max(0, start - 24) : start]
    if _ACCOUNT_LABEL.search(before):
        return False
    if _LETTER_PREFIX.search(before) or _REFERENCE_LABEL.search(before):
        return True
    groups = run.split("-")
    return _YEAR.fullmatch(groups[0]) is not None and tuple(len(g) for g in groups) not in _BANK_GROUPS


def has_account_number(text: str) -> bool:
    taken = _card_spans(text) + _resident_spans(text)
    return any(
        _is_account(run)
        and not any(s < end and start < e for s, e in taken)
        and not _is_reference(text, start, run)
        for start, end, run in _windows(text)
    )


def has_markup(text: str) -> bool:
    return bool(_TAG.search(text) or _ENTITY.search(text) or _OPEN_TAG_AT_END.search(text))


def has_placeholder(text: str) -> bool:
    return _PLACEHOLDER.search(text) is not None


DETECTORS = {
    Sensitive.CARD_NUMBER: has_card_number,
    Sensitive.RESIDENT_NUMBER: has_resident_number,
    Sensitive.ACCOUNT_NUMBER: has_account_number,
    Sensitive.MARKUP: has_markup,
    Sensitive.PLACEHOLDER: has_placeholder,
}


def detect(text: str) -> tuple[Sensitive, ...]:
    """Every kind of fragment ``text`` holds, in ``Sensitive`` order."""
    return tuple(kind for kind, found in DETECTORS.items() if text and found(text))


def _mask(run: str) -> str:
    """Every digit but the last four becomes ``*``; separators stay."""
    keep = 4
    out = []
    for char in reversed(run):
        if char.isdigit():
            out.append(char if keep > 0 else "*")
            keep -= 1
        else:
            out.append(char)
    return "".join(reversed(out))


def mask_numbers(text: str) -> tuple[str, tuple[Sensitive, ...]]:
    """``text`` with card and resident registration numbers masked, and the kinds that were masked."""
    residents = _resident_spans(text)
    cards = [s for s in _card_spans(text) if "*" not in _digits(text[s[0] : s[1]])]
    cards = [c for c in cards if not any(s < c[1] and c[0] < e for s, e in residents)]
    kinds = [
        kind
        for kind, spans in ((Sensitive.CARD_NUMBER, cards), (Sensitive.RESIDENT_NUMBER, residents))
        if spans
    ]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(residents + cards):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    for start, end in reversed(merged):
        text = text[:start] + _mask(text[start:end]) + text[end:]
    return text, tuple(kinds)
