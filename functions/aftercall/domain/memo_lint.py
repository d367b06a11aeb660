"""Memo lint: a good memo is quick, accurate and polite (see docs/memo-attributes.md).

Pure functions over a Memo. A finding names a rule, the field and, for phrase rules, the canonical
phrase from our own lists (never the agent's surrounding text), so findings are safe to log and
stored findings keep one shape.

How text is read: every field is normalised first (``domain.text_normal``); Korean phrases are
matched by stem and ending with optional spacing, English ones as whole words with their
inflections (``domain.lint_lexicon``); the words around a match decide whether it is reported
speech, about someone else, a name or a precise requirement (``domain.lint_context``); time words
are read by ``domain.lint_time``. A free-text memo's labelled lines have filled the structured
fields (``domain.memo_text``); what is left of it is linted as the field ``memo``.
"""

from __future__ import annotations

import re
from datetime import datetime

from aftercall.domain.lint_context import judging_excused, sentence_of, statement_of, vague_excused
from aftercall.domain.lint_lexicon import COUNTED, JUDGING, VAGUE, Entry
from aftercall.domain.lint_time import says_when, undated_words
from aftercall.domain.memo import REQUIRED_FIELDS, Memo, MemoKey, Strategy
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.memo_text import unused_text
from aftercall.domain.text_normal import is_blank, normalise

# The accurate parts: when it happened, what exactly the problem is, how far it has been handled.
DETAIL_FIELDS: tuple[MemoKey, ...] = (MemoKey.OCCURRED_AT, MemoKey.PROBLEM, MemoKey.PROGRESS)


def contains_phrase(text: str, phrase: str) -> bool:
    """Latin phrases match whole words, case-insensitively; others (Hangul) match as substrings."""
    if re.fullmatch(r"[\w ]+", phrase, flags=re.ASCII):
        return re.search(rf"\b{re.escape(phrase)}\b", text, flags=re.IGNORECASE) is not None
    return phrase in text


def _field(key: MemoKey) -> str:
    return key.value.removeprefix("aftercall_")


def vague_phrases(text: str) -> list[str]:
    """The canonical vague phrases in ``text`` (raw or normalised), once each, in list order."""
    return _phrases(normalise(text), VAGUE, vague=True)


def judging_words(text: str, agent_only: bool = False) -> list[str]:
    """The canonical judging words about the customer in ``text``, once each, in list order.

    In the agent-only note (``agent_only``) a counted act ("욕설 3회", "swore twice") is the factual
    record the next agent needs, not a judgement; everywhere else it is still a finding.
    """
    return _phrases(normalise(text), JUDGING, vague=False, agent_only=agent_only)


def _phrases(text: str, entries: tuple[Entry, ...], vague: bool, agent_only: bool = False) -> list[str]:
    found: list[str] = []
    taken: list[tuple[int, int]] = []  # one stretch of text is one phrase ("has some issues")
    for entry in entries:
        if entry.phrase in found:
            continue
        for match in entry.pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if vague:
                if vague_excused(text, start, end):
                    continue
                if entry.promise and says_when(text[slice(*statement_of(text, start, end))]):
                    continue
            elif judging_excused(text, start, end) or (
                agent_only
                and entry.behaviour
                and COUNTED.search(text[end : sentence_of(text, start, end)[1]])
            ):
                continue
            found.append(entry.phrase)
            taken.append((start, end))
            break
    return found


def _is_iso(at: str) -> bool:
    try:
        datetime.fromisoformat(at.strip())
    except ValueError:
        return False
    return True


def lint_memo(memo: Memo) -> list[Finding]:
    """Return the memo's findings, in field order; an empty list means the memo is good."""
    if memo.is_empty:
        return [Finding(Rule.EMPTY, "memo")]
    fields = memo.customer_fields()
    findings = [Finding(Rule.MISSING, _field(k)) for k in REQUIRED_FIELDS if is_blank(fields[_field(k)])]
    findings += [
        Finding(Rule.MISSING_DETAIL, _field(k)) for k in DETAIL_FIELDS if is_blank(fields[_field(k)])
    ]
    texts = {**fields, "agent_note": memo.agent_note, "memo": unused_text(memo.free_text, fields)}
    for name, text in texts.items():
        if is_blank(text):
            continue
        findings += [Finding(Rule.VAGUE, name, p) for p in vague_phrases(text)]
        findings += [Finding(Rule.JUDGING, name, w) for w in judging_words(text, name == "agent_note")]
    if not is_blank(memo.occurred_at):
        findings += [
            Finding(Rule.UNDATED, "occurred_at", w) for w in undated_words(normalise(memo.occurred_at))
        ]
    appointment = memo.appointment
    if appointment and not _is_iso(appointment.at):
        findings += [
            Finding(Rule.UNDATED, "appointment_at", w) for w in undated_words(normalise(appointment.at))
        ]
    if memo.strategy is Strategy.APPOINTMENT and (appointment is None or not appointment.place):
        findings.append(Finding(Rule.APPOINTMENT_INCOMPLETE, "appointment"))
    return findings
