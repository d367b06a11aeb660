"""What both provider simulators share: scripted outcomes, and event publishing to an SNS topic."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

NO_RECEIPT = "NONE"  # scripted outcome: accepted, then silence
EVENT_SPACING = timedelta(seconds=2)  # between the events of one message, for realistic timestamps


class EventTopic:
    """Publishes provider events to one SNS topic, at once or when ``flush()`` is called."""

    def __init__(self, sns_client: Any, topic_arn: str, publish_immediately: bool = True) -> None:
        self._sns = sns_client
        self._topic_arn = topic_arn
        self.publish_immediately = publish_immediately
        self.pending: list[dict[str, Any]] = []
        self.published: list[dict[str, Any]] = []

    def emit(self, events: Iterable[dict[str, Any]]) -> None:
        self.pending.extend(events)
        if self.publish_immediately:
            self.flush()

    def flush(self) -> int:
        """Publish every pending event, oldest first; returns how many went out."""
        count = 0
        while self.pending:
            event = self.pending.pop(0)
            self._sns.publish(TopicArn=self._topic_arn, Message=json.dumps(event))
            self.published.append(event)
            count += 1
        return count


class Scripts:
    """Outcome per send: the destination's own list first (one entry per send), then the default."""

    def __init__(self, default: str, allowed: frozenset[str]) -> None:
        self._allowed = allowed
        self.default = self._checked(default)
        self._by_destination: dict[str, deque[str]] = {}

    def set(self, destination: str, outcomes: Iterable[str]) -> None:
        self._by_destination[destination] = deque(self._checked(o) for o in outcomes)

    def next_for(self, destination: str) -> str:
        queue = self._by_destination.get(destination)
        return queue.popleft() if queue else self.default

    def _checked(self, outcome: str) -> str:
        if outcome not in self._allowed:
            raise ValueError(f"unknown scripted outcome {outcome!r}; one of {sorted(self._allowed)}")
        return outcome
