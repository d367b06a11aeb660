"""The send queue's dead-letter consumer: the attempt store and the Step Functions callbacks."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.task_tokens import TaskTokens
from aftercall.composition import common
from aftercall.settings.dead_letters import SendDeadLetterSettings
from aftercall.usecases.send_dead_letter import FailDeadLetteredSend


@container.once
def send_dead_letter_use_case() -> FailDeadLetteredSend:
    common.tables(common.settings(SendDeadLetterSettings))
    return FailDeadLetteredSend(followups=FollowupStore(), tasks=TaskTokens(clients.client("stepfunctions")))


def warm(handler: str) -> None:
    send_dead_letter_use_case()
