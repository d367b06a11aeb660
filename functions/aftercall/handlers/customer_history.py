"""Connect flow Lambda: the caller's last calls, as attributes the next agent sees.

Invoked from the inbound flow (the history flow module) with the caller's number. It answers a flat
map of strings (``history_count``, ``history_summary``, ``history_{i}_*``; docs/agent-workspace.md)
and never raises for what a flow sends: a withheld number, or any failure reading the tables, answers
``history_count = 0`` (every key present, empty) so that the call is never held up by the history.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall import container
from aftercall.composition.history import history_settings, history_use_case
from aftercall.domain.history import empty_history, history_attributes
from aftercall.events.flow_event import read_flow_event
from aftercall.observability import lambda_entry, logger, metrics
from aftercall.settings.history import HistorySettings

NO_HISTORY = empty_history()


@lambda_entry(models=(HistorySettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    flow = read_flow_event(event)
    s = history_settings()
    number = flow.parameter("phone") or flow.customer_address
    locale = flow.parameter("agent_locale") if flow.parameter("agent_locale") in ("ko-KR", "en-US") else None
    try:
        calls = history_use_case()(number, flow.contact_id)
    except Exception as exc:  # the call goes on without history; the error is counted and logged
        metrics.add_metric(name="HistoryUnavailable", unit="Count", value=1)
        logger.warning("history unavailable", error=type(exc).__name__)
        return dict(NO_HISTORY)
    if not calls:
        return dict(NO_HISTORY)
    return history_attributes(
        calls,
        locale=locale or s.agent_locale,
        zone=ZoneInfo(s.default_time_zone),
        now=container.clocks.now(),
        include_agent_notes=s.history_include_agent_notes,
    )
