"""Time in a memo: does a field say when, does it carry a date, which time words have no date.

Used by the memo lint on normalised text (``domain.text_normal.normalise``):

- ``says_when``: a promise ("처리 예정", "will follow up") is precise when the same field names a
  date, a weekday, a clock time, a relative day (오늘, 내일, tomorrow) or a bounded delay
  ("3영업일 내", "within 2 days", "by Friday").
- ``undated_words``: for ``occurred_at`` and an appointment time typed as free text, the time words
  that do not pin a day — vague ones (최근, 요즘, 얼마 전, recently, a while ago) and relative ones
  (어제, 내일, 다음 주, yesterday, tomorrow, last week) — unless the field also carries a date
  ("어제(12월 2일)", "recently, on Nov 28"). The memo is read on other days than the call (the
  next agent, a reminder): a relative word there is a guess.
"""

from __future__ import annotations

from aftercall.domain.text_normal import LazyPattern

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A calendar date: 2026-12-05, 2026.12.05, 12/5, 12월 5일, 12월, Dec 5, 5 Dec, 2026년.
_DATE = LazyPattern(
    r"\d{4}\s*[-./년]\s*\d{1,2}|(?<![\d.])\d{1,2}\s*/\s*\d{1,2}(?!\d)|\d{1,2}\s*월"
    rf"|(?<![a-z]){_MONTHS}\s*\d{{1,2}}(?!\d)|\d{{1,2}}\s+{_MONTHS}(?![a-z])|\d{{4}}\s*년"
    r"|(?<![a-z])(?:january|february|march|april|june|july|august|september|october|november|december)(?![a-z])"
)
_WEEKDAY = LazyPattern(
    r"[월화수목금토일]요일|\([월화수목금토일]\)"
    r"|(?<![a-z])(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day)?(?![a-z])"
)
_CLOCK = LazyPattern(
    r"\d{1,2}\s*:\s*\d{2}|\d{1,2}\s*시(?!간)|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|오전|오후|정오"
)
_RELATIVE_DAY = LazyPattern(
    r"오늘|금일|내일|익일|모레|당일|이번\s*주|다음\s*주|금주|차주|주말|월말|이번\s*달|다음\s*달"
    r"|(?<![a-z])(?:today|tomorrow|tonight|eod|cob|this\s+(?:week|afternoon|evening|morning)"
    r"|next\s+(?:week|month)|end\s+of\s+(?:the\s+)?(?:day|week|month))(?![a-z])"
)
_BOUND = LazyPattern(
    r"\d+\s*(?:영업일|시간|일|주|개월|분)\s*(?:내|이내|안|후|뒤|까지)"
    r"|(?<![a-z])(?:within|in)\s+(?:\d+|a|an|one|two|three|24|48)\s+(?:business\s+|working\s+)?"
    r"(?:hours?|days?|weeks?|minutes?)(?![a-z])"
)


def has_date(text: str) -> bool:
    """A calendar date (day or month) in normalised ``text``."""
    return _DATE.search(text) is not None


def says_when(text: str) -> bool:
    """A date, a weekday, a clock time, a relative day or a bounded delay in normalised ``text``."""
    return any(p.search(text) for p in (_DATE, _WEEKDAY, _CLOCK, _RELATIVE_DAY, _BOUND))


# (canonical phrase, pattern): time words that do not pin a day on their own.
_UNDATED: tuple[tuple[str, LazyPattern], ...] = tuple(
    (phrase, LazyPattern(pattern))
    for phrase, pattern in (
        ("최근", r"최근|요즘|요새|근래"),
        ("얼마 전", r"얼마\s*전|며칠\s*전|몇\s*(?:일|주|달|개월)\s*전|한참\s*전|예전|지난번|언젠가|전부터"),
        ("조만간", r"조만간|(?<![가-힣])곧(?![가-힣])|나중에|추후"),
        ("어제", r"어제|그제|그저께|엊그제"),
        ("오늘", r"오늘|금일|당일"),
        ("내일", r"내일|익일|모레|글피"),
        ("다음 주", r"(?:다음|이번|지난|저번|담)\s*주|차주|금주|전주"),
        ("지난달", r"(?:다음|이번|지난|저번)\s*달|전월|익월|금월"),
        ("N일 전", r"\d+\s*(?:일|주|개월|달|시간)\s*(?:전|째)"),
        (
            "recently",
            r"(?<![a-z])(?:recently|lately|the\s+other\s+day|a\s+while\s+ago|some\s+time\s+ago)(?![a-z])",
        ),
        (
            "a few days ago",
            r"(?<![a-z])(?:a\s+few|few|several|some|couple\s+of|a\s+couple\s+of)\s+(?:days|weeks|months)\s+ago",
        ),
        ("soon", r"(?<![a-z])(?:soon|later|asap)(?![a-z])"),
        ("yesterday", r"(?<![a-z])(?:yesterday|last\s+night)(?![a-z])"),
        ("today", r"(?<![a-z])(?:today|tonight|this\s+(?:morning|afternoon|evening))(?![a-z])"),
        ("tomorrow", r"(?<![a-z])tomorrow(?![a-z])"),
        ("next week", r"(?<![a-z])(?:next|last|this)\s+(?:week|month|weekend)(?![a-z])"),
        ("N days ago", r"(?<![a-z0-9])\d+\s+(?:days?|weeks?|months?|hours?)\s+ago(?![a-z])"),
    )
)


def undated_words(text: str) -> list[str]:
    """The canonical time words in normalised ``text`` that leave the day open; none when it has a date."""
    if has_date(text):
        return []
    return [phrase for phrase, pattern in _UNDATED if pattern.search(text)]
