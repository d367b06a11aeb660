"""The memo check before it is saved (the agent's memo form): no table, no AWS call."""

from __future__ import annotations

from aftercall import container
from aftercall.composition import common
from aftercall.domain.gate import GatePolicy
from aftercall.settings.gate import GateSettings


@container.once
def gate_policy() -> GatePolicy:
    """The deployment's gate policy, so the form shows what the customer's text would leave out."""
    return common.settings(GateSettings).gate_policy()


def warm(handler: str) -> None:
    gate_policy()
