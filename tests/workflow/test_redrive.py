"""A redrive after our setup was fixed sends the text once (issue 13, point 3).

A send refused by our own setup (a wrong origination identity, a missing permission: End User
Messaging answers AccessDenied or ResourceNotFound, a ConfigurationError) fails the execution on
purpose: it would hit every customer alike, so the failed-executions alarm fires and the executions
are redriven once the setup is fixed. A redrive re-enters SendSms with ``$$.State.RetryCount`` from 0,
so it queues the same attempt (``attempt#sms#1``); the refused send must have left that attempt
claimable, or the redrive sends nothing and the follow-up falls back after its receipt window.

moto 5.2.5 does not implement RedriveExecution (its Step Functions provider has no
``redrive_execution``). The test emulates one by starting the failed follow-up again (same input,
another execution name): its Plan step finds the stored plan and SendSms queues the same attempt
item with retry count 0, which is what a redrive's re-entry into SendSms queues.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from aftercall.domain.followup import attempt_item
from aftercall.local.embedded import EmbeddedAws
from tests.workflow.conftest import MEMO, Run, contact_record, finish, new_customer

pytestmark = pytest.mark.workflow

SMS_1 = attempt_item("sms", 1)


def _redrive(aws: EmbeddedAws, contact_id: str, phone: str) -> Run:
    """Start the failed follow-up again (moto has no RedriveExecution) and wait for it to end."""
    sfn = boto3.client("stepfunctions", region_name=aws.region)
    again = sfn.start_execution(
        stateMachineArn=aws.state_machine_arn,
        name=f"{contact_id[:60]}-redrive",
        input=json.dumps({"contactId": contact_id}),
    )["executionArn"]
    finished = next(e for e in aws.wait_for_executions() if e["executionArn"] == again)
    run = finish(aws, contact_id, phone)  # also checks the failed execution's history
    run.execution = finished
    run.assert_private()
    return run


@pytest.mark.parametrize("code", ["AccessDeniedException", "ResourceNotFoundException"])
def test_a_redrive_after_a_setup_error_sends_the_text_once(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch, code: str
) -> None:
    # Given End User Messaging refuses the first send for our setup (nothing goes out)
    contact_id, phone = new_customer()
    aws.carrier.script(phone, ["TEXT_DELIVERED"])
    carrier = aws.carrier.send_text_message
    refused: list[str] = []

    def send(**params: Any) -> Any:
        if params["DestinationPhoneNumber"] == phone and not refused:
            refused.append(params["Context"]["attempt"])
            raise aws.carrier._error(code, "refused by the account's setup")
        return carrier(**params)

    monkeypatch.setattr(aws.carrier, "send_text_message", send)
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    failed = next(e for e in aws.wait_for_executions() if e["name"] == contact_id)
    # Then the execution fails (ConfigurationError is not caught: it alarms), and the attempt is
    # released, not resolved: nothing went out
    assert (failed["status"], refused) == ("FAILED", [SMS_1])
    assert [(a.item, a.state, a.resolved) for a in aws.attempts(contact_id)] == [(SMS_1, "released", False)]
    # When the setup is fixed and the execution redriven
    run = _redrive(aws, contact_id, phone)
    # Then the text goes out once, on the same attempt, and is delivered
    assert run.execution["status"] == "SUCCEEDED"
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert [a.item for a in run.attempts()] == [SMS_1]
