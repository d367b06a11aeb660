"""The last fallback: a Connect task for an agent callback."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.connect import ConnectContacts
from aftercall.adapters.memo_store import MemoStore
from aftercall.composition import common
from aftercall.settings.steps import CreateTaskSettings
from aftercall.usecases.fallback import CreateTask


@container.once
def create_task_use_case() -> CreateTask:
    s = common.settings(CreateTaskSettings)
    return CreateTask(
        followups=common.followups(s),
        memos=MemoStore(),
        connect=ConnectContacts(clients.client("connect")),
        contact_flow_id=s.task_contact_flow_id,
        instance_id=s.connect_instance_id,
        clock=container.clocks.now,
        agent_locale=s.agent_locale,
        hours=s.opening_hours(),
    )


def warm(handler: str) -> None:
    create_task_use_case()
