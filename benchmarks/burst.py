"""Burst: many calls end at once; the senders pace the texts to the provider's parts-per-second limit.

Real: the send use case (``aftercall.usecases.send.SendSms``: freshness check, pacing, claim, send,
record), its pacer as the product builds it (``aftercall.domain.pacing.pacer_for``: a fixed share
of the limit per instance where the largest text fits in it, else one window that every instance
shares), the settings' defaults (``SendSmsSettings``: parts/s, max
pacing wait, max receives), the SMS adapter (``EumSms``, request checked against the real API model)
and the carrier simulator (``CarrierSimulator``) that refuses any part beyond ``parts_per_second``
in a sliding one-second window with a ThrottlingException. Texts are composed by the real composer
from the composer benchmark's corpus (ko-KR and en-US, 1 to 3 parts).
Simulated (benchmarks/send_fakes.py, send_queue.py, virtual_clock.py): the follow-up store and the
Step Functions callbacks (in-memory fakes with the same claim semantics); the pacing table's item
(the product's ``MemoryWindow``: the same versioned replace, so a sender that read the window before
another one wrote loses and reads again); the send queue and its event source mapping, as deployed
(``CONSUMERS`` concurrent consumers, each taking batches of ``BATCH`` and working through its batch
one message at a time; a postponed message comes back after the visibility timeout with its receive
count + 1; a message the sender gives up on goes back to the workflow, which queues it again as its
next retry); and time: one virtual clock shared by the pacers and the carrier. The consumers run
concurrently on that clock (``ConcurrentClock``): while one sleeps in its pacer, the others keep
sending, as separate Lambda instances do. A text's own work (DynamoDB and provider round trips) takes
no time unless ``send_seconds`` says otherwise; it is then spent after the provider accepted the text.
"""

from __future__ import annotations

import itertools
from collections import Counter, deque
from datetime import UTC, datetime, timedelta
from typing import Any

from aftercall.adapters.sms import EumSms
from aftercall.domain import pacing
from aftercall.domain.composer import compose_sms
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.encoding import MAX_PART_BUDGET
from aftercall.domain.followup import PLANNED, FollowupView, SmsText
from aftercall.domain.phone import parse_phone
from aftercall.local.carrier import CarrierSimulator
from aftercall.settings.steps import SendSmsSettings
from aftercall.usecases.send import QueuedSend, SendLimits, SendSms
from benchmarks.composer_corpus import CONTEXT, corpus
from benchmarks.send_fakes import BusySms, FakeCallbacks, FakeFollowups, FakeMemos, NoPreferences, NullSns
from benchmarks.send_queue import CONSUMERS, SendQueue
from benchmarks.virtual_clock import ConcurrentClock, CountingSleeps

PACER = pacing.PartsPacer  # the product's pacer: a sliding one-second window of parts
NOW = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)


def _texts() -> list[tuple[str, SmsText]]:
    """(locale, composed text) for every corpus memo: a realistic mix of 1-, 2- and 3-part texts."""
    out = []
    for case in corpus():
        sms = compose_sms(case.memo, case.strategy, case.locale, CONTEXT[case.locale], case.kind)
        out.append((case.locale, SmsText(sms.text, sms.parts, sms.encoding, sms.template_id)))
    return out


def _seed(calls: int, followups: FakeFollowups, memos: FakeMemos) -> None:
    for n, (locale, sms) in zip(range(calls), itertools.cycle(_texts()), strict=False):
        fid = f"burst-{n:05d}"
        number = f"+8210{n:08d}" if locale == "ko-KR" else f"+1206555{n % 10000:04d}"
        followups.views[fid] = FollowupView(
            fid, fid, "followup", None, PLANNED, None, (), ("sms",), NOW, NOW, sms, locale
        )
        memos.records[fid] = ContactMemo(
            contact_id=fid,
            instance_id="i",
            channel="VOICE",
            initiation_method="INBOUND",
            ended_at=NOW,
            last_update=NOW,
            source="contact_record",
            memo=None,  # type: ignore[arg-type]  # the sender reads only the number
            phone=parse_phone(number, "KR"),
        )


def _max_window(times_parts: list[tuple[float, int]]) -> int:
    """The most parts accepted in any half-open one-second window [t, t + 1)."""
    best, window, total = 0, deque[tuple[float, int]](), 0
    for at, parts in sorted(times_parts):
        window.append((at, parts))
        total += parts
        while window and at - window[0][0] >= 1.0:
            total -= window.popleft()[1]
        best = max(best, total)
    return best


