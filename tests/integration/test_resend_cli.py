"""``aftercall resend CONTACT_ID --stack NAME``: a follow-up that did not reach the customer, tried again
through the deployed workflow; refused, with the reason, when that would be wrong.

The stack is a CloudFormation stack on moto (tests/integration/stack_on_moto.py): the command finds
the tables and the state machine from its name. moto does not run the state machine, so the plan
step the execution starts with is run here with the execution's own input (handlers/plan.py).
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.cli.main import main
from aftercall.domain.followup import NewFollowup
from aftercall.domain.phone import customer_key
from aftercall.domain.preferences import Preferences
from aftercall.handlers import plan
from aftercall.local.lambda_context import lambda_context
from aftercall.settings import table_environment
from tests.helpers import korean_mobile
from tests.integration.aws import REGION, MotoAws
from tests.integration.stack_on_moto import SECRET, STACK, Stack, stack_fixture  # noqa: F401 - the fixture
from tests.samples import sample_contact_memo, sample_memo

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MEMO_TEXT = "요금제 변경 문의"


def _call(outcome: str | None, opted_out: bool = False, email: str | None = None) -> tuple[str, str]:
    """A call whose follow-up ended with ``outcome`` (None: still running); its contact id and number."""
    contact, number = str(uuid.uuid4()), korean_mobile()
    key = customer_key(number, SECRET.encode())
    memo = sample_contact_memo(contact, number, sample_memo(purpose=MEMO_TEXT, email=email), customer_key=key)
    MemoStore().save_if_newer(memo, timedelta(days=400), NOW)
    store = FollowupStore(timedelta(days=30))
    new = NewFollowup(contact, contact, "followup", key, NOW, NOW, ("sms", "email", "none"))
    store.save_plan(new, NOW)
    if outcome:
        store.record_outcome(contact, outcome, ["sms"], NOW)
    PreferencesStore().put(key, Preferences(locale="ko-KR", opted_out=opted_out), NOW)
    return contact, number


def _executions(stack: Stack) -> dict[str, dict[str, Any]]:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    listed = sfn.list_executions(stateMachineArn=stack.state_machine)["executions"]
    return {
        e["name"]: json.loads(sfn.describe_execution(executionArn=e["executionArn"])["input"]) for e in listed
    }


def _resend(contact: str, *options: str) -> int:
    return main(["resend", contact, "--stack", STACK, "--region", REGION, *options])


def test_a_failed_follow_up_is_sent_again_by_the_channel_asked_for(
    stack: Stack, module_aws: MotoAws, capsys: pytest.CaptureFixture[str]
) -> None:
    contact, number = _call("failed", email="customer@example.com")

    assert _resend(contact, "--channel", "email") == 0

    out = capsys.readouterr()
    started = _executions(stack)[f"{contact}-resend-1"]  # its own execution, named as a resend
    assert started == {
        "contactId": contact,
        "resend": 1,
        "resendChannel": "email",
        "requestedBy": boto3.client("sts", region_name=REGION).get_caller_identity()["Arn"],
    }
    assert number not in out.out + out.err
    assert MEMO_TEXT not in out.out + out.err
    # The workflow's first step plans it: a follow-up of its own, email first, who asked recorded
    module_aws.setenv(**table_environment(stack.names), COMPANY_NAME="Example", CALLBACK_NUMBER="1588-0000")
    planned = plan.handler(started, lambda_context("plan"))
    assert (planned["followupId"], planned["route"][0]) == (f"{contact}_resend1", "email")
    assert planned.get("reminderAt") is None
    item = FollowupStore().get(f"{contact}_resend1")
    assert item is not None
    assert item.status == "planned"
    assert number not in json.dumps(planned)
    from aftercall.adapters.tables import FollowupModel

    recorded = FollowupModel.get(f"{contact}_resend1", "followup").resend
    assert recorded is not None
    assert recorded.as_dict()["requested_by"] == started["requestedBy"]
    # While it runs, another resend is refused; once it failed too, a second one may go
    assert _resend(contact) == 2
    assert "still running" in capsys.readouterr().err
    FollowupStore().record_outcome(f"{contact}_resend1", "failed", ["email"], NOW)
    assert _resend(contact) == 0
    assert f"{contact}-resend-2" in _executions(stack)


def test_asking_twice_at_once_starts_one_resend(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    contact, _ = _call("sent_unconfirmed")

    # The same operator twice, before the first one's plan step ran: Step Functions hands back the
    # same execution (same name, same input)
    assert _resend(contact) == 0
    assert _resend(contact) == 0
    assert capsys.readouterr().out.count(f"resend 1 of {contact} started") == 2
    assert [name for name in _executions(stack) if name.startswith(contact)] == [f"{contact}-resend-1"]
    # Another operator at the same moment: refused, still one execution
    from aftercall.composition.resend import resend_use_case
    from aftercall.usecases.resend import ResendRefused

    with pytest.raises(ResendRefused, match="started a moment ago"):
        resend_use_case(stack.state_machine)(contact, None, "arn:aws:iam::123456789012:user/another")
    assert [name for name in _executions(stack) if name.startswith(contact)] == [f"{contact}-resend-1"]


def test_email_is_refused_when_no_address_is_known(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    contact, _ = _call("failed")
    assert _resend(contact, "--channel", "email") == 2
    assert "no email address is known" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("outcome", "opted_out", "reason"),
    [
        ("delivered_sms", False, "was delivered (delivered_sms)"),
        ("failed", True, "opted out"),
        (None, False, "still running"),
        ("task_created", False, "only failed, sent_unconfirmed or skipped"),
    ],
)
def test_what_may_not_be_resent_is_refused_with_its_reason(
    stack: Stack, capsys: pytest.CaptureFixture[str], outcome: str | None, opted_out: bool, reason: str
) -> None:
    contact, number = _call(outcome, opted_out)

    assert _resend(contact) == 2

    err = capsys.readouterr().err
    assert reason in err
    assert number not in err
    assert not [name for name in _executions(stack) if name.startswith(contact)]


def test_an_unknown_contact_is_refused(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    assert _resend(str(uuid.uuid4())) == 2
    assert "no follow-up is stored for this contact" in capsys.readouterr().err


def test_a_resend_by_task_asks_an_agent_to_call_back(stack: Stack, module_aws: MotoAws) -> None:
    contact, _ = _call("skipped:quiet_hours_exceeded")
    assert _resend(contact, "--channel", "task") == 0
    module_aws.setenv(**table_environment(stack.names), COMPANY_NAME="Example", CALLBACK_NUMBER="1588-0000")

    planned = plan.handler(_executions(stack)[f"{contact}-resend-1"], lambda_context("plan"))

    assert planned["route"] == ["task", "none"]
