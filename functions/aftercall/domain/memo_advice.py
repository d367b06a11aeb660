"""What a memo finding means for the agent who wrote the memo: plain words, in Korean and English.

Used by ``aftercall lint-memo`` and by anything else that shows findings to agents. The phrase in
a message is the canonical phrase from our lists (``Finding.phrase``), never the agent's text.
"""

from __future__ import annotations

from dataclasses import dataclass

from aftercall.domain.memo_findings import Finding, Rule

# Field → (Korean name, English name, the label that fills it in a free-text memo).
FIELD_NAMES: dict[str, tuple[str, str, str]] = {
    "purpose": ("문의 목적", "purpose", "목적: / Purpose:"),
    "status": ("현재 상태", "current state", "상태: / Status:"),
    "desired_outcome": ("원하는 결과", "desired outcome", "원하는 결과: / Desired outcome:"),
    "occurred_at": ("발생 시각", "when it happened", "발생 시각: / When:"),
    "problem": ("문제", "problem", "문제: / Problem:"),
    "progress": ("처리 내용", "progress", "처리: / Progress:"),
    "agent_note": ("상담원 메모", "agent note", ""),
    "memo": ("자유 형식 메모", "free-text memo", ""),
    "appointment": ("예약", "appointment", ""),
    "appointment_at": ("예약 시간", "appointment time", ""),
}

_DETAIL = {
    "occurred_at": (
        "언제 일어났는지 날짜로 적어 주세요(예: 12월 2일 오후 9시).",
        "Please add when it happened, with a date (e.g. Dec 2, 9 pm).",
    ),
    "problem": ("무엇이 정확히 문제인지 적어 주세요.", "Please add what exactly the problem is."),
    "progress": ("어디까지 처리했는지 적어 주세요.", "Please add how far it has been handled."),
}


@dataclass(frozen=True, slots=True)
class Advice:
    ko: str
    en: str


def _names(field: str) -> tuple[str, str, str]:
    return FIELD_NAMES.get(field, (field, field.replace("_", " "), ""))


def advice(finding: Finding, free_text: bool = False) -> Advice:
    """The message for ``finding``; ``free_text`` when the memo came as one free text (label hints)."""
    ko_name, en_name, label = _names(finding.field)
    phrase = finding.phrase
    rule = finding.rule
    if rule is Rule.EMPTY:
        return Advice(
            "메모가 작성되지 않았습니다. 문의 목적, 현재 상태, 원하는 결과를 적어 주세요.",
            "No memo was written. Please add the purpose, the current state and the outcome the customer "
            "wants.",
        )
    if rule in (Rule.MISSING, Rule.MISSING_DETAIL):
        ko_label, _, en_label = label.partition(" / ")
        hint_ko = (
            f' 자유 형식 메모에서는 "{ko_label} …" 줄로 적을 수 있습니다.' if free_text and label else ""
        )
        hint_en = f' In a free-text memo, start a line with "{en_label} …".' if free_text and label else ""
        if rule is Rule.MISSING:
            return Advice(
                f"{ko_name} 항목이 비어 있습니다. 꼭 적어 주세요.{hint_ko}",
                f"The {en_name} is empty; it is required.{hint_en}",
            )
        ko, en = _DETAIL.get(finding.field, (f"{ko_name} 항목을 적어 주세요.", f"Please add the {en_name}."))
        return Advice(ko + hint_ko, en + hint_en)
    if rule is Rule.VAGUE:
        return Advice(
            f'{ko_name}: "{phrase}" 같은 표현만으로는 무엇을, 언제까지 하는지 알 수 없습니다. '
            "구체적으로 적어 주세요.",
            f'{en_name}: "{phrase}" does not say what exactly, or by when. Please be specific.',
        )
    if rule is Rule.JUDGING:
        return Advice(
            f'{ko_name}: "{phrase}" 같은 감정·평가 표현 대신 사실과 상황만 적어 주세요.',
            f'{en_name}: instead of words like "{phrase}", please describe only the facts and the situation.',
        )
    if rule is Rule.UNDATED:
        return Advice(
            f'{ko_name}: "{phrase}" 같은 표현은 날짜가 아닙니다. 메모는 다른 날에도 읽히니 날짜를 적어 주세요'
            "(예: 12월 2일).",
            f'{en_name}: "{phrase}" is not a date, and the memo is read on other days. Please write the date '
            "(e.g. Dec 2).",
        )
    if rule is Rule.PII_MASKED:
        return Advice(
            f"{ko_name}: 카드번호나 주민등록번호는 저장 전에 가려졌습니다(끝 네 자리만 남김). "
            "메모에는 적지 말아 주세요.",
            f"{en_name}: a card or resident registration number was masked before saving (the last four "
            "digits are kept). Please leave such numbers out of memos.",
        )
    if rule is Rule.SPELLING:
        return Advice(f"{ko_name}: 맞춤법을 확인해 주세요.", f"{en_name}: please check the spelling.")
    return Advice("예약 안내에는 시간과 장소가 필요합니다.", "An appointment needs a time and a place.")
