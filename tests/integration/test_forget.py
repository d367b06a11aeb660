"""``aftercall forget --phone``: one customer's data leaves every table; other customers' data stays.

The tables are created by a CloudFormation stack on moto (with generated names, as CDK's are), so
the command must find them with ``--stack``; the customer key comes from the SSM SecureString.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.tables import (
    ALL_MODELS,
    FollowupModel,
    LinkModel,
    MemoModel,
    PreferencesModel,
    TemplateModel,
)
from aftercall.adapters.workflow_starter import execution_name
from aftercall.adapters.workflow_stopper import WorkflowStopper
from aftercall.cli.main import main
from aftercall.domain.followup import NewFollowup, SmsText, StatusUpdate, TextClaim, attempt_item
from aftercall.domain.phone import customer_key
from aftercall.domain.preferences import Preferences
from tests.helpers import korean_mobile
from tests.integration.aws import REGION
from tests.integration.stack_on_moto import (  # stack_fixture: the ``stack`` fixture
    PARAMETER,
    SECRET,
    STACK,
    Stack,
    clear_parameter_cache,
    stack_fixture,  # noqa: F401
)
from tests.samples import sample_contact_memo, sample_memo

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FORGOTTEN = "+821023456789"
KEPT = "+821098765432"
MEMO_TEXT = "중복 청구 12,000원 환불 요청"


def _number() -> str:
    return korean_mobile()


def _key(number: str) -> str:
    return customer_key(number, SECRET.encode())


def _customer(number: str, calls: int, appointment: bool = False) -> list[str]:
    """Seed ``calls`` contacts of one customer with everything a follow-up leaves behind."""
    store, links = FollowupStore(timedelta(days=30)), LinkStore()
    key = _key(number)
    contact_ids = []
    for n in range(calls):
        contact_id = str(uuid.uuid4())
        contact_ids.append(contact_id)
        memo = sample_contact_memo(
            contact_id,
            number,
            sample_memo(purpose=MEMO_TEXT, email="customer@example.com"),
            ended_at=NOW - timedelta(days=n),
            last_update=NOW - timedelta(days=n),
            customer_key=key,
        )
        MemoStore().save_if_newer(memo, timedelta(days=400), NOW)
        followup_ids = [contact_id, f"{contact_id}_reminder"] if appointment else [contact_id]
        for followup_id in followup_ids:
            store.save_plan(
                NewFollowup(
                    followup_id=followup_id,
                    contact_id=contact_id,
                    kind="followup",
                    customer_key=key,
                    call_ended_at=NOW,
                    send_at=NOW,
                    route=("sms", "email"),
                    sms=SmsText(f"{MEMO_TEXT} 안내", 1, "UCS-2"),
                ),
                NOW,
            )
            store.claim(
                followup_id, attempt_item("sms", 1), "followup", "token", NOW, TextClaim(1, "UCS-2", key)
            )
            store.append_status(
                followup_id,
                attempt_item("sms", 1),
                StatusUpdate("TEXT_DELIVERED", NOW, True, "sms", f"e-{followup_id}", f"m-{followup_id}"),
            )
            links.issue(followup_id, contact_id, "ko-KR", timedelta(days=7), NOW)
    PreferencesStore().put(key, Preferences(locale="ko-KR", email="customer@example.com"), NOW)
    return contact_ids


def test_forget_by_stack_deletes_one_customers_data_from_every_table(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given two customers with memos, follow-ups (one with a reminder), attempts, links and preferences
    forgotten = _customer(FORGOTTEN, calls=2, appointment=True)
    kept = _customer(KEPT, calls=1)
    TemplateModel("confirm#ko-KR", body="[${company_name}]", part_budget=1).save()
    before = {model.__name__: stack.count(model) for model in ALL_MODELS}
    # When the operator forgets the first one, given in national form, with only the stack's name
    code = main(["forget", "--phone", "010-2345-6789", "--stack", STACK, "--region", REGION])
    # Then every item of theirs is gone, with counts printed and the number nowhere in the output
    out = capsys.readouterr()
    assert code == 0
    assert out.out.strip() == (
        "forgot one customer: executions=0 memos=2 followups=4 attempts=4 links=4 preferences=1"
    )
    for text in (FORGOTTEN, FORGOTTEN.removeprefix("+"), "010-2345-6789", "01023456789", _key(FORGOTTEN)):
        assert text not in out.out + out.err
    assert not list(MemoModel.customer_index.query(_key(FORGOTTEN)))
    for contact_id in forgotten:
        for followup_id in (contact_id, f"{contact_id}_reminder"):
            assert not list(FollowupModel.query(followup_id))
        assert not list(LinkModel.scan(LinkModel.contact_id == contact_id))
    assert PreferencesModel.count(_key(FORGOTTEN)) == 0
    # And the other customer and the templates are untouched
    assert [m.contact_id for m in MemoModel.customer_index.query(_key(KEPT))] == kept
    assert len(list(FollowupModel.query(kept[0]))) == 2
    assert PreferencesModel.count(_key(KEPT)) == 1
    after = {model.__name__: stack.count(model) for model in ALL_MODELS}
    assert after["TemplateModel"] == before["TemplateModel"] >= 1
    assert after["LinkModel"] == before["LinkModel"] - 4
    assert after["MemoModel"] == before["MemoModel"] - 2


def test_forget_finds_the_follow_ups_that_texted_the_customer_even_without_their_memo(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a customer whose memo is already gone (memos and follow-ups have retentions of their own)
    number = _number()
    [contact_id] = _customer(number, calls=1)
    MemoModel(contact_id).delete()
    # When the operator forgets them
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    # Then the follow-up that texted them is found through the followups table's index, and deleted
    # with its detail link
    assert capsys.readouterr().out.strip() == (
        "forgot one customer: executions=0 memos=0 followups=1 attempts=1 links=1 preferences=1"
    )
    assert not list(FollowupModel.query(contact_id))
    assert not list(LinkModel.scan(LinkModel.contact_id == contact_id))


def test_forget_twice_finds_nothing_the_second_time(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    number = _number()
    _customer(number, calls=1)
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    capsys.readouterr()
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    assert capsys.readouterr().out.strip() == (
        "forgot one customer: executions=0 memos=0 followups=0 attempts=0 links=0 preferences=0"
    )


def test_forget_with_table_options_and_the_key_parameter_from_the_environment(
    stack: Stack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    number = _number()
    _customer(number, calls=1)
    monkeypatch.setenv("CUSTOMER_KEY_PARAMETER", PARAMETER)
    monkeypatch.setenv("TEMPLATE_TABLE", stack.names.templates)
    names = stack.names
    code = main(
        ["forget", "--phone", number, "--memo-table", names.memos, "--followup-table", names.followups,
         "--preferences-table", names.preferences, "--link-table", names.links,
         "--state-machine-arn", stack.state_machine, "--region", REGION]
    )  # fmt: skip
    assert code == 0
    assert "memos=1 followups=1 attempts=1 links=1 preferences=1" in capsys.readouterr().out


def test_an_invalid_number_is_refused_without_echoing_it(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["forget", "--phone", "12-NOT-A-PHONE-98", "--memo-table", "x"])
    err = capsys.readouterr().err
    assert code == 2
    assert "12-NOT-A-PHONE-98" not in err


def test_an_unknown_stack_is_reported(stack: Stack, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["forget", "--phone", FORGOTTEN, "--stack", "NoSuchStack", "--region", REGION])
    out = capsys.readouterr()
    assert code == 2
    assert "NoSuchStack" in out.err
    assert FORGOTTEN not in out.out + out.err


def test_the_key_changes_with_the_secret_so_a_wrong_secret_forgets_nothing(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a customer keyed with the stack's secret
    number = _number()
    _customer(number, calls=1)
    ssm = boto3.client("ssm", region_name=REGION)
    # When the parameter holds another secret
    ssm.put_parameter(Name=PARAMETER, Value="another-secret", Type="SecureString", Overwrite=True)
    clear_parameter_cache()
    try:
        assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    finally:
        ssm.put_parameter(Name=PARAMETER, Value=SECRET, Type="SecureString", Overwrite=True)
        clear_parameter_cache()
    # Then the key differs and nothing is found: the key is an HMAC of the number, not a bare hash
    assert "memos=0" in capsys.readouterr().out
    assert customer_key(number, b"another-secret") != _key(number)
    assert MemoModel.customer_index.count(_key(number)) == 1


# --- running executions, follow-ups without a text, steps still running (issue 13, point 6) -----------


def _start_executions(stack: Stack, contact_ids: list[str]) -> list[str]:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    return [
        sfn.start_execution(stateMachineArn=stack.state_machine, name=execution_name(c), input="{}")[
            "executionArn"
        ]
        for c in contact_ids
    ]


def _status(execution_arn: str) -> str:
    described = boto3.client("stepfunctions", region_name=REGION).describe_execution(
        executionArn=execution_arn
    )
    return str(described["status"])


def test_forget_stops_the_customers_running_executions_before_deleting_anything(
    stack: Stack, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a customer whose two follow-ups still run (one waits for its reminder), and another's
    number, other = _number(), _number()
    mine = _start_executions(stack, _customer(number, calls=2, appointment=True))
    theirs = _start_executions(stack, _customer(other, calls=1))
    real_stop = WorkflowStopper.stop
    seen: list[int] = []

    def stop(self: WorkflowStopper, contact_ids: Any) -> int:
        contact_ids = list(contact_ids)
        partitions = [f for c in contact_ids for f in (c, f"{c}_reminder")]
        seen.append(sum(len(list(FollowupModel.query(f))) for f in partitions))  # nothing deleted yet
        return real_stop(self, contact_ids)

    monkeypatch.setattr(WorkflowStopper, "stop", stop)
    # When the operator forgets the customer
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    # Then their executions were stopped first (every item still there), the other customer's run on
    assert "executions=2 memos=2 followups=4 attempts=4" in capsys.readouterr().out
    assert seen == [8]
    assert [_status(arn) for arn in mine] == ["ABORTED", "ABORTED"]
    assert [_status(arn) for arn in theirs] == ["RUNNING"]
    described = boto3.client("stepfunctions", region_name=REGION).describe_execution(executionArn=mine[0])
    assert number not in json.dumps(described, default=str)


def test_forget_finds_a_follow_up_without_a_text_whose_memo_is_gone(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a follow-up planned for the customer that never texted them (skipped; an email or task
    # follow-up is the same: no SMS claim), whose memo is already gone
    number = _number()
    contact_id = str(uuid.uuid4())
    plan = NewFollowup(
        followup_id=contact_id,
        contact_id=contact_id,
        kind="followup",
        customer_key=_key(number),
        call_ended_at=NOW,
        send_at=None,
        route=(),
        skip_reason="frequency_cap",
    )
    assert FollowupStore().save_plan(plan, NOW)
    # When the operator forgets the customer
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    # Then the follow-up is found by the customer key its item carries, and deleted
    assert "memos=0 followups=1 attempts=0" in capsys.readouterr().out
    assert not list(FollowupModel.query(contact_id))


def test_a_step_still_running_after_forget_writes_nothing_back(stack: Stack) -> None:
    # Given a customer forgotten while a step of their follow-up was still running
    number = _number()
    [contact_id] = _customer(number, calls=1)
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    # When that step, and a late receipt, write what they would have written
    store, sms_1 = FollowupStore(), attempt_item("sms", 1)
    store.close_window(contact_id, "sms", NOW)
    store.record_outcome(contact_id, "delivered_sms", ["sms"], NOW)
    store.mark_sent(contact_id, attempt_item("email", 1), "ses-1", NOW)
    store.mark_failed(contact_id, sms_1, "SmsPermanentError")
    assert store.mark_resolved(contact_id, sms_1, "TEXT_DELIVERED") is False
    late = StatusUpdate("TEXT_DELIVERED", NOW, True, "sms", "e-late", f"m-{contact_id}")
    assert store.append_status(contact_id, sms_1, late) is None
    # Then nothing was written back (an UpdateItem would have created items without an expiry)
    assert not list(FollowupModel.query(contact_id))


def test_forget_refuses_without_a_state_machine_unless_told_none_runs(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    names = stack.names
    tables = ["--memo-table", names.memos, "--followup-table", names.followups,
              "--preferences-table", names.preferences, "--template-table", names.templates,
              "--link-table", names.links, "--region", REGION]  # fmt: skip
    number = _number()
    assert main(["forget", "--phone", number, *tables]) == 2
    assert "--state-machine-arn" in capsys.readouterr().err
    assert main(["forget", "--phone", number, *tables, "--skip-executions"]) == 0
    assert "executions=0" in capsys.readouterr().out


def test_forget_erases_a_whatsapp_customers_opt_in_window_and_messages(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a customer who opted in to WhatsApp, wrote to us there, and got a WhatsApp follow-up
    number = _number()
    (contact_id,) = _customer(number, calls=1)
    key = _key(number)
    preferences, store = PreferencesStore(), FollowupStore(timedelta(days=30))
    preferences.record_choices(key, "whatsapp", None, f"agent:{contact_id}", NOW)
    preferences.record_whatsapp_inbound(key, NOW)
    item = attempt_item("whatsapp", 1)
    store.claim(contact_id, item, "followup", "token", NOW, receipt_key="k")
    store.append_status(
        contact_id, item, StatusUpdate("read", NOW, True, "whatsapp", "e-wa", "wamid.X", key="k")
    )
    stored = preferences.get(key)
    assert (stored.whatsapp_opt_in, stored.whatsapp_inbound_at) == (True, NOW)
    # When the operator forgets them
    assert main(["forget", "--phone", number, "--stack", STACK, "--region", REGION]) == 0
    # Then their WhatsApp choices and messages are gone with everything else
    assert PreferencesModel.count(key) == 0
    assert not list(FollowupModel.query(contact_id))
    assert number not in capsys.readouterr().out
