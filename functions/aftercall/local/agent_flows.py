"""The demo's agent-side flow calls: the documented ContactFlowEvent, sent to the in-process Lambda.

A scenario's ``agentFlows`` stand for what the Connect flows do for an agent: the memo form's check
before the memo is saved, and the history module when a call is offered (docs/agent-workspace.md).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from aftercall.local.scenario import AgentFlow

# The embedded AWS's function names (local/resources.py HANDLERS).
FUNCTION_NAMES = {"check_memo": "check-memo", "customer_history": "customer-history"}


@dataclass(frozen=True)
class FlowResult:
    contact_id: str
    function: str
    label: str
    reply: dict[str, str]


@cache
def _template() -> dict[str, Any]:
    text = (
        resources.files("aftercall.local").joinpath("scenarios", "contact_flow_event.json").read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def flow_event(flow: AgentFlow) -> dict[str, Any]:
    """The ContactFlowEvent Connect sends for ``flow``: its contact, the caller, the flow's parameters."""
    event = copy.deepcopy(_template())
    contact = event["Details"]["ContactData"]
    contact["ContactId"] = contact["InitialContactId"] = flow.contact_id
    contact["PreviousContactId"] = None
    contact["CustomerEndpoint"] = (
        {"Address": flow.customer_number, "Type": "TELEPHONE_NUMBER"} if flow.customer_number else None
    )
    event["Details"]["Parameters"] = dict(flow.parameters)
    return event


def run_flows(invoke: Any, flows: list[AgentFlow]) -> list[FlowResult]:
    """Each flow's Lambda, invoked like Connect does (synchronously, answering a flat string map)."""
    return [
        FlowResult(
            flow.contact_id,
            flow.function,
            flow.label,
            invoke(FUNCTION_NAMES[flow.function], flow_event(flow)),
        )
        for flow in flows
    ]
