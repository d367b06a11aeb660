"""Privacy of the whole demo: no phone number, email address or memo text where it does not belong.

Every built-in scenario runs through ``demo_runner.run_scenario`` (the real handlers, the real state
machine on moto) with the aftercall logger at DEBUG and everything else at INFO. Captured: stdout
(Powertools' JSON logs and its EMF metrics), log records, and the input and output of every event
of every execution's history. None may contain a customer's number (E.164, without "+", national
with and without dashes), an email address or memo text of the scenario.

The customer key is an HMAC under the secret in an SSM SecureString (read through Powertools
Parameters, cached): the key changes with the secret, and no bare hash of a number is stored in any
table.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from typing import Any

import boto3
import phonenumbers
import pytest
from aws_lambda_powertools.utilities import parameters
from moto import mock_aws

from aftercall.adapters.customer_keys import CustomerKeyer
from aftercall.domain.memo import MemoKey
from aftercall.local import demo_runner
from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.embedded import TABLES, EmbeddedAws
from aftercall.local.scenario import Scenario
from aftercall.observability import logger

pytestmark = pytest.mark.e2e

SCENARIOS = {s.name: s for s in builtin_scenarios()}
# Memo fields that hold the agent's or the customer's words (not switches such as consent or locale).
FREE_TEXT = {
    MemoKey.PURPOSE,
    MemoKey.STATUS,
    MemoKey.DESIRED_OUTCOME,
    MemoKey.PROBLEM,
    MemoKey.PROGRESS,
    MemoKey.AGENT_NOTE,
    MemoKey.APPOINTMENT_PLACE,
    MemoKey.APPOINTMENT_BRING,
}
FREE_TEXT_KEYS = {key.value for key in FREE_TEXT}
MIN_TEXT = 4  # shorter values ("yes", "ko") are not telling and would match by accident
PARAMETER = "/aftercall/customer-key"
SDK_LOGGERS = ("moto", "botocore", "boto3", "urllib3", "werkzeug", "s3transfer")


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key), value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def phone_forms(number: str) -> set[str]:
    """E.164, digits without "+", and the national forms with and without separators."""
    forms = {number, number.removeprefix("+")}
    try:
        parsed = phonenumbers.parse(number, "KR")
    except phonenumbers.NumberParseException:
        return forms
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    forms |= {national, "".join(c for c in national if c.isdigit())}
    return {f for f in forms if len(f) >= 7}


def secrets_of(scenario: Scenario) -> dict[str, set[str]]:
    """What must not leak: the customers' numbers, email addresses and memo text."""
    numbers: set[str] = set()
    emails: set[str] = set()
    texts: set[str] = set()
    payloads = [*scenario.events, *scenario.records]
    for key, value in _walk(payloads):
        if key in {"customerEndpoint", "CustomerEndpoint"} and isinstance(value, dict):
            address = value.get("address") or value.get("Address")
            if address:
                numbers.add(str(address))
    attributes: list[dict[str, Any]] = [c.attributes for c in scenario.contacts]
    attributes += [dict(value) for key, value in _walk(payloads) if key in {"Attributes", "attributes"}]
    for attrs in attributes:
        for name, value in attrs.items():
            if not isinstance(value, str):
                continue
            if name in FREE_TEXT_KEYS and len(value.strip()) >= MIN_TEXT:
                texts.add(value.strip())
            if name == MemoKey.EMAIL.value and value:
                emails.add(value)
    numbers |= {c.customer_number for c in scenario.contacts if c.customer_number}
    numbers |= {p.phone for p in scenario.preferences} | set(scenario.sms)
    emails |= {p.email for p in scenario.preferences if p.email} | set(scenario.email)
    return {
        "phone": {form for number in numbers for form in phone_forms(number)},
        "email": emails,
        "memo": texts,
    }


