"""The agent-side flow Lambda check_memo, warm: each corpus memo as the memo form sends it.

Connect waits at most 8 s for a flow Lambda; the agent waits for this one after "Check and save".
The cold path of both flow Lambdas is in the cold_path section (benchmarks/cold_start.py).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from aftercall.handlers import check_memo
from aftercall.local.lambda_context import lambda_context


def check_memo_warm(memos: list[dict[str, str]], rounds: int = 3) -> dict[str, Any]:
    """Milliseconds per invocation over ``rounds`` passes of ``memos`` (contact attributes, as the form
    sends them), after one warm-up call."""
    events = [
        {"Details": {"ContactData": {"ContactId": f"bench-{i}"}, "Parameters": dict(m)}}
        for i, m in enumerate(memos)
    ]
    context = lambda_context("check_memo")
    check_memo.handler(events[0], context)  # the first call builds the settings
    times = []
    for _ in range(rounds):
        for event in events:
            began = time.perf_counter()
            check_memo.handler(event, context)
            times.append((time.perf_counter() - began) * 1000)
    times.sort()
    return {
        "invocations": len(times),
        "median_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 3),
        "max_ms": round(times[-1], 3),
        "connect_limit_ms": 8000,
    }
