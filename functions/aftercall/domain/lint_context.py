"""When a listed word or phrase is not what it looks like: reading the words around a match.

A documented rule set over normalised text (``domain.text_normal.normalise``), not a parser:

Judging words are not findings when they are
- **reported speech**: inside double quotes (``"…"``, ``“…”``, ``「…」``); after a reporting lead in
  the same sentence (``고객님 말씀:``, ``고객 왈``, ``고객 주장:``, ``said``, ``says``, ``reported
  that``, ``according to the customer``, ``per customer:``); or followed in the same sentence by a
  Korean reported-speech ending (``-다고``, ``-라고``, ``-대요``, ``-래요``, ``-다며``, ``-다는``,
  ``-다 함``) either right after the word ("무례했다고 하심") or with a third party as the subject
  before it ("기사님이 너무 무례하게 굴었다고 하심");
- **about someone else**: next to a third party ("배송기사 불친절 민원", "불친절한 기사",
  "rude driver", "the driver was rude");
- **part of a name** on the allow-list (``domain.lint_lexicon.NAMES``: "Angry Birds", "Rude Health").

A customer's own emotions reported as theirs ("고객이 화가 났다고 하심") are reported speech too: the
memo then states what the customer said, which is a fact.

Vague phrases are not findings when they are
- **a precise requirement**: a label followed by its content ("확인 필요 서류: 주민등록등본",
  "추가 확인 필요 항목: …", "To be checked: passport number");
- **negated or conditional**: "확인 필요 없음", "추가 확인이 필요할 경우 연락", "no need to check";
- **part of a name** on the allow-list.
"""

from __future__ import annotations

import re

from aftercall.domain.lint_lexicon import NAMES
from aftercall.domain.text_normal import LazyPattern

_SENTENCE_END = LazyPattern(r"[.!?;](?=\s+\D|$)|\n")
_STATEMENT_END = LazyPattern(r"[.!?](?=\s+\D|$)|\n")  # a semicolon joins a promise to its when
_QUOTED = LazyPattern(r'"[^"\n]*"')

_REPORTING_LEAD = LazyPattern(
    r"(?:고객|고객님|손님|본인|가입자)\s*(?:의\s*)?(?:말씀|말|주장|진술|설명|의견)\s*(?:[:：]|으로는|로는|에\s*따르면)"
    r"|(?:고객|고객님|손님)\s*왈"
    r"|(?<![a-z])(?:said|says|say|stated|states|reported\s+that|reports\s+that|claims?|claimed"
    r"|complained\s+that|told\s+(?:us|me|the\s+agent)|mentioned\s+that|feels\s+that"
    r"|according\s+to\s+(?:the\s+)?(?:customer|caller|her|him|them)|per\s+(?:the\s+)?(?:customer|caller))(?![a-z])"
    r"|(?:^|\n)\s*(?:customer|caller)\s*:"
)
_REPORTED_ENDING = LazyPattern(
    r"(?:다고|라고|냐고|자고|대요|래요|답니다|랍니다|다며|라며|다면서|라면서|다\s*(?:함|하심|하셨|합니다)"
    r"|(?:다|라)는(?=\s))"
)
_THIRD_PARTY_KO = (
    r"(?:배송|택배|설치|수리|방문|ａｓ|as)?\s*(?:기사|기사님|직원|점원|매니저|상담원|상담사|담당자|판매원"
    r"|대리점|매장|업체|이웃|배달원|경비원|관리인|점장|지점장|협력사)"
)
_THIRD_PARTY_SUBJECT = LazyPattern(rf"{_THIRD_PARTY_KO}\s*(?:님)?\s*(?:이|가|은|는|께서|측에서)(?![가-힣])")
_THIRD_PARTY_BEFORE = LazyPattern(
    rf"{_THIRD_PARTY_KO}\s*(?:님)?\s*(?:이|가|은|는|의)?\s*(?:태도\s*(?:가|는)?\s*)?(?:(?:너무|매우|좀|많이|아주|정말)\s*)?$"
)
_THIRD_PARTY_AFTER = LazyPattern(
    rf"^\S{{0,3}}\s*(?:한|하게|스러운|스런|인)?\s*{_THIRD_PARTY_KO}(?![가-힣])"
    r"|^\s*(?:delivery\s+)?(?:driver|technician|tech|engineer|installer|courier|agent|rep|representative"
    r"|staff|employee|manager|cashier|clerk|store|shop|neighbou?r|delivery\s+(?:guy|man|person))s?(?![a-z])"
)
_EN_THIRD_PARTY_SUBJECT = LazyPattern(
    r"(?:driver|technician|tech|engineer|installer|courier|agent|rep|representative|staff|employee|manager"
    r"|cashier|clerk|neighbou?r)s?\s+(?:was|is|were|are|seemed|seems|got|became|being)\s+"
    r"(?:(?:very|so|really|extremely|quite|pretty|a\s+bit|rather)\s+)?$"
)
_LABEL_AFTER = LazyPattern(
    r"^\s*(?:한|할)?\s*(?:서류|항목|사항|자료|정보|목록|부분|내용)?\s*(?:은|는)?\s*[:：]\s*\S"
    r"|^\s*(?:한|할)?\s*(?:서류|항목|사항|자료|목록)\s*(?:은|는)?\s*\S"
)
_NEGATED_AFTER = LazyPattern(r"^\s*(?:없|하지\s*않|치\s*않|x(?![a-z])|안\s*함)")
_CONDITIONAL_AFTER = LazyPattern(
    r"^\s*(?:할|한|하|을|는)?\s*(?:경우|시(?![가-힣])|시에|때)|^\s*(?:으|하)?면(?![가-힣])"
)
_NEGATED_BEFORE = LazyPattern(r"(?<![a-z])(?:no|not|never|don't|doesn't|didn't|without)\s+$")