def run(
    calls: int = 2000,
    parts_per_second: float = 50.0,
    concurrency: int = CONSUMERS,
    send_seconds: float = 0.0,
) -> dict[str, Any]:
    """``concurrency``: consumers sharing the limit; ``send_seconds``: how long a text keeps its
    consumer busy besides pacing (0: only pacing takes time)."""
    clock = ConcurrentClock()
    followups, memos, callbacks = FakeFollowups(), FakeMemos(), FakeCallbacks()
    _seed(calls, followups, memos)
    carrier = CarrierSimulator(
        NullSns(),
        "arn:aws:sns:ap-northeast-2:123456789012:sms",
        parts_per_second=parts_per_second,
        clock=clock.monotonic,
    )
    accepted: list[tuple[float, int, str]] = []
    refused: Counter[str] = Counter()
    real_send = carrier.send_text_message

    def send_text_message(**params: Any) -> dict[str, Any]:
        try:
            result = real_send(**params)
        except Exception as exc:
            refused[type(exc).__name__] += 1
            raise
        accepted.append((clock.monotonic(), carrier.sent[-1].parts, params["Context"]["followup_id"]))
        return result

    carrier.send_text_message = send_text_message  # type: ignore[method-assign]
    limits = SendLimits(
        max_pacing_wait_seconds=SendSmsSettings.model_fields["max_pacing_wait_seconds"].default,
        max_receives=SendSmsSettings.model_fields["max_receives"].default,
        max_send_age=timedelta(seconds=SendSmsSettings.model_fields["max_send_age_seconds"].default),
    )
    pacer_clock = CountingSleeps(clock)
    window = pacing.MemoryWindow()  # the pacing table's item, when the consumers share one window
    share = pacing.fixed_share(parts_per_second, concurrency, MAX_PART_BUDGET)
    senders = [
        SendSms(
            followups=followups,  # type: ignore[arg-type]  # the fake keeps the store's contract
            memos=memos,
            sms=BusySms(EumSms(carrier, "aftercall", "+15555550100", 10800), clock, send_seconds),
            tasks=callbacks,
            preferences=NoPreferences(),
            pacer=pacing.pacer_for(parts_per_second, concurrency, MAX_PART_BUDGET, pacer_clock, window),
            limits=limits,
            clock=lambda: NOW + timedelta(seconds=clock.monotonic()),
        )
        for _ in range(concurrency)
    ]
    source = SendQueue(clock, callbacks)
    for followup_id in followups.views:
        source.put(QueuedSend(f"token-{followup_id}", followup_id, 0))
    source.run(senders)
    per_followup = Counter(fid for _, _, fid in accepted)
    total_parts = sum(p for _, p, _ in accepted)
    first, last = (min(t for t, _, _ in accepted), max(t for t, _, _ in accepted)) if accepted else (0.0, 0.0)
    minimum = max(0.0, -(-total_parts // parts_per_second) - 1)  # the last part's earliest second
    return {
        "calls": calls,
        "provider_parts_per_second": parts_per_second,
        "pacer": f"aftercall.domain.pacing.{PACER.__name__}",
        "sender_concurrency": concurrency,
        "pacing": (
            f"a fixed share of {share} parts/s per consumer (every text fits in it): no shared state"
            if share is not None
            else "one window shared by every consumer (a share would be smaller than the largest text)"
        ),
        "pacing_writes_per_text": 0 if share is not None else 1,
        "send_seconds": send_seconds,
        "max_pacing_wait_seconds": limits.max_pacing_wait_seconds,
        "max_receives": limits.max_receives,
        "texts_sent": len(accepted),
        "parts_sent": total_parts,
        "parts_by_text": dict(sorted(Counter(p for _, p, _ in accepted).items())),
        "max_parts_in_any_one_second_window": _max_window([(t, p) for t, p, _ in accepted]),
        "limit_respected": _max_window([(t, p) for t, p, _ in accepted]) <= parts_per_second,
        "virtual_seconds_first_to_last_send": round(last - first, 3),
        "theoretical_minimum_seconds": minimum,
        "theoretical_throughput_seconds": round(total_parts / parts_per_second, 3),
        "ratio_to_minimum": round((last - first) / minimum, 3) if minimum else None,
        "goal_ratio": 1.2,
        "provider_refusals": dict(refused),
        "postponed_to_queue": source.postponed,
        "handed_back_to_workflow": source.handed_back,
        "texts_lost": sum(1 for fid in followups.views if per_followup[fid] == 0),
        "texts_duplicated": sum(n - 1 for n in per_followup.values() if n > 1),
        "pacer_sleeps": len(pacer_clock.sleeps),
    }
