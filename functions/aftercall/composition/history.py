"""The agent-side flow Lambdas: the customer's history for the next agent."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.adapters.memo_store import MemoStore
from aftercall.composition import common
from aftercall.settings.history import HistorySettings
from aftercall.usecases.history import CustomerHistory


@container.once
def history_settings() -> HistorySettings:
    return common.settings(HistorySettings)


@container.once
def history_use_case() -> CustomerHistory:
    s = history_settings()
    memos = MemoStore()
    return CustomerHistory(
        memos=memos,
        index=memos,
        followups=common.followups(s),
        keyer=CustomerKeyer(clients.client("ssm"), s.customer_key_parameter),
        default_region=s.default_region,
        limit=s.history_limit,
        days=s.history_days,
        clock=container.clocks.now,
    )


def warm(handler: str) -> None:
    history_use_case()
