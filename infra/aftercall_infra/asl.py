"""What the follow-up definition calls, read from its ASL file: the service integrations of its Task
states and the placeholders they name. The workflow construct grants the state machine exactly these."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_OPTIMISED = re.compile(
    r"^arn:aws:states:::(?P<service>[a-z0-9-]+):(?P<action>[A-Za-z]+)(?P<pattern>\.\w+)?$"
)
_PLACEHOLDER = re.compile(r"^\$\{(\w+)\}$")


@dataclass(frozen=True, slots=True)
class Integration:
    state: str
    service: str  # lambda, sqs, dynamodb, ...
    action: str  # invoke, sendMessage, updateItem, ...
    targets: tuple[tuple[str, str], ...]  # (parameter, placeholder) pairs, e.g. ("QueueUrl", "SendQueueUrl")


class UnsupportedDefinitionError(ValueError):
    """The definition uses something the CDK app cannot grant or bind."""


def integrations(path: Path) -> list[Integration]:
    definition = json.loads(path.read_text(encoding="utf-8"))
    return [_integration(name, state) for name, state in _task_states(definition)]


def _task_states(definition: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, state in definition.get("States", {}).items():
        if state.get("Type") == "Task":
            yield name, state
        for branch in state.get("Branches", []):
            yield from _task_states(branch)
        for key in ("ItemProcessor", "Iterator"):
            if key in state:
                yield from _task_states(state[key])


def _integration(name: str, state: dict[str, Any]) -> Integration:
    match = _OPTIMISED.match(state.get("Resource", ""))
    if not match:
        raise UnsupportedDefinitionError(
            f"state {name}: resource {state.get('Resource')!r} is not a service integration"
        )
    parameters = state.get("Parameters", state.get("Arguments", {}))
    targets = tuple(
        (parameter, placeholder.group(1))
        for parameter, value in parameters.items()
        if isinstance(value, str) and (placeholder := _PLACEHOLDER.match(value))
    )
    return Integration(name, match["service"], match["action"], targets)
