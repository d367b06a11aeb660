"""The memo check before it is saved (the agent's memo form): no table, no AWS call."""

from __future__ import annotations

from aftercall import container
from aftercall.composition import common
from aftercall.domain.gate import GatePolicy
from aftercall.domain.spelling import Known
from aftercall.errors import ConfigurationError
from aftercall.observability import logger, metrics
from aftercall.settings.gate import GateSettings


@container.once
def gate_policy() -> GatePolicy:
    """The deployment's gate policy, so the form shows what the customer's text would leave out."""
    return common.settings(GateSettings).gate_policy()


@container.once
def memo_speller() -> Known | None:
    """The dictionaries, when the function checks spelling (``SPELL_CHECK``), loaded at init.

    Without them the check still answers (``spelling_checked = false``) and says so in a metric: a
    missing layer must never stop an agent from saving a memo."""
    if not common.settings(GateSettings).spell_check:
        return None
    from aftercall.composition.spelling import speller  # the dictionaries: only when asked

    try:
        return speller()
    except ConfigurationError as exc:
        logger.error("spelling is not checked", reason=str(exc))
        metrics.add_metric(name="SpellingUnavailable", unit="Count", value=1)
        return None


def warm(handler: str) -> None:
    gate_policy()
    memo_speller()
