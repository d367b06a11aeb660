"""The metrics the operator alarms watch, emitted by the functions as deployed: SMS refused for a reason
of the account (by reason), and opt-outs recorded (by source) — never a number or a customer key.

The sender runs as in test_send_faults (composition root, settings from the environment, moto's
DynamoDB); SendTextMessage answers through a ``Stubber`` on the real API model, since moto has no End
User Messaging SMS backend.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.stub import Stubber

from aftercall import clients
from aftercall.adapters.memo_store import MemoStore
from aftercall.errors import ConfigurationError, OptedOutError
from tests.integration.aws import MotoAws
from tests.integration.sends import (
    SENDER_ENVIRONMENT,
    SMS_1,
    TokenCalls,
    attempt,
    deliver_to_sender,
    follow_up,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def tokens(module_aws: MotoAws) -> TokenCalls:
    module_aws.setenv(**SENDER_ENVIRONMENT)
    recorder = TokenCalls()
    clients.override("stepfunctions", recorder)
    return recorder


@pytest.fixture
def sms() -> Iterator[Stubber]:
    with Stubber(clients.client("pinpoint-sms-voice-v2")) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def _emitted(out: str, name: str) -> list[dict[str, Any]]:
    """The EMF lines on stdout that carry ``name``."""
    lines = [json.loads(line) for line in out.splitlines() if line.startswith('{"_aws"')]
    return [line for line in lines if name in line]


@pytest.mark.parametrize(
    ("code", "status", "reason"),
    [
        ("ServiceQuotaExceededException", 402, "MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT"),
        ("ServiceQuotaExceededException", 402, "VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT"),
        ("ValidationException", 400, "INVALID_IDENTITY_FOR_DESTINATION_COUNTRY"),
    ],
)
def test_a_text_refused_for_an_account_reason_is_counted_by_reason_and_fails_as_configuration(
    tokens: TokenCalls, sms: Stubber, capsys: pytest.CaptureFixture[str], code: str, status: int, reason: str
) -> None:
    followup_id = follow_up()
    sms.add_client_error(
        "send_text_message",
        service_error_code=code,
        http_status_code=status,
        modeled_fields={"Reason": reason},
    )
    capsys.readouterr()

    deliver_to_sender(followup_id, "token-1")

    out = capsys.readouterr().out
    refused = _emitted(out, "SmsAccountRefused")
    assert [line["SmsAccountRefused"] for line in refused] == [[1.0], [1.0]]  # the alarm's and the graph's
    assert sorted(str(line.get("reason")) for line in refused) == sorted(["None", reason])
    assert tokens.calls == [("failure", "token-1", ConfigurationError.__name__)]  # not retried as throttling
    assert attempt(followup_id, SMS_1).claimed is False  # released: the redrive after the fix sends it
    record = MemoStore().get(followup_id)
    assert record is not None
    assert record.phone is not None
    assert record.phone.e164 not in out
    assert record.phone.e164[3:] not in out


def test_an_opt_out_the_provider_reports_is_counted_by_source(
    tokens: TokenCalls, sms: Stubber, capsys: pytest.CaptureFixture[str]
) -> None:
    followup_id = follow_up()
    sms.add_client_error(
        "send_text_message",
        service_error_code="ConflictException",
        http_status_code=409,
        modeled_fields={"Reason": "DESTINATION_PHONE_NUMBER_OPTED_OUT"},
    )
    capsys.readouterr()

    deliver_to_sender(followup_id, "token-1")

    out = capsys.readouterr().out
    recorded = _emitted(out, "OptOutRecorded")
    assert sorted(str(line.get("source")) for line in recorded) == ["None", "provider"]
    assert "c_key" not in json.dumps(recorded)  # the customer key is no dimension
    assert tokens.calls == [("failure", "token-1", OptedOutError.__name__)]
