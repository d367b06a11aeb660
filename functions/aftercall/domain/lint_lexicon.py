"""The memo lint's word lists: vague phrases and judging words, as documented patterns.

Every entry has a canonical ``phrase`` (what a finding stores: our words, never the agent's) and a
pattern matched against text already passed through ``domain.text_normal.normalise`` (NFKC,
case-folded, one space between words).

Korean is matched by stem plus ending, not as a raw substring: a stem (``확인``, ``문제``, ``무례``)
followed by any of the common endings and conjugations agents type (``-필요/-필요함/-요망/-바람/
-바랍니다/-해야 함/-해봐야 됨``, ``-있음/-있슴/-잇음/-발생/-생김``, ``-한/-하게/-했다``), with white
space optional between the parts, so ``확인요망`` and ``확인 요망``, ``문제가있음`` and ``문제가 있음``
are one phrase. Short stems that are also parts of ordinary words carry guards (``욕`` never
matches ``욕실``; ``화를 냄`` never matches ``전화``; ``억지로`` "by force" and ``진상 규명`` "the
facts" are not judging). English phrases match whole words, with their inflections.

A ``promise`` entry ("처리 예정", "will follow up", "pending review") is vague only when the same
field says no when: a date, a weekday, a clock time or a bounded delay makes it precise (see
``domain.lint_time.says_when``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from aftercall.domain.text_normal import LazyPattern


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase of a lint list and the pattern that finds it."""

    phrase: str  # canonical: stored in findings, shown to agents
    pattern: LazyPattern
    promise: bool = False  # precise when the field also says when
    behaviour: bool = False  # an act (swearing, shouting): a fact in the agent note when counted


# "욕설 3회", "소리 지름 2번", "swore twice": a counted act, the record an agent note should keep.
COUNTED = LazyPattern(
    r"^\s*(?:을|를|이|가)?\s*(?:\d+|한|두|세|네|다섯|여러)\s*(?:회|번|차례)"
    r"|^\s*(?:\w+\s+){0,2}(?:\d+\s+times|once|twice|three\s+times|several\s+times)(?![a-z])"
)


def _ko(phrase: str, pattern: str, promise: bool = False) -> Entry:
    return Entry(phrase, LazyPattern(pattern), promise)


