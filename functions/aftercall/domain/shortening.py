"""Shorter forms of a free-text value, for a text over its part budget.

A value is cut at a word boundary, never inside a link, a date or a number, and the cut is marked
with an ellipsis. The composer picks among these forms (domain.composer).
"""

from __future__ import annotations

import re

from aftercall.domain.locale_formats import EN_MONTH_ABBREVIATIONS, EN_MONTHS

ELLIPSIS = "…"  # becomes "..." when the whole text is GSM-7
MIN_KEPT = 6  # characters a shortened value keeps at least: less says nothing, so it does not fit
# More characters than any text carries (10 GSM-7 parts: 1,530): a longer value is first cut here, so
# the forms below cost O(LONGEST_KEPT²), not O(len(value)²) (a 40,000-character word took 800 MB).
LONGEST_KEPT = 1_600
_TRAILING_PUNCT = ".,;:!?·-–—"

_DATE_WORDS = frozenset(
    {m.lower() for m in EN_MONTHS + EN_MONTH_ABBREVIATIONS}
    | {"sept", "am", "pm", "a.m.", "p.m.", "noon", "midnight", "오전", "오후", "정오", "자정"}
)
_LINK = re.compile(r"^(?:[a-z]{2,6}://|www\.)", flags=re.IGNORECASE)


def _protected(token: str) -> bool:
    """Part of a link, a date or a number: never cut into."""
    bare = token.strip("()[],.;:!?\"'").lower()
    return any(c.isdigit() for c in token) or bool(_LINK.match(bare)) or bare in _DATE_WORDS


def shorter_forms(value: str) -> list[str]:
    """Shortened forms of ``value``, longest first; each ends with an ellipsis.

    Cuts fall between words, never inside a run of protected tokens (``Mar 6``, ``3월 6일``); a
    first word that is plain text may itself be cut.
    """
    tokens = value[: LONGEST_KEPT + 1].split(" ")  # one more: a cut there falls after a whole word
    guarded = [_protected(t) for t in tokens]
    prefixes = [
        " ".join(tokens[:k]) for k in range(len(tokens) - 1, 0, -1) if not (guarded[k - 1] and guarded[k])
    ]
    if not guarded[0]:
        prefixes += [tokens[0][:j] for j in range(len(tokens[0]) - 1, 0, -1)]
    forms: list[str] = []
    for prefix in prefixes:
        trimmed = prefix.rstrip(_TRAILING_PUNCT + " ")
        if len(trimmed) >= MIN_KEPT and (not forms or len(trimmed) + 1 < len(forms[-1])):
            forms.append(trimmed + ELLIPSIS)
    return forms
