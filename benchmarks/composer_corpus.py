"""Composer: a deterministic corpus of memos through the real composer.

Every default template (confirm, detail, appointment and the appointment reminder, in ko-KR and
en-US) gets typical and long memos. Reported: the share of texts within their part budget (a
``DoesNotFitError`` counts as outside), parts by template, and what GSM-7 normalisation saves on
English memos typed with curly quotes, dashes and ellipses: the parts of the same text rendered with
and without ``normalize_for_gsm``, and how many texts would have had to be shortened without it.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any
from unittest import mock

from aftercall.domain import composer
from aftercall.domain.composer import ComposeContext, compose_sms
from aftercall.domain.encoding import analyze
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.templates import FOLLOWUP, REMINDER, default_template, render_lines
from aftercall.errors import DoesNotFitError

CONTEXT = {
    "ko-KR": ComposeContext("에이프터콜", "1588-0000", "https://d.example.com/l/Ab3dEf9hJk2m", "Asia/Seoul"),
    "en-US": ComposeContext(
        "Aftercall", "1-800-555-0100", "https://d.example.com/l/Ab3dEf9hJk2m", "America/New_York"
    ),
}

# Memo fields per locale: (purpose, status, desired outcome, occurred at, problem, progress).
_KO_TYPICAL = (
    (
        "11월 요금 중복 청구 문의",
        "중복 청구 12,000원 확인",
        "중복 청구분 환불",
        "11월 20일",
        "같은 달 요금이 두 번 청구됨",
        "환불 접수 완료",
    ),
    (
        "인터넷 속도 저하",
        "회선 점검 결과 정상",
        "속도 정상화",
        "어제 저녁",
        "저녁 시간 속도 느림",
        "공유기 재설정 안내",
    ),
    (
        "배송 지연 문의",
        "물류센터 출고 완료",
        "이번 주 안에 수령",
        "11월 18일",
        "주문 후 5일째 미도착",
        "택배사 확인 요청",
    ),
    (
        "요금제 변경 요청",
        "5G 슬림 요금제로 변경 완료",
        "다음 달부터 새 요금 적용",
        "오늘",
        "데이터 사용량 적음",
        "변경 접수",
    ),
)
_KO_LONG = (
    (
        "지난달과 이번 달 요금이 평소보다 많이 나와서 상세 내역과"
        " 부가서비스 가입 여부를 확인하고 싶다는 문의",
        "부가서비스 두 건이 본인 동의 없이 가입된 것으로 확인되어 해지 처리와 함께 환불 절차를 진행 중",
        "동의 없이 가입된 부가서비스 요금 전액 환불과 재발 방지를 위한 가입 제한 설정",
        "10월 1일부터 11월 20일까지",
        "부가서비스 두 건이 동의 없이 가입되어 매달 9,900원씩 청구됨",
        "부가서비스 해지 완료, 환불 요청 접수, 가입 제한 설정 완료",
    ),
    (
        "에어컨 실외기에서 밤마다 큰 소음이 나서 이웃 민원까지 받고 있어 빠른 점검과 수리를 원한다는 요청",
        "원격 진단 결과 팬 모터 베어링 마모가 의심되어 방문 점검 기사 배정을 마쳤고 부품 재고도 확보함",
        "방문 점검 후 당일 부품 교체와 소음 해결, 수리 비용은 보증 기간 내라 무상 처리",
        "11월 15일 밤부터",
        "실외기 팬에서 금속 마찰음이 나고 밤에 더 심해짐",
        "원격 진단 완료, 기사 배정 완료, 부품 확보 완료",
    ),
)
_EN_TYPICAL = (
    (
        "Double charge on your card",
        "Cancellation sent to the issuer",
        "Refund of $35.00 by Mar 6",
        "Mar 2",
        "One order charged twice",
        "Duplicate charge cancelled",
    ),
    (
        "Router keeps dropping",
        "Line test passed",
        "A stable connection",
        "Since Nov 18",
        "Wi-Fi drops every 20 minutes",
        "Firmware update guide sent",
    ),
    (
        "Late delivery",
        "Parcel left the warehouse",
        "Delivery this week",
        "Nov 18",
        "Order not arrived after 5 days",
        "Courier asked to confirm",
    ),
    (
        "Plan change",
        "Moved to the Basic 5G plan",
        "New price from next month",
        "Today",
        "Low data usage",
        "Change booked",
    ),
)
_EN_LONG = (
    (
        "Your bills for October and November were higher than usual"
        " and you asked us to check every add-on service",
        "Two add-on services were activated without your consent; both"
        " are now cancelled and a refund is in progress",
        "A full refund of the add-on charges and a block on new add-ons without your written consent",
        "Oct 1 to Nov 20",
        "Two add-ons charged $9.90 each month without consent",
        "Add-ons cancelled, refund requested, add-on block set",
    ),
    (
        "The outdoor unit of your air conditioner makes a loud grinding"
        " noise at night and neighbours have complained",
        "Remote diagnosis points to a worn fan motor bearing; a"
        " technician is assigned and the part is in stock",
        "A same-day part replacement at the visit, free of charge under the warranty",
        "Since Nov 15",
        "Metal grinding noise from the fan, worse at night",
        "Diagnosis done, technician assigned, part reserved",
    ),
)
# What agents paste from word processors: curly quotes, en/em dashes, ellipses, no-break spaces.
_TYPOGRAPHIC = (
    (
        "Customer\u2019s \u201cdouble charge\u201d",
        "Refund sent \u2013 3\u20135 days",
        "Refund\u2026 by Mar 6",
    ),
    ("Router \u201cdrops\u201d at night", "Line test OK \u2014 firmware old", "We\u2019ll update it\u2026"),
    (
        "Parcel \u2018lost\u2019",
        "Courier says \u201cout for delivery\u201d",
        "Delivery today\u00a0\u2013 by 6 PM",
    ),
    ("Plan change \u2013 5G", "Done \u2014 from next month", "Lower bill\u2026 about $12"),
    (
        "Card \u201cdeclined\u201d twice",
        "Bank\u2019s fraud check \u2013 cleared",
        "Retry the payment\u2026 today",
    ),
    ("Bill \u201ctoo high\u201d", "Roaming \u2013 Oct 3\u20137", "Credit of $20\u2026 on next bill"),
)
_PLACES = {
    "ko-KR": ("강남지점 2층 상담실", "서울 강남구 테헤란로 152, 고객님 댁"),
    "en-US": ("Main St branch, 2nd floor", "Your home, 152 Elm Street, Apt 4B"),
}
_BRING = {
    "ko-KR": ("신분증", "제품 보증서와 구매 영수증, 설치 당시 받은 사용 설명서"),
    "en-US": ("A photo ID", "The warranty card, the purchase receipt and the installation manual"),
}
_WHEN = ("2026-11-28T10:30:00+09:00", "2026-12-01T14:00:00-05:00", "2026-12-03T09:15:00+09:00")


@dataclass(frozen=True)
class Case:
    locale: str
    strategy: Strategy
    kind: str
    size: str  # typical | long | typographic
    memo: Memo

    @property
    def label(self) -> str:
        purpose = REMINDER if self.kind == REMINDER else self.strategy.value
        return f"{purpose}#{self.locale}"


def _memo(fields: tuple[str, ...], strategy: Strategy, locale: str, n: int, long: bool) -> Memo:
    purpose, status, desired, occurred, problem, progress = (*fields, "", "", "")[:6]
    appointment = None
    if strategy is Strategy.APPOINTMENT:
        appointment = Appointment(
            at=_WHEN[n % len(_WHEN)], place=_PLACES[locale][int(long)], bring=_BRING[locale][int(long)]
        )
    return Memo(
        purpose=purpose,
        status=status,
        desired_outcome=desired,
        occurred_at=occurred,
        problem=problem,
        progress=progress,
        strategy=strategy,
        appointment=appointment,
        locale=locale,
    )


def corpus() -> list[Case]:
    """Every (locale, template) × typical and long memos, plus English memos with typographic marks."""
    sizes = {
        "ko-KR": (("typical", _KO_TYPICAL), ("long", _KO_LONG)),
        "en-US": (("typical", _EN_TYPICAL), ("long", _EN_LONG)),
    }
    purposes = [(s, FOLLOWUP) for s in Strategy] + [(Strategy.APPOINTMENT, REMINDER)]
    cases: list[Case] = []
    for locale, (strategy, kind) in itertools.product(("ko-KR", "en-US"), purposes):
        for size, memos in sizes[locale]:
            for n, fields in enumerate(memos):
                cases.append(
                    Case(locale, strategy, kind, size, _memo(fields, strategy, locale, n, size == "long"))
                )
    for (strategy, kind), (n, marks) in itertools.product(purposes, enumerate(_TYPOGRAPHIC)):
        cases.append(Case("en-US", strategy, kind, "typographic", _memo(marks, strategy, "en-US", n, False)))
    return cases


def _compose(case: Case) -> tuple[int | None, int, bool]:
    """(parts or None when it does not fit, budget, shortened)."""
    template = default_template(case.strategy, case.locale, case.kind)
    try:
        sms = compose_sms(case.memo, case.strategy, case.locale, CONTEXT[case.locale], case.kind)
    except DoesNotFitError:
        return None, template.part_budget, True
    return sms.parts, sms.budget, sms.shortened


def _full_parts(case: Case, normalise: bool) -> int:
    """Parts of the whole rendered text (no line dropped, nothing shortened)."""
    template = default_template(case.strategy, case.locale, case.kind)
    values = composer.placeholder_values(case.memo, CONTEXT[case.locale], case.locale)
    text = render_lines(template.lines, values)
    return analyze(composer.normalize_for_gsm(text) if normalise else text).parts


def run(limit: int | None = None) -> dict[str, Any]:
    cases = corpus()[:limit] if limit else corpus()
    within = 0
    by_template: dict[str, Counter[str]] = {}
    rows = []
    for case in cases:
        parts, budget, shortened = _compose(case)
        ok = parts is not None and parts <= budget
        within += ok
        tally = by_template.setdefault(case.label, Counter())
        tally.update(texts=1, within=int(ok), shortened=int(shortened), parts=parts or 0)
        rows.append((case, parts, budget, shortened))
    typographic = [c for c in cases if c.size == "typographic"]
    raw_full = sum(_full_parts(c, normalise=False) for c in typographic)
    norm_full = sum(_full_parts(c, normalise=True) for c in typographic)
    with mock.patch.object(composer, "normalize_for_gsm", lambda text: text):
        raw_composed = [_compose(c) for c in typographic]
    norm_composed = [(p, b, s) for c, p, b, s in rows if c.size == "typographic"]
    return {
        "texts": len(cases),
        "by_size": dict(Counter(c.size for c in cases)),
        "within_budget": within,
        "share_within_budget": round(within / len(cases), 4) if cases else None,
        "goal": "all texts within their part budget",
        "goal_met": within == len(cases),
        "templates": {
            label: {
                "texts": t["texts"],
                "within_budget": t["within"],
                "shortened": t["shortened"],
                "mean_parts": round(t["parts"] / t["texts"], 2),
            }
            for label, t in sorted(by_template.items())
        },
        "gsm7_normalisation": {
            "english_texts_with_typographic_marks": len(typographic),
            "full_text_parts_without": raw_full,
            "full_text_parts_with": norm_full,
            "full_text_parts_saved": raw_full - norm_full,
            "composed_parts_without": sum(p or 0 for p, _, _ in raw_composed),
            "composed_parts_with": sum(p or 0 for p, _, _ in norm_composed),
            "shortened_or_cut_without": sum(1 for p, _, s in raw_composed if s or p is None),
            "shortened_or_cut_with": sum(1 for p, _, s in norm_composed if s or p is None),
            "not_fitting_without": sum(1 for p, _, _ in raw_composed if p is None),
        },
    }
