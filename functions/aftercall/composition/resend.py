"""``aftercall resend`` (the CLI): the use case over a deployed stack's tables and state machine."""

from __future__ import annotations

from datetime import timedelta

from aftercall import clients
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.workflow_starter import WorkflowStarter
from aftercall.usecases.resend import RequestResend


def resend_use_case(state_machine_arn: str) -> RequestResend:
    """The tables are bound by the caller (the CLI finds them in the stack)."""
    return RequestResend(
        followups=FollowupStore(timedelta(days=400)),  # reads only: the retention is the plan step's
        preferences=PreferencesStore(),
        memos=MemoStore(),
        workflow=WorkflowStarter(clients.client("stepfunctions"), state_machine_arn),
    )
