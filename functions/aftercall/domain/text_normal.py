"""Text normalisation before the memo lint matches anything (pure Python, standard library only).

What an agent types and what a listed phrase looks like can differ in ways a person does not see:
full-width letters (``ｒｕｄｅ``), zero-width characters pasted from a chat tool, no-break spaces,
Hangul typed as decomposed jamo (``확`` as three code points), curly quotes, doubled spaces.
``normalise`` maps all of those to one form: NFKC (full-width and compatibility forms to their
plain form, decomposed Hangul composed), invisible characters removed, every run of white space one
plain space, quotes straight, Latin letters case-folded. Hangul spacing variants (``확인요망`` /
``확인 요망``) are handled by the patterns themselves (optional white space between the parts of a
phrase, see ``domain.lint_lexicon``), not by deleting spaces, so word boundaries stay readable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# Zero-width space / non-joiner / joiner, word joiner, BOM, soft hyphen, Hangul fillers, LRM/RLM.
_INVISIBLE = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u115f\u1160\u3164\uffa0\u200e\u200f"), None
)
_QUOTES = str.maketrans(
    {
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u300c": '"',  # 「
        "\u300d": '"',  # 」
        "\u300e": '"',  # 『
        "\u300f": '"',  # 』
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u2032": "'",  # ′
    }
)
_SPACE = re.compile(r"[^\S\n]+")  # any white space but a line break (NBSP, U+3000, tabs, ...)
_BLANK_LINES = re.compile(r"\s*\n\s*")


def normalise(text: str) -> str:
    """One comparable form of ``text``; line breaks are kept (labelled lines and clauses use them)."""
    text = (text or "").translate(_INVISIBLE)
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _SPACE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _BLANK_LINES.sub("\n", text).strip().casefold()


# Values agents type to mean "nothing here": they count as empty for the lint.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "-",
        "--",
        "---",
        ".",
        "..",
        "...",
        "x",
        "?",
        "??",
        "n/a",
        "na",
        "none",
        "nil",
        "null",
        "tbd",
        "tbc",
        "없음",
        "없슴",
        "해당없음",
        "해당 없음",
        "미정",
        "모름",
        "무",
        "/",
        "0",
    }
)


def is_blank(text: str | None) -> bool:
    """True when ``text`` is empty, white space, or only a placeholder such as ``-``, ``N/A``, ``없음``."""
    value = normalise(text or "")
    return not value or value in PLACEHOLDERS or not any(ch.isalnum() for ch in value)


class LazyPattern:
    """A regular expression compiled on first use.

    The memo lint's patterns cost tens of milliseconds to compile. Every function that reads a
    stored memo imports the lint's types; only the ones that lint should pay for the patterns.
    """

    __slots__ = ("_compiled", "flags", "source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)

    def split(self, text: str) -> list[str]:
        return self.compiled.split(text)
