"""Sample follow-ups for the local detail page: a ko-KR and an en-US memo, and an expired link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.phone import LineType, PhoneNumber
from aftercall.usecases.links import issue_link


@dataclass(frozen=True, slots=True)
class SampleLink:
    label: str
    url: str


def _sample_memos(now: datetime) -> list[tuple[str, Memo, PhoneNumber]]:
    appointment_day = (now + timedelta(days=3)).astimezone(ZoneInfo("Asia/Seoul")).date()
    korean = Memo(
        purpose="11월 인터넷 요금이 두 번 출금된 건",
        status="중복 출금을 확인했고 환불 요청을 접수했습니다.",
        desired_outcome="중복으로 출금된 33,000원 환불",
        occurred_at="2026년 11월 5일 자동이체",
        problem="11월 요금 33,000원이 같은 날 두 번 출금되었습니다.",
        progress="환불 요청 접수 완료(접수 번호 R-1120-07). 영업일 기준 3일 안에 환불됩니다.",
        strategy=Strategy.DETAIL,
        appointment=Appointment(
            at=f"{appointment_day.isoformat()}T14:00:00+09:00",
            place="강남 고객센터 3층 상담 창구",
            bring="신분증, 출금 내역이 보이는 통장 사본",
        ),
        links=("https://example.com/help/refund",),
        locale="ko-KR",
    )
    english = Memo(
        purpose="The home Wi-Fi keeps dropping",
        status="A replacement router has been ordered.",
        desired_outcome="A stable connection at home",
        occurred_at="Since November 18, several times a day",
        problem="Wi-Fi disconnects every few hours; the wired connection is fine.",
        progress="Remote diagnostics found a faulty router. The replacement ships within 2 business days.",
        strategy=Strategy.DETAIL,
        links=("https://example.com/help/router-setup", "https://example.com/docs/warranty.pdf"),
        locale="en-US",
    )
    return [
        ("sample-ko", korean, PhoneNumber("+821012345678", "KR", LineType.MOBILE)),
        ("sample-en", english, PhoneNumber("+12025550143", "US", LineType.MOBILE)),
    ]


def seed_samples(base_url: str, now: datetime) -> list[SampleLink]:
    """Store two sample follow-ups (ko-KR, en-US) and an expired link; return their links."""
    memos, links = MemoStore(), LinkStore()
    samples = []
    for contact_id, memo, phone in _sample_memos(now):
        record = ContactMemo(
            contact_id=contact_id,
            instance_id="local",
            channel="VOICE",
            initiation_method="INBOUND",
            ended_at=now,
            last_update=now,
            source="sample",
            memo=memo,
            phone=phone,
        )
        memos.save_if_newer(record, retention=timedelta(days=30), now=now)
        locale = memo.locale or "ko-KR"
        url = issue_link(links, base_url, f"fu-{contact_id}", contact_id, locale, timedelta(days=7), now)
        samples.append(SampleLink(f"{locale} follow-up", url))
    expired = issue_link(
        links, base_url, "fu-sample-ko", "sample-ko", "ko-KR", timedelta(days=7), now - timedelta(days=8)
    )
    samples.append(SampleLink("expired link", expired))
    return samples
