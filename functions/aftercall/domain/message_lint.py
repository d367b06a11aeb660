"""Message lint: checks a composed customer text before any send.

Pure functions over the final text. A finding carries a stable code and, for the CLI, the
offending fragment; only the codes are safe to log (fragments may contain memo text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from aftercall.domain.memo_lint import contains_phrase


class LintCode(StrEnum):
    UNFILLED_PLACEHOLDER = "unfilled_placeholder"
    EMPTY_VALUE = "empty_value"
    REPEATED_WORD = "repeated_word"
    DOUBLED_SPACE = "doubled_space"
    DOUBLED_PUNCTUATION = "doubled_punctuation"
    MALFORMED_LINK = "malformed_link"
    UNBALANCED_BRACKETS = "unbalanced_brackets"
    BANNED_PHRASE = "banned_phrase"


@dataclass(frozen=True, slots=True)
class LintFinding:
    """One problem found in a composed text, with the fragment that shows it."""

    code: LintCode
    fragment: str  # for people reading the preview; never log it


# Placeholders of our engine and of engines admins may know ({name}, {{name}}, %s).
_PLACEHOLDER = re.compile(r"\$\{?[A-Za-z_]\w*\}?|\{\{?\s*[A-Za-z_]\w*\s*\}?\}|%[sd]\b")
# A label with nothing after it, empty brackets or quotes, or a rendered null.
_EMPTY = re.compile(
    r"[:：][ \t]*(?:\n|$)|\(\s*\)|\[\s*\]|\"\s*\"|'\s*'|\b(?:None|null|undefined|NaN)\b",
    flags=re.MULTILINE,
)
_REPEATED = re.compile(r"\b(\w+)\s+\1\b", flags=re.IGNORECASE)
_DOUBLED_SPACE = re.compile(r"[ \u00a0\u3000]{2,}")
_PUNCT_RUN = re.compile(r"[.,;:!?。、]{2,}")
_ALLOWED_RUNS = frozenset({"...", "?!", "!?"})
# Anything that looks like the start of a link, well formed or not.
_LINKISH = re.compile(r"(?:\bhttps?(?::/{0,3}|/{1,3})|\b[a-z]{2,6}:/{1,3}|\bwww\.)\S*", flags=re.IGNORECASE)
# A public host name, or the loopback host of a local run (`aftercall demo --serve`).
_GOOD_LINK = re.compile(
    r"https?://(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}|127\.0\.0\.1)"
    r"(?::\d{1,5})?"
    r"(?:[/?#][\w\-.~%!$&'()*+,;=:@/?#]*)?",
)
_TRAILING = ".,;:!?)]}」』>"
_PAIRS = dict(zip(")]}」』】〉》）", "([{「『【〈《（", strict=True))  # closer → opener


def _links(text: str) -> list[str]:
    return [m.group(0).rstrip(_TRAILING) for m in _LINKISH.finditer(text)]


def _without_links(text: str) -> str:
    return _LINKISH.sub("link", text)  # a word, so "Details: <link>" is not an empty label


def _unbalanced(text: str) -> bool:
    openers = set(_PAIRS.values())
    stack: list[str] = []
    for char in text:
        if char in openers:
            stack.append(char)
        elif char in _PAIRS and (not stack or stack.pop() != _PAIRS[char]):
            return True
    return bool(stack)


def lint_message(text: str, banned_phrases: tuple[str, ...] = ()) -> list[LintFinding]:
    """Every finding of ``text``, grouped by rule; an empty list means the text may be sent."""
    findings: list[LintFinding] = []
    prose = _without_links(text)

    def add(code: LintCode, fragments: list[str]) -> None:
        findings.extend(LintFinding(code, f) for f in fragments)

    add(LintCode.UNFILLED_PLACEHOLDER, _PLACEHOLDER.findall(text))
    add(LintCode.EMPTY_VALUE, [m.group(0).strip() or ":" for m in _EMPTY.finditer(prose)])
    add(
        LintCode.REPEATED_WORD,
        [m.group(0) for m in _REPEATED.finditer(prose) if not m.group(1).isdigit()],
    )
    add(LintCode.DOUBLED_SPACE, [m.group(0) for m in _DOUBLED_SPACE.finditer(text)])
    add(
        LintCode.DOUBLED_PUNCTUATION,
        [m.group(0) for m in _PUNCT_RUN.finditer(prose) if m.group(0) not in _ALLOWED_RUNS],
    )
    add(LintCode.MALFORMED_LINK, [link for link in _links(text) if not _GOOD_LINK.fullmatch(link)])
    if _unbalanced(prose):
        add(LintCode.UNBALANCED_BRACKETS, [""])
    add(LintCode.BANNED_PHRASE, [p for p in banned_phrases if p and contains_phrase(text, p)])
    return findings


def finding_codes(findings: list[LintFinding]) -> tuple[str, ...]:
    """The distinct codes, in the order found: what a ComposedSms and a log line carry."""
    return tuple(dict.fromkeys(f.code.value for f in findings))
