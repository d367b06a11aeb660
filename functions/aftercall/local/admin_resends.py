"""The demo's operator resending a follow-up (``aftercall resend``), once the scenario's follow-ups have
ended: the same use case the command runs, over the embedded AWS; the resend's execution is waited for
like the calls' were."""

from __future__ import annotations

from dataclasses import dataclass

from aftercall.adapters.workflow_starter import execution_name
from aftercall.composition.resend import resend_use_case
from aftercall.domain.resend import execution_suffix
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.scenario import Scenario
from aftercall.usecases.resend import ResendRefused

OPERATOR = "arn:aws:iam::123456789012:user/demo-admin"


@dataclass(frozen=True)
class ResendResult:
    contact_id: str
    number: int
    channel: str
    outcome: str  # the resend's outcome, or "refused: <reason>"
    expected: str | None

    @property
    def ok(self) -> bool:
        return self.expected is None or self.expected == self.outcome


def run_resends(aws: EmbeddedAws, scenario: Scenario, wait_seconds: float) -> list[ResendResult]:
    out = []
    for request in scenario.resends:
        channel = request.channel or "the route"
        try:
            started = resend_use_case(aws.state_machine_arn)(request.contact_id, request.channel, OPERATOR)
        except ResendRefused as exc:
            out.append(ResendResult(request.contact_id, 0, channel, f"refused: {exc}", request.expect))
            continue
        name = execution_name(request.contact_id, execution_suffix(started.number))
        aws.wait_for_executions(timeout=wait_seconds, names=(name,))
        followup = aws.followup(started.followup_id)
        outcome = followup.outcome if followup and followup.outcome else "unfinished"
        out.append(ResendResult(request.contact_id, started.number, channel, outcome, request.expect))
    return out
