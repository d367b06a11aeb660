"""``aftercall smoke --stack NAME``: the stack's tables and state machine found from its name (the
synthesized stack on moto, tests/integration/stack_on_moto.py). moto does not run the state machine
here, so the smoke reports its ingest and then its timeout; tests/workflow/test_smoke_cli.py follows a
whole run on the embedded AWS."""

from __future__ import annotations

import json

import boto3
import pytest

from aftercall.adapters.memo_store import MemoStore
from aftercall.cli.main import main
from tests.helpers import korean_mobile
from tests.integration.aws import REGION
from tests.integration.stack_on_moto import STACK, Stack, stack_fixture  # noqa: F401 - the fixture

pytestmark = pytest.mark.integration


def test_the_smoke_finds_the_stack_stores_its_memo_and_starts_the_workflow(
    stack: Stack, capsys: pytest.CaptureFixture[str]
) -> None:
    number = korean_mobile()

    code = main(
        ["smoke", "--stack", STACK, "--to", number, "--timeout", "0.3", "--poll", "0.1", "--region", REGION]
    )

    out = capsys.readouterr().out
    assert code == 1  # not delivered within the timeout: moto does not run the workflow
    assert "ingest" in out
    assert "timeout" in out
    assert "smoke FAILED" in out
    assert number not in out
    sfn = boto3.client("stepfunctions", region_name=REGION)
    [execution] = [
        e
        for e in sfn.list_executions(stateMachineArn=stack.state_machine)["executions"]
        if e["name"].startswith("aftercall-smoke-")
    ]
    started = json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"])
    assert started == {"contactId": execution["name"]}  # ids only
    memo = MemoStore().get(execution["name"])
    assert memo is not None
    assert memo.phone is not None
    assert memo.phone.e164 == number
    assert memo.memo.consent is True