def _en(phrase: str, pattern: str, promise: bool = False) -> Entry:
    return Entry(phrase, LazyPattern(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"), promise)


def _ko_act(phrase: str, pattern: str) -> Entry:
    return Entry(phrase, LazyPattern(pattern), behaviour=True)


def _en_act(phrase: str, pattern: str) -> Entry:
    return Entry(phrase, LazyPattern(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])"), behaviour=True)


def _spaced(stem: str) -> str:
    """A Korean stem with one optional space between its syllables: ``무례`` matches ``무 례``."""
    return r"\s?".join(stem)


def _whole(pattern: str) -> str:
    """The whole field is this phrase and nothing else (a status of only "checking" says nothing)."""
    return rf"^(?:{pattern})\s*[.!~]*$"


_S = r"\s*"  # optional white space between the parts of a Korean phrase
_PARTICLE = r"(?:이|가|을|를|은|는)?"
_ADVERB = r"(?:(?:좀|조금|약간|많이|계속|자꾸|너무|엄청|크게|몹시|막|또)\s*)?"
# The endings that turn "check" into "needs checking": 필요(함/합니다), 요망, 요함, 바람, 바랍니다,
# 부탁(드립니다), 해야 함 / 해야 됨 / 해봐야 함 / 해 봐야 돼요.
_NEEDS = rf"(?:필요|요망|요함|바람|바랍니다|부탁|해{_S}(?:봐|보)?야{_S}(?:함|됨|돼|합|해|할|될|하는))"
# The endings of "there is / it happened": 있음, 있슴, 잇음, 있는 듯, 있어요, 발생, 생김, 생긴 것 같음.
_THERE_IS = r"(?:있|잇|발생|생김|생겼|생긴|생기)"
_WILL = r"(?:will|[a-z]*'ll)"  # "will", "we'll", "i'll"
# 이상 after a count is "more than" ("3회 이상 발생"), not "something is wrong".
_NOT_A_COUNT = "".join(f"(?<!{unit} )" for unit in "회번분일원건개명배달간년주도초%")

VAGUE: tuple[Entry, ...] = (
    # Checking without saying what was found or who checks by when.
    _ko("확인 필요", rf"(?:재{_S})?(?:확인|체크|검토|파악|조회|점검){_S}{_PARTICLE}{_S}{_NEEDS}"),
    # Checking asked of someone else, with no when: 확인 요청(드림/함), 검토 요청, 파악 요청.
    _ko("확인 요청", rf"(?:재{_S})?(?:확인|체크|검토|파악){_S}(?:을{_S}|를{_S})?요청", True),
    # "A problem" without saying which.
    _ko("문제 있음", rf"(?:문제|이슈){_S}{_PARTICLE}{_S}{_ADVERB}{_THERE_IS}"),
    _ko(
        "알아봐야 함", rf"알아(?:봐|보){_S}야{_S}(?:함|됨|합|해|할|될)|알아보기로|알아볼{_S}(?:예정|게)", True
    ),
    _ko("이상 있음", rf"(?<![0-9가-힣]){_NOT_A_COUNT}이상{_S}{_PARTICLE}{_S}{_ADVERB}{_THERE_IS}"),
    _ko("여러 문제", rf"여러{_S}(?:가지{_S})?(?:문제|이슈)|이것저것|이런저런|각종{_S}문제"),
    _ko("뭔가 이상함", rf"(?:뭔가|무언가|어딘가){_S}(?:이상|문제|잘못|안{_S}맞)"),
    _ko("특이사항 있음", rf"특이{_S}사항{_S}{_PARTICLE}{_S}있"),
    _ko("관련 내용 안내", rf"(?:관련|해당){_S}내용{_S}(?:을{_S})?안내"),
    # Promises without a when.
    _ko(
        "추후 안내",
        rf"추후{_S}(?:에{_S})?(?:다시{_S})?(?:안내|연락|처리|확인|조치|회신|진행|통보|답변)",
        True,
    ),
    _ko(
        "처리 예정",
        rf"(?:처리|조치|안내|연락|회신|진행|확인|검토|방문|답변|통보|피드백|공유|해결|배정|전달|발송|반영|교체|설치|수리)"
        rf"{_S}(?:을{_S}|를{_S})?(?:드릴{_S}|할{_S}|될{_S}|되실{_S}|해{_S}드릴{_S})?예정",
        True,
    ),
    _ko(
        "확인 후 연락",
        # future forms only: "확인 후 안내" alone is also how a done step is written
        rf"(?:(?:확인|검토|알아보)\S{{0,2}}{_S}후|알아보고){_S}(?:다시{_S})?"
        rf"(?:연락|안내|회신|답변|조치|처리|해결|진행|피드백){_S}(?:을{_S}|를{_S})?"
        rf"(?:드리기로|하기로|주기로|드릴|할|드리겠|하겠|예정|요망)"
        # "when the result comes, we call": a condition is not a when
        rf"|(?:나오|확인되|되|오|받으)면{_S}(?:다시{_S})?(?:연락|안내|회신|답변)",
        True,
    ),
    _ko("나중에 연락", rf"나중에{_S}(?:다시{_S})?(?:연락|안내|처리|전화|회신)", True),
    _ko("다시 연락", rf"(?:다시|재){_S}연락{_S}(?:드리기로|하기로|주기로|드릴게|할게|드린다고)", True),
    _ko("이어서 진행", rf"이어서{_S}(?:진행|처리|상담)", True),
    _ko(
        "검토 중",
        rf"(?:검토|확인|체크|심사|분석|조사|파악|처리|진행){_S}중(?:임|입니다|이에요|이며|이고|이라|인데)?(?![가-힣])",
        True,
    ),
    # Promising speed instead of a time: 빠른 시일 내, 최대한 빨리, 조만간, 조속히.
    _ko(
        "빠른 시일 내",
        rf"빠른{_S}시일|최대한{_S}(?:빨리|빠르게|신속|서둘러)|가능한{_S}(?:한{_S})?(?:빨리|빠르게)"
        rf"|조만간|조속히|신속히|(?<![가-힣])곧(?=\s*(?:처리|연락|해결|안내|조치|진행|될|됨|반영))",
        True,
    ),
    # Waiting and watching without saying until when.
    _ko(
        "지켜보기로 함",
        rf"지켜(?:보기로|볼{_S}예정|보겠|보자|보는{_S}중)|경과{_S}(?:를{_S})?(?:관찰|지켜)|상황{_S}(?:을{_S})?(?:보고|봐서|보며)"
        rf"|기다려{_S}(?:달라|주시라|주십사|주시기|주셔야)|기다리시라|(?<![가-힣])일단{_S}대기",
        True,
    ),
    # Will handle / will fix, with no what or when: 처리하겠습니다, 조치할게요, 해결해 드리겠음.
    _ko(
        "처리하겠음",
        rf"(?:처리|조치|해결|진행){_S}(?:해{_S})?(?:하겠|드리겠|할게|드릴게|해{_S}드리겠|해{_S}드릴게|하도록{_S}하겠)",
        True,
    ),
    # A purpose that names no topic.
    _ko(
        "기타 문의",
        _whole(
            rf"(?:기타|일반|단순|그냥|여러{_S}가지|이것저것)?{_S}(?:문의|상담|요청|건|문의{_S}건)(?:{_S}사항)?"
        ),
    ),
    _en(
        "general inquiry",
        _whole(
            r"(?:general|misc(?:ellaneous)?|other|generic|random|various)\s+(?:inquiry|enquiry|question|query|call|issue)s?"
        ),
    ),
    _en(
        "a few questions",
        r"(?:a\s+few|some|several|a\s+couple\s+of|couple\s+of|various|random|a\s+bunch\s+of)\s+"
        r"(?:questions|things|queries|concerns|stuff|issues\s+to\s+discuss)",
    ),
    _en(
        "in progress",
        _whole(
            r"checking|investigating|in\s+progress|ongoing|on\s+it|working\s+on\s+it|pending|processing|in\s+process"
        ),
        True,
    ),
    _en(
        "being handled",
        r"being\s+(?:handled|dealt\s+with|processed|taken\s+care\s+of|worked\s+on|looked\s+at|sorted)"
        r"|working\s+on\s+(?:it|this|that)|(?:get|have|got|getting)\s+(?:it|this|that|things)\s+sorted(?:\s+out)?",
        True,
    ),
    _en(
        "asap",
        r"asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+(?:possible|we\s+can)|at\s+the\s+earliest|in\s+due\s+course"
        r"|shortly|(?:very\s+)?soon(?!\s+as)",
        True,
    ),
    # English: the polite-but-empty phrasing of notes.
    _en(
        "needs checking",
        r"needs?\s+(?:to\s+be\s+)?(?:checking|checked|check|a\s+check|looking\s+at|looked\s+at|verifying|verified)"
        r"|needs?\s+to\s+(?:check|verify|confirm|figure\s+out|find\s+out|look\s+into)"
        r"|(?:to|must|should)\s+be\s+(?:checked|verified|confirmed)",
    ),
    _en("has an issue", r"(?:has|have|had|having)\s+(?:an?\s+|some\s+)?(?:issues?|problems?)"),
    _en(
        "some issue",
        r"some\s+(?:sort\s+of\s+|kind\s+of\s+)?(?:issues?|problems?|trouble|glitch(?:es)?|bugs?|hiccups?)"
        r"|various\s+(?:issues|problems)"
        r"|something\s+(?:(?:seems|is|was|looks|looked|went)\s+)?(?:wrong|off)",
    ),
    _en("as discussed", r"as\s+discussed|as\s+per\s+(?:our|the)\s+(?:call|conversation|discussion)"),
    _en(
        "advised accordingly",
        r"advised\s+(?:the\s+)?(?:customer\s+|caller\s+|him\s+|her\s+|them\s+)?accordingly",
    ),
    _en("tbd", r"tbd|tbc"),
    _en(
        "will look into it",
        r"look(?:s|ed|ing)?\s+in(?:to|\s+to)\s+(?:it|this|that|the\s+(?:matter|issue|problem|case)|the\s+\w+\s+\w+|the\s+\w+)",
        True,
    ),
    _en(
        "pending review",
        r"(?:pending|under|awaiting|being)\s+(?:further\s+)?(?:review(?:ed)?|investigation|investigated|analysis)",
        True,
    ),
    _en("take a look", r"(?:take|taking|have)\s+a\s+(?:quick\s+|closer\s+)?look", True),
    _en(
        "will follow up",
        rf"(?:{_WILL}|to)\s+follow[\s-]?up|follow[\s-]?up\s+later|f/u\s+later|circle\s+back"
        rf"|{_WILL}\s+get\s+back|get\s+back\s+to\s+(?:the\s+)?(?:customer|caller|him|her|them)"
        rf"|{_WILL}\s+(?:call\s+back|update\s+(?:the\s+)?(?:customer|caller|him|her|them)|reach\s+out"
        r"|be\s+in\s+touch|let\s+(?:the\s+)?(?:customer|caller|him|her|them)\s+know)",
        True,
    ),
    _en(
        "will check",
        rf"{_WILL}\s+(?:double[\s-]?|re-?)?(?:check|confirm|verify)|checking\s+(?:with|on)\s+(?:it|the\s+\w+)",
        True,
    ),
    _en("customer informed", r"^(?:customer|caller|cx)\s+(?:was\s+)?(?:informed|advised)\.?$"),
)

# Words about the customer that judge instead of describing: insults, accusations, emotions.
JUDGING: tuple[Entry, ...] = (
    # 진상 is also 眞相 "the true facts": 진상 규명 / 조사 / 파악 are not judging.
    # 진상품 is a tribute gift ("설 진상품 세트"); a space inside (진 상) only before a noun of person.
    _ko(
        "진상",
        rf"진상(?!품|{_S}(?:을{_S}|이{_S})?(?:규명|조사|파악|확인|밝혀|드러))"
        rf"|(?<![가-힣])진\s상(?=\s?(?:고객|손님|짓|부림|부리|임|인|이네|같))",
    ),
    _ko("블랙컨슈머", rf"블랙{_S}(?:컨슈머|고객)"),
    _ko("악성 고객", rf"악성{_S}(?:고객|민원|민원인|유저|컨슈머)"),
    _ko("막무가내", rf"막무{_S}가내"),
    # 억지로 "by force" is a fact ("잠긴 문을 억지로 열다"); 억지 부림 / 억지 주장 judge.
    _ko("억지", r"억지(?!로)"),
    _ko(
        "무례", rf"{_spaced('무례')}|싸가지|싹수{_S}(?:가{_S})?없|버릇{_S}(?:이{_S})?없|예의{_S}(?:가{_S})?없"
    ),
    _ko("불친절", _spaced("불친절")),
    _ko("짜증", rf"{_spaced('짜증')}|신경질"),
    # The agent's own eye-roll typed at the customer: ㅡㅡ, -_-, ㅉㅉ (tsk).
    _ko("ㅡㅡ", unicodedata.normalize("NFKC", r"ㅡ\s?[_.]?\s?ㅡ|-_-|ㅉ{2,}")),
    _ko(
        "화냄",
        rf"(?<![가-힣])화{_S}(?:를|가)?{_S}{_ADVERB}(?:내|냄|냈|났|나{_S}(?:서|심|셔|시|신|있))|버럭|언성{_S}(?:을{_S})?높"
        rf"|노발대발|길길이|난리{_S}(?:를{_S})?(?:침|치|쳤)|분노",
    ),
    _ko_act("소리지름", rf"소리{_S}(?:를{_S})?{_ADVERB}(?:지르|지름|질러|질렀|치|침|쳤)|고함|고래고래"),
    _ko_act("욕설", rf"욕설|쌍욕|(?<![가-힣])욕{_S}(?:을{_S})?{_ADVERB}(?:함|하|했)"),
    _ko("거짓말", rf"거짓말|거짓{_S}(?:주장|진술)|허위{_S}주장"),
    # 우기 is also 雨期 "the rainy season" ("우기에 생긴 누수"): only the verb's forms.
    _ko("우김", r"우김|우겨|우겼|우기(?:는|며|면서|기|고|심|셔|시)"),
    _ko("이상한 고객", rf"이상한{_S}(?:고객|사람|분|손님)|정상이{_S}아닌{_S}(?:고객|분|사람)"),
    _ko("미친", r"또라이|돌아이|(?<![가-힣])미친|정신{_S}(?:이{_S})?나간|사이코|싸이코"),
    _ko("개념 없음", rf"개념{_S}(?:이{_S})?없|무개념"),
    _ko("말이 안 통함", rf"말귀{_S}(?:를{_S})?(?:못|모르|어두)|말이{_S}안{_S}통|말{_S}안{_S}통"),
    _ko("무식", r"무식(?!별)"),
    _ko("갑질", _spaced("갑질")),
    _ko("행패", rf"행패|난동|생떼|(?<![가-힣])떼{_S}(?:를{_S})?(?:씀|쓰|썼)"),
    _ko("트집", rf"트집|꼬투리|시비{_S}(?:를{_S})?(?:걸|검|건)"),
    # 따지다 also means "to work out": 따져 보니 / 따지고 보면 are not judging.
    _ko("따짐", rf"따짐|따지(?:며|면서|는|듯|심|셔|시)|따지고(?!{_S}보)|따져(?!{_S}보)|따졌"),
    _ko("고집 부림", rf"고집{_S}{_PARTICLE}{_S}{_ADVERB}(?:부림|부리|피움|피우|셈|세|쎄|쎔)|고집불통|똥고집"),
    _ko(
        "예민함",
        rf"예민(?:하게|하심|하신{_S}(?:분|고객|손님)|한{_S}(?:분|고객|손님|편|스타일|성격)|함|해서|하셔서|하시네)"
        rf"|과민{_S}(?:반응|하게)",
    ),
    _ko("무리한 요구", rf"(?:무리한|과도한|지나친){_S}(?:\S{{1,4}}{_S})?(?:요구|주장|요청)"),
    _ko("까칠", _spaced("까칠")),
    _ko(
        "성격이 급함",
        rf"성격{_S}(?:이{_S}|은{_S})?{_ADVERB}(?:급|이상|나쁘|나쁜|나쁨|별로|까칠|더러|드세|괴팍|고약)",
    ),
    _ko("흥분", r"흥분|감정적"),
    _ko(
        "까다로운 고객",
        rf"(?:피곤한|골치{_S}아픈|까다로운|귀찮은|답답한|짜증나는|진상인){_S}"
        rf"(?:고객|손님|분|사람|스타일|타입|유형|양반|인간|아저씨|아줌마)",
    ),
    _ko("터무니없는 요구", rf"터무니{_S}없|어이{_S}(?:가{_S})?없|말도{_S}안{_S}되는{_S}(?:요구|주장|소리)"),
    _ko("보상 노림", rf"보상{_S}(?:을{_S})?노리|보상금{_S}(?:을{_S})?뜯|체리{_S}피커"),
    _ko("상습", _spaced("상습")),
    _ko("민폐", _spaced("민폐")),
    _en("rude", r"rude(?:ly|ness)?"),
    _en(
        "angry",
        r"angry|angrily|anger(?:ed)?|irate|furious|livid|lost\s+(?:his|her|their)\s+temper"
        r"|(?:flew|flies|fly|flying)\s+off\s+the\s+handle|went\s+ballistic",
    ),
    _en("crazy", r"crazy|insane|nuts|lunatic|psycho|mental\s+case|unhinged|deranged"),
    _en("stupid", r"stupid|dumb|idiot(?:ic)?|moron(?:ic)?|clueless"),
    # "Karen" is a name: only the slur's forms ("a total karen", "karen lol").
    _en(
        "karen",
        r"(?:a|total|such\s+a|full|typical|real|classic|proper)\s+karen|karen\s+(?:energy|behaviou?r|move|mode|lol)",
    ),
    _en("nightmare", r"nightmare|pain\s+in\s+the\s+(?:neck|ass|butt|backside)|piece\s+of\s+work|a\s+handful"),
    _en("eye-roll", r"lol|lmao|smh|ugh+|eye[\s-]?roll"),
    _en("annoying", r"annoy(?:ing|ed)"),
    _en(
        "difficult customer",
        r"(?:difficult|nightmare|problem|impossible)\s+(?:customer|caller|client)|impossible\s+to\s+deal\s+with",
    ),
    _en("aggressive", r"aggressive(?:ly)?|hostile|belligerent"),
    _en_act("abusive", r"abusive|swore|swearing|cursing|cursed|cussing|profanity"),
    _en_act("yelling", r"yell(?:ed|ing|s)?|scream(?:ed|ing|s)?|shout(?:ed|ing|s)?"),
    _en("hysterical", r"hysterical|ranting|ranted|rant|meltdown|freaked\s+out"),
    _en("liar", r"liar|lied|lying\s+(?:about|to)"),
    _en("unreasonable", r"unreasonable|entitled|obnoxious|nasty|arrogant|condescending|pushy|whiny|whining"),
    _en(
        "impatient",
        r"impatient|(?:wouldn't|would\s+not|won't|refused\s+to|doesn't|does\s+not|didn't|did\s+not|never|can't|cannot)"
        r"\s+(?:even\s+)?listen|not\s+listening",
    ),
    _en("exhausting", r"exhausting|tiresome|draining|tiring\s+(?:customer|caller)"),
    _en("scammer", r"scammer|scam\s+artist|freeloader"),
)

# Names that contain a listed word: brands and products agents write down as they are.
NAMES: tuple[str, ...] = (
    "angry birds",
    "angry orchard",
    "rude health",
    "crazy shirts",
    "crazy taxi",
    "crazy arcade",
    "annoying orange",
)
