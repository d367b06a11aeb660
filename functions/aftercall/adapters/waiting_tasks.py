"""Step Functions callbacks, plus the check a delayed sender makes before it acts on an old message."""

from __future__ import annotations

from aftercall.adapters.task_tokens import TaskTokens


class WaitingTasks(TaskTokens):
    def still_waiting(self, token: str) -> bool:
        """SendTaskHeartbeat: False when the workflow stopped waiting (timed out, fell back, ended).

        A text queued behind a long throttle must not go out after the workflow moved on to email.
        """
        return self._call("send_task_heartbeat", taskToken=token)
