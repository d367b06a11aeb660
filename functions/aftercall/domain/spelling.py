"""Spelling of the customer-facing memo fields, Korean and English, against real dictionaries.

Pure: the dictionary is a function ``known(word, language) -> bool`` ("ko" or "en") that the caller
passes in (adapters/speller.py: Hunspell's ko_KR and en_US dictionaries through Enchant). What is
decided here is which words to ask about and how to read the answer:

- text is NFC-normalised (decomposed Hangul would be unknown) and links, e-mail addresses and
  anything joined to digits (model numbers, "3영업일" is read as "영업일") are left out;
- a Hangul word the dictionary does not know is accepted when it splits into known words (up to
  three parts): Korean writes compound nouns without spaces ("중복청구분", "재배송") and the
  dictionary lists their parts, not every compound; a part of one syllable is accepted only as the
  first part ("재배송"), so a typo in the last syllable ("환뷸") is still found;
- a Hangul word right after a Latin word or a number ("KT에서", "456789 로") may be a particle
  (``PARTICLES``, a closed class); so may the end of a word after a known word ("앱에서");
- a word with a stray jamo ("맞추ㄴ") is always misspelled;
- ``VOCABULARY``: a short list of correct words contact centers write that the dictionaries lack;
- English: acronyms (SMS), words with capitals inside (iPhone), capitalised words inside a sentence
  (names) and words of one or two letters are not checked.

A finding names the field (``Rule.SPELLING``), never the word; ``SpellingIssue`` carries the word for
the agent who wrote it (the CLI, the memo check before saving) and is never logged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from aftercall.domain.memo import Memo
from aftercall.domain.memo_findings import Finding, Rule

Known = Callable[[str, str], bool]  # (word, "ko" | "en") → the dictionary knows it

_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
# Links, addresses, markup and placeholders: the gate's business, not words to spell.
_SKIP = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|<[^<>]*(?:>|$)|&#?\w+;|\$?\{[^{}]*\}")
_TOKEN = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]+|[A-Za-z]+(?:['’][A-Za-z]+)*")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SENTENCE_END = ".!?:;\n"
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "St", "No", "Mt", "Jr", "Sr"})
# Korean particles (a closed class of grammar, not vocabulary): after a word the dictionary does not
# list with its particles (a number, a Latin word, a loanword from VOCABULARY) they are read as such.
_BASE_PARTICLES = (  # noqa: SIM905 - one line of Korean reads better than a column
    "이 가 을 를 은 는 에 에서 에게 께 한테 으로 로 와 과 랑 이랑 도 만 의 까지 부터 보다 처럼 이나 나 "
    "이고 이며 으로서 로서 으로써 로써 에게서 께서 이다 입니다 이에요 예요 이라 라 이라고 라고 인데 임"
).split()
PARTICLES = frozenset(
    {
        *_BASE_PARTICLES,
        *(p + q for p in _BASE_PARTICLES for q in ("는", "도", "만", "의", "은") if len(p) <= 2),
    }
)
_STRAY_JAMO = re.compile("[\u3131-\u318e]")  # ㄱ…ㅣ typed on their own: never a finished syllable

# Words contact centers write that the dictionaries lack: loanwords and service names (Korean), a US
# dictionary's missing variants and trade words (English). A vocabulary, not a list of typos: every
# entry is a correct word. Keep it short; a word a dictionary learns should leave it.
VOCABULARY: dict[str, frozenset[str]] = {
    "ko": frozenset(
        "앱 어플 로밍 렌털 렌탈 와이파이 셋톱박스 카시트 키오스크 카카오톡 알림톡 챗봇 에어프라이어 "  # noqa: SIM905
        "인덕션 캐시백 선결제 페이 테더링 핫스팟".split()
    ),
    "en": frozenset("autopay cancelled cancelling signup ebill chargeback hotspot wifi".split()),  # noqa: SIM905
}
_MAX_PARTS = 3


@dataclass(frozen=True, slots=True)
class SpellingIssue:
    field: str
    word: str  # the agent's own word: show it to the agent, never log it


def _with_vocabulary(known: Known, vocabulary: dict[str, frozenset[str]]) -> Known:
    def check(word: str, language: str) -> bool:
        words = vocabulary.get(language, frozenset())
        return word in words or word.lower() in words or known(word, language)

    return check


def _particle(word: str, known: Known) -> bool:
    """``word`` is a particle, or particles in a row, that follow a noun ("에", "에서는", "으로", "을")."""
    return word in PARTICLES


def _parts_ok(word: str, known: Known, parts_left: int, singles_left: int) -> bool:
    """``word`` (a piece after the first) is known, or splits into known pieces within the budgets."""
    if known(word, "ko") and (len(word) > 1 or singles_left > 0):
        return True
    if parts_left <= 1:
        return False
    return any(
        known(word[:cut], "ko") and _parts_ok(word[cut:], known, parts_left - 1, singles_left - (cut == 1))
        for cut in range(1, len(word))
        if singles_left - (cut == 1) >= 0
    )


def _korean_ok(word: str, known: Known) -> bool:
    """Known; a known word and a particle ("앱에서"); or a compound of up to three known words with at
    most one of a single syllable ("재배송", "중복청구분")."""
    if _STRAY_JAMO.search(word):
        return False
    if known(word, "ko"):
        return True
    for cut in range(1, len(word)):
        if not known(word[:cut], "ko"):
            continue
        rest = word[cut:]
        if _particle(rest, known):
            return True
        if len(word) >= 3 and _parts_ok(rest, known, _MAX_PARTS - 1, 1 - (cut == 1)):
            return True
    return False


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(-")
    last = before[:-1].split()[-1:] if before.endswith(".") else []
    if last and last[0] in _TITLES:
        return False  # "Mr. Kim": a title's period ends no sentence
    return not before or before[-1] in _SENTENCE_END


def _english_to_check(text: str, start: int, word: str) -> bool:
    if len(word) <= 2 or word.isupper() or any(c.isupper() for c in word[1:]):
        return False
    before = text[start - 1] if start else " "
    after = text[start + len(word)] if start + len(word) < len(text) else " "
    if before.isdigit() or after.isdigit():
        return False
    return not word[0].isupper() or _sentence_start(text, start)


def misspelled(text: str, known: Known, vocabulary: dict[str, frozenset[str]] | None = None) -> list[str]:
    """The words of ``text`` that no dictionary knows, in order, each once."""
    text = _SKIP.sub(" ", _INVISIBLE.sub("", unicodedata.normalize("NFC", text)))
    known = _with_vocabulary(known, VOCABULARY if vocabulary is None else vocabulary)
    found: list[str] = []
    for m in _TOKEN.finditer(text):
        word, start = m.group(0), m.start()
        if _HANGUL.match(word):
            # After a number or a Latin word ("KT에서", "456789 로") a Hangul word may be a particle.
            after_other = not _HANGUL.match(text[:start].rstrip()[-1:] or "가")
            ok = _korean_ok(word, known) or (after_other and _particle(word, known))
        elif _english_to_check(text, start, word):
            ok = known(word, "en") or known(word.lower(), "en")
        else:
            ok = True
        if not ok and word not in found:
            found.append(word)
    return found


def customer_texts(memo: Memo) -> dict[str, str]:
    """The fields checked: the appointment place is not (addresses and names no dictionary lists)."""
    appointment = memo.appointment
    return {**memo.customer_fields(), "appointment_bring": appointment.bring if appointment else ""}


def spelling_issues(
    memo: Memo, known: Known, vocabulary: dict[str, frozenset[str]] | None = None
) -> list[SpellingIssue]:
    """Every misspelled word of the customer-facing fields (the agent note is not checked)."""
    return [
        SpellingIssue(name, word)
        for name, text in customer_texts(memo).items()
        if text
        for word in misspelled(text, known, vocabulary)
    ]


def spelling_findings(memo: Memo, known: Known) -> list[Finding]:
    """One finding per field with a misspelled word: safe to log, ready for the gate."""
    fields = dict.fromkeys(issue.field for issue in spelling_issues(memo, known))
    return [Finding(Rule.SPELLING, name) for name in fields]
