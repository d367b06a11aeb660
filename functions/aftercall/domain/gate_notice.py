"""What the agent reads when the gate holds a follow-up: a task that says, in plain words, what to fix.

In the agent's language: the language the memo is written in (Hangul → ko-KR, Latin letters only →
en-US), else the configured default. The task names the memo's fields and what is wrong with each,
never the memo's wording: the text that was held is not repeated anywhere it could be read again.
"""

from __future__ import annotations

import re

from aftercall.domain.gate_values import Action, Check, GateSummary
from aftercall.domain.memo import Memo

SUPPORTED = ("ko-KR", "en-US")
_HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
_LATIN = re.compile("[A-Za-z]")

_FIELDS = {
    "ko-KR": {
        "purpose": "문의 목적",
        "status": "현재 상황",
        "desired_outcome": "고객이 원하는 결과",
        "occurred_at": "발생 일시",
        "problem": "문제 내용",
        "progress": "처리 경과",
        "appointment_place": "방문 장소",
        "appointment_bring": "준비물",
    },
    "en-US": {
        "purpose": "Purpose",
        "status": "Status",
        "desired_outcome": "Desired outcome",
        "occurred_at": "When it happened",
        "problem": "Problem",
        "progress": "Progress",
        "appointment_place": "Appointment place",
        "appointment_bring": "What to bring",
    },
}

_FIXES = {
    "ko-KR": {
        Check.JUDGING: "고객을 평가하거나 감정이 담긴 표현이 있습니다. 사실과 상황만 적어 주세요.",
        Check.MARKUP: "HTML 태그 같은 코드가 들어 있습니다. 일반 문장으로 적어 주세요.",
        Check.PLACEHOLDER: "채워지지 않은 자리 표시(중괄호나 % 기호)가 있습니다. 실제 내용으로 바꿔 주세요.",
        Check.CARD_NUMBER: "카드 번호로 보이는 숫자가 있습니다. "
        "고객에게 가는 칸에는 카드 번호를 적지 말아 주세요.",
        Check.RESIDENT_NUMBER: "주민등록번호로 보이는 숫자가 있습니다. "
        "고객에게 가는 칸에는 적지 말아 주세요.",
        Check.ACCOUNT_NUMBER: "계좌 번호로 보이는 숫자가 있습니다. "
        "꼭 필요하면 상담원 전용 메모에 적어 주세요.",
        Check.VAGUE: "무엇을 확인하는지, 어떤 문제인지가 분명하지 않습니다. 구체적으로 적어 주세요.",
        Check.SPELLING: "맞춤법이 틀린 단어가 있습니다. 바르게 고쳐 주세요.",
    },
    "en-US": {
        Check.JUDGING: "it has emotional or judging words about the customer. "
        "State facts and the situation only.",
        Check.MARKUP: "it has HTML tags or similar code. Write it as plain sentences.",
        Check.PLACEHOLDER: "it has an unfilled placeholder (braces or a % sign). "
        "Replace it with the real details.",
        Check.CARD_NUMBER: "it has what looks like a card number. "
        "Never put card numbers in fields the customer sees.",
        Check.RESIDENT_NUMBER: "it has what looks like a resident registration number. "
        "Never put it in fields the customer sees.",
        Check.ACCOUNT_NUMBER: "it has what looks like a bank account number. If it is needed, put it in the "
        "agent-only note.",
        Check.VAGUE: "it does not say exactly what is being checked or what the problem is. Be specific.",
        Check.SPELLING: "it has a misspelled word. Please correct it.",
    },
}

_TEXTS = {
    "ko-KR": {
        "name": "후속 안내 보류: 메모 수정 필요",
        "name_reminder": "예약 알림 보류: 메모 수정 필요",
        "intro": "이 통화의 후속 안내를 고객에게 보내지 않고 보류했습니다. 메모에서 아래 내용을 고쳐 주세요.",
        "outro": "메모를 고친 뒤 고객에게 직접 연락하시거나 후속 안내를 보내 주세요. "
        "보안을 위해 메모의 원래 문구는 이 작업에 옮기지 않았습니다.",
    },
    "en-US": {
        "name": "Follow-up held: the memo needs a fix",
        "name_reminder": "Appointment reminder held: the memo needs a fix",
        "intro": "The follow-up of this call was held: nothing was sent to the customer. "
        "Please fix the memo:",
        "outro": "Then contact the customer yourself or send the follow-up by hand. "
        "The memo's wording is not repeated here.",
    },
}


def agent_locale(memo: Memo, default: str = "ko-KR") -> str:
    """The language the agent wrote ``memo`` in: Hangul anywhere → ko-KR, Latin letters only → en-US."""
    texts = [memo.purpose, memo.status, memo.desired_outcome, memo.problem, memo.progress, memo.agent_note]
    joined = " ".join(texts)
    if _HANGUL.search(joined):
        return "ko-KR"
    if _LATIN.search(joined):
        return "en-US"
    return default if default in SUPPORTED else "ko-KR"


def hold_task_name(locale: str, kind: str) -> str:
    texts = _TEXTS[locale if locale in SUPPORTED else "ko-KR"]
    return texts["name_reminder"] if kind == "reminder" else texts["name"]


def hold_task_description(summary: GateSummary, locale: str) -> str:
    """The task's description: one line per field to fix, in ``locale``; never the memo's text."""
    locale = locale if locale in SUPPORTED else "ko-KR"
    lines = [_TEXTS[locale]["intro"]]
    seen: set[tuple[str, Check]] = set()
    for finding in summary.findings:
        key = (finding.field, finding.check)
        if finding.action is Action.SEND or key in seen:
            continue
        seen.add(key)
        label = _FIELDS[locale].get(finding.field, finding.field)
        lines.append(f"- {label}: {_FIXES[locale][finding.check]}")
    lines.append(_TEXTS[locale]["outro"])
    return "\n".join(lines)