def sentence_of(text: str, start: int, end: int, ends: LazyPattern = _SENTENCE_END) -> tuple[int, int]:
    """The bounds of the sentence (ended by . ! ? ; or a line break) holding ``text[start:end]``."""
    begin = 0
    for mark in ends.finditer(text):
        if mark.end() <= start:
            begin = mark.end()
        elif mark.start() >= end:
            return begin, mark.start()
    return begin, len(text)


def statement_of(text: str, start: int, end: int) -> tuple[int, int]:
    """Like ``sentence_of`` but a semicolon does not end it: "under review; decision by Dec 9"."""
    return sentence_of(text, start, end, _STATEMENT_END)


def in_name(text: str, start: int, end: int) -> bool:
    """The match lies inside a name on the allow-list."""
    for name in NAMES:
        for found in re.finditer(re.escape(name), text):
            if found.start() <= start and end <= found.end():
                return True
    return False


def _in_quotes(text: str, start: int) -> bool:
    return any(q.start() < start < q.end() for q in _QUOTED.finditer(text))


def _reported(text: str, start: int, end: int) -> bool:
    s_begin, s_end = sentence_of(text, start, end)
    before, after = text[s_begin:start], text[end:s_end]
    if _REPORTING_LEAD.search(before):
        return True
    ending = _REPORTED_ENDING.search(after)
    if ending is None:
        return False
    gap = after[: ending.start()]
    tight = len(gap) <= 4 and gap.count(" ") <= 1 and not re.search(r"게\s|며|면서|서\s", gap)
    return tight or _THIRD_PARTY_SUBJECT.search(before) is not None


def _about_someone_else(text: str, start: int, end: int) -> bool:
    s_begin, s_end = sentence_of(text, start, end)
    before, after = text[s_begin:start], text[end:s_end]
    return bool(
        _THIRD_PARTY_BEFORE.search(before)
        or _THIRD_PARTY_AFTER.search(after)
        or _EN_THIRD_PARTY_SUBJECT.search(before)
    )


def judging_excused(text: str, start: int, end: int) -> bool:
    """True when a judging word at ``text[start:end]`` is quoted, reported, about others or a name."""
    return (
        in_name(text, start, end)
        or _in_quotes(text, start)
        or _reported(text, start, end)
        or _about_someone_else(text, start, end)
    )


def vague_excused(text: str, start: int, end: int) -> bool:
    """True when a vague phrase at ``text[start:end]`` labels a precise requirement, is negated or a name."""
    after, before = text[end:], text[:start]
    return bool(
        _LABEL_AFTER.search(after)
        or _NEGATED_AFTER.search(after)
        or _CONDITIONAL_AFTER.search(after)
        or _NEGATED_BEFORE.search(before)
        or in_name(text, start, end)
    )
