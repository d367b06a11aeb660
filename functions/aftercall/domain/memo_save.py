"""What the agent's memo form saves after the check: the submitted values, never unsafe as typed.

The form (a Connect step-by-step guide) posts the memo attributes to the check_memo flow Lambda and
saves what it answers: card and resident registration numbers masked (last four digits kept, as at
ingest), and judging words replaced, so that they are never stored even when the agent submits
anyway. A judging word the lint found only after normalising (spacing, a variant spelling) cannot be
cut out on its own: the whole value is replaced with a note saying why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from aftercall.domain.memo import MemoKey
from aftercall.domain.memo_findings import Finding, Rule
from aftercall.domain.memo_lint import contains_phrase
from aftercall.domain.sensitive import mask_numbers

JUDGING_MASK = "○○"
_REMOVED = {
    "ko-KR": "(고객을 평가하는 표현이 있어 저장하지 않았습니다)",
    "en-US": "(not saved: it judged the customer)",
}
_MEMO_KEYS = frozenset(key.value for key in MemoKey)


def _key_of(field: str) -> str:
    """The attribute a finding names: its field, or the free-text memo (``memo``)."""
    return f"aftercall_{field}"


def values_to_save(
    submitted: Mapping[str, str], findings: Iterable[Finding], locale: str = "ko-KR"
) -> dict[str, str]:
    """Each submitted ``aftercall_*`` memo attribute, as it may be stored."""
    values = {key: mask_numbers(value)[0] for key, value in submitted.items() if key in _MEMO_KEYS}
    for finding in findings:
        if finding.rule is not Rule.JUDGING:
            continue
        key = _key_of(finding.field)
        if key not in values:  # a field filled from a labelled line of the free-text memo
            key = MemoKey.FREE_TEXT.value
        if key not in values:
            continue
        if finding.phrase and contains_phrase(values[key], finding.phrase):
            values[key] = _replace(values[key], finding.phrase)
        else:
            values[key] = _REMOVED.get(locale, _REMOVED["en-US"])
    return values


def _replace(text: str, phrase: str) -> str:
    if phrase.isascii():
        return re.sub(rf"\b{re.escape(phrase)}\b", JUDGING_MASK, text, flags=re.IGNORECASE)
    return text.replace(phrase, JUDGING_MASK)
