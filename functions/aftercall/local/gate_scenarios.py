"""Built-in demo scenarios of the gate (issue 14): what a customer reads when the memo is not fit to.

- a judging memo: held for review, no text; the agent gets a task that says what to fix;
- markup pasted into an optional line: the line is left out, the rest of the text goes;
- a card number in the agent-only note: masked before the memo is stored; the text goes as usual;
- a memo written only as free text (``aftercall_memo``): its labelled lines fill the structured
  fields the text is made of, a judging sentence in it is a finding and is never sent, and a form
  field left at "-" gives way to its labelled line.
"""

from __future__ import annotations

from typing import Any

from aftercall.local.scenario import Scenario

KST = "+09:00"
JUDGING_MEMO = {
    "aftercall_purpose": "진상 고객이 무례하게 환불 요구",
    "aftercall_status": "환불 규정 안내, 고객이 계속 소리지름",
    "aftercall_desired_outcome": "전액 환불",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}
MARKUP_MEMO = {
    "aftercall_purpose": "Router keeps dropping the connection",
    "aftercall_status": "Line test passed; firmware update sent",
    "aftercall_desired_outcome": "A stable connection without a technician visit",
    "aftercall_problem": 'Drops every 20 minutes, see <a href="http://intranet.example/t/4411">ticket</a>',
    "aftercall_strategy": "detail",
    "aftercall_consent": "yes",
    "aftercall_locale": "en-US",
}
CARD_IN_NOTE_MEMO = {
    "aftercall_purpose": "카드 결제 취소 문의",
    "aftercall_status": "가맹점 취소 요청 접수 완료",
    "aftercall_desired_outcome": "결제 취소 후 카드사 환불",
    "aftercall_agent_note": "고객이 카드번호 4111-1111-1111-1111 불러줌, 유효기간 12/28",
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}

FREE_TEXT_MEMO = {
    "aftercall_memo": (
        "목적: 인터넷 요금 이중 청구 문의\n"
        "상태: 11월분 중복 청구 확인, 환불 접수 완료\n"
        "원하는 결과: 중복 청구된 33,000원 환불\n"
        "진행 상황: 12/3 카드사 취소 요청, 3영업일 내 환불\n"
        "말귀를 못 알아들어서 세 번 설명함"
    ),
    "aftercall_status": "-",  # the form's default, left as it was: the labelled line wins
    "aftercall_consent": "yes",
    "aftercall_locale": "ko-KR",
}


def gate_scenarios(simple: Any) -> list[Scenario]:
    """``simple`` is builtin_scenarios._simple (name, description, clock, number, memo, expected)."""
    return [
        simple(
            "judging-memo-held",
            "The memo calls the customer names: nothing is texted; the agent gets a task saying what to fix.",
            f"2026-11-25T11:45:00{KST}",
            "+821020000011",
            JUDGING_MEMO,
            "held_for_review",
        ),
        simple(
            "markup-line-dropped",
            "en-US detail: HTML pasted into the problem line: that line is left out, the rest is sent.",
            "2026-11-25T10:45:00-08:00",
            "+12065550143",
            MARKUP_MEMO,
            "delivered_sms",
        ),
        simple(
            "card-number-masked",
            "A card number in the agent-only note is masked before the memo is stored (last 4 kept).",
            f"2026-11-25T11:50:00{KST}",
            "+821020000012",
            CARD_IN_NOTE_MEMO,
            "delivered_sms",
        ),
        simple(
            "free-text-memo",
            "The agent wrote only free text with labelled lines and a judging sentence: the labelled "
            "lines make the text, the judging sentence never leaves.",
            f"2026-11-25T11:55:00{KST}",
            "+821020000013",
            FREE_TEXT_MEMO,
            "delivered_sms",
        ),
    ]