class _Capture:
    """What an admin or an operator can see of a run, besides the tables."""

    def __init__(self) -> None:
        self.histories: list[str] = []
        self.items: list[dict[str, Any]] = []


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Capture]:
    captured = _Capture()

    class CapturingAws(EmbeddedAws):
        def wait_for_executions(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
            executions = super().wait_for_executions(*args, **kwargs)
            sfn = boto3.client("stepfunctions", region_name=self.region)
            for execution in executions:
                described = sfn.describe_execution(executionArn=execution["executionArn"])
                events = self.history(execution["executionArn"])
                captured.histories.append(
                    json.dumps(
                        {
                            "input": described.get("input"),
                            "output": described.get("output"),
                            "events": events,
                        },
                        default=str,
                        ensure_ascii=False,
                    )
                )
            dynamodb = boto3.client("dynamodb", region_name=self.region)
            for table in (TABLES.memos, TABLES.followups, TABLES.preferences, TABLES.links):
                for item in dynamodb.scan(TableName=table)["Items"]:
                    captured.items.append({"table": table, "item": item})
            return executions

    monkeypatch.setattr(demo_runner, "EmbeddedAws", CapturingAws)
    level = logger.log_level
    logger.setLevel("DEBUG")
    yield captured
    logger.setLevel(level)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_number_address_or_memo_text_in_logs_metrics_or_executions(
    name: str, capture: _Capture, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    scenario = SCENARIOS[name]
    secrets = secrets_of(scenario)
    assert secrets["phone"]  # the scenario has something to leak
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="aftercall")
    # When the whole scenario runs
    result = demo_runner.run_scenario(scenario)
    out = capsys.readouterr()
    records = [r for r in caplog.records if not r.name.startswith(SDK_LOGGERS)]
    logs = "\n".join(
        [out.out, out.err, *(r.getMessage() + json.dumps(r.__dict__, default=str) for r in records)]
    )
    # Then it ran (so there was something to log), and nothing personal is in what admins can see
    assert result.contacts
    assert capture.histories
    assert '"CloudWatchMetrics"' in out.out  # the EMF metrics were captured with the logs
    for kind, values in secrets.items():
        for value in values:
            assert value not in logs, f"{kind} in logs or metrics"
            for history in capture.histories:
                assert value not in history, f"{kind} in an execution's input, output or history"
    _assert_tables_hold_no_bare_hash(capture, secrets["phone"])


def _assert_tables_hold_no_bare_hash(capture: _Capture, phones: set[str]) -> None:
    """No item holds a plain hash of a number; the number itself only in the memo's phone_e164."""
    digests = set()
    for form in phones:
        for algorithm in ("md5", "sha1", "sha256", "sha512"):
            digest = hashlib.new(algorithm, form.encode()).hexdigest()
            digests |= {digest, digest[:40], digest[:32]}
    assert capture.items
    for entry in capture.items:
        for attribute, value in entry["item"].items():
            text = json.dumps(value, ensure_ascii=False)
            assert not any(d in text for d in digests), ("a bare hash", entry["table"], attribute)
            if any(form in text for form in phones):
                assert (entry["table"], attribute) == (TABLES.memos, "phone_e164")


@pytest.fixture
def ssm() -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as env, mock_aws():
        env.setenv("AWS_DEFAULT_REGION", "ap-northeast-2")
        parameters.clear_caches()
        client = boto3.client("ssm", region_name="ap-northeast-2")
        client.put_parameter(Name="/aftercall/customer-key", Value="first-secret", Type="SecureString")
        yield client
        parameters.clear_caches()


def test_the_customer_key_is_an_hmac_under_the_secret_in_ssm_and_cached(ssm: Any) -> None:
    number = "+821020000001"
    keyer = CustomerKeyer("/aftercall/customer-key")
    first = keyer.key_for(number)
    # The key is not a bare hash of the number
    assert first.removeprefix("c_") not in {hashlib.sha256(number.encode()).hexdigest()[:40]}
    # The secret is cached: a changed parameter is not read again on every call
    ssm.put_parameter(
        Name="/aftercall/customer-key", Value="second-secret", Type="SecureString", Overwrite=True
    )
    assert keyer.key_for(number) == first
    # Read again (a new container, or after the cache's max age), the key changes with the secret
    parameters.clear_caches()
    second = keyer.key_for(number)
    assert second != first
    assert second == CustomerKeyer("/aftercall/customer-key").key_for(number)
