"""``aftercall resend``: a new attempt of a follow-up that did not reach the customer.

The request is checked against the follow-up and its earlier resends (the latest one decides:
delivered, still running, or ended in a way a resend cannot help), and against the customer's
opt-out; then the same workflow starts in an execution of its own, ``<contact>-resend-<n>``. Its
input carries ids, the channel asked for and who asked, never the customer's data. Asking twice at
once starts one resend: both requests pick the same number, so the same execution name; Step
Functions starts it once (a second identical request gets the same execution, another operator's is
refused).
"""

from __future__ import annotations

from dataclasses import dataclass

from aftercall.domain.kinds import FOLLOWUP
from aftercall.domain.policy import followup_id_for
from aftercall.domain.preferences import Preferences
from aftercall.domain.resend import execution_suffix, refusal, resend_id
from aftercall.errors import AftercallError
from aftercall.usecases.ports import Followups, MemoReader, PreferencesReader, WorkflowStarter

MAX_RESENDS = 99  # the plan step's bound on a resend's number


class ResendRefused(AftercallError):  # noqa: N818 - a refusal the operator reads, not a failure
    """Why nothing was started, in words the operator can act on (no customer data)."""


@dataclass(frozen=True)
class ResendStarted:
    number: int
    followup_id: str


@dataclass(frozen=True)
class RequestResend:
    followups: Followups
    preferences: PreferencesReader
    memos: MemoReader
    workflow: WorkflowStarter

    def __call__(self, contact_id: str, channel: str | None, requested_by: str) -> ResendStarted:
        original = self.followups.get(followup_id_for(contact_id, FOLLOWUP))
        if original is None:
            raise ResendRefused("no follow-up is stored for this contact")
        latest, number = original, 1
        while number <= MAX_RESENDS and (earlier := self.followups.get(resend_id(contact_id, number))):
            latest, number = earlier, number + 1
        if number > MAX_RESENDS:
            raise ResendRefused(f"it was resent {MAX_RESENDS} times already")
        key = original.customer_key
        prefs = self.preferences.get(key) if key else Preferences()
        reason = refusal(latest.status, latest.outcome, prefs.opted_out)
        if reason:
            raise ResendRefused(reason)
        if channel == "email" and not (prefs.email or self._memo_email(contact_id)):
            raise ResendRefused("no email address is known for this customer: choose sms or task")
        workflow_input = {
            "contactId": contact_id,
            "resend": number,
            "resendChannel": channel,
            "requestedBy": requested_by,
        }
        if not self.workflow.start(contact_id, workflow_input, suffix=execution_suffix(number)):
            raise ResendRefused(f"resend {number} was started a moment ago: wait for its outcome")
        return ResendStarted(number, resend_id(contact_id, number))

    def _memo_email(self, contact_id: str) -> str | None:
        record = self.memos.get(contact_id)
        return record.memo.email if record else None
