"""Privacy of the whole demo: no phone number, email address or memo text where it does not belong.

Every built-in scenario runs once per session (tests/e2e/conftest.py: the real handlers, the real
state machine on moto) with the aftercall logger at DEBUG. Captured: what the handlers printed
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
from collections.abc import Iterator
from typing import Any

import boto3
import phonenumbers
import pytest
from moto import mock_aws

from aftercall.adapters.customer_keys import CACHE_SECONDS, CustomerKeyer
from aftercall.domain.memo import MemoKey
from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.resources import TABLES
from aftercall.local.scenario import Scenario
from tests.e2e.conftest import DemoRun

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
PARAMETER = "/aftercall-test/customer-key"  # apart from the session's embedded AWS
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
    # What customers wrote back (a reply to a text, a WhatsApp message) is theirs too.
    texts |= {r.body.strip() for r in scenario.replies if len(r.body.strip()) >= MIN_TEXT}
    texts |= {m.body.strip() for m in scenario.whatsapp_messages if len(m.body.strip()) >= MIN_TEXT}
    numbers |= {m.customer_number for m in scenario.whatsapp_messages}
    numbers |= {c.customer_number for c in scenario.contacts if c.customer_number}
    numbers |= {p.phone for p in scenario.preferences} | set(scenario.sms)
    emails |= {p.email for p in scenario.preferences if p.email} | set(scenario.email)
    return {
        "phone": {form for number in numbers for form in phone_forms(number)},
        "email": emails,
        "memo": texts,
    }


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_number_address_or_memo_text_in_logs_metrics_or_executions(name: str, demo_run: DemoRun) -> None:
    # Given what every built-in scenario left where admins and operators look
    secrets = secrets_of(SCENARIOS[name])
    assert secrets["phone"]  # the scenario has something to leak
    logs = "\n".join([demo_run.lambda_output, *demo_run.log_records])
    # The run happened, and its logs and metrics were captured
    assert demo_run.result(name).contacts
    assert '"CloudWatchMetrics"' in demo_run.lambda_output
    assert '"level":"DEBUG"' in demo_run.lambda_output or '"level":"INFO"' in demo_run.lambda_output
    assert demo_run.histories
    # Then none of this scenario's numbers, addresses or memo text is in any of it
    for kind, values in secrets.items():
        for value in values:
            assert value not in logs, f"{kind} in logs or metrics"
            for history in demo_run.histories.values():
                assert value not in history, f"{kind} in an execution's input, output or history"
    _assert_tables_hold_no_bare_hash(demo_run.items, secrets["phone"])


def _assert_tables_hold_no_bare_hash(items: list[dict[str, Any]], phones: set[str]) -> None:
    """No item holds a plain hash of a number; the number itself only in the memo's phone_e164."""
    digests = set()
    for form in phones:
        for algorithm in ("md5", "sha1", "sha256", "sha512"):
            digest = hashlib.new(algorithm, form.encode()).hexdigest()
            digests |= {digest, digest[:40], digest[:32]}
    assert items
    for entry in items:
        for attribute, value in entry["item"].items():
            text = json.dumps(value, ensure_ascii=False)
            assert not any(d in text for d in digests), ("a bare hash", entry["table"], attribute)
            if any(form in text for form in phones):
                assert (entry["table"], attribute) == (TABLES.memos, "phone_e164")


@pytest.fixture
def ssm() -> Iterator[Any]:
    with pytest.MonkeyPatch.context() as env, mock_aws():
        env.setenv("AWS_DEFAULT_REGION", "ap-northeast-2")
        client = boto3.client("ssm", region_name="ap-northeast-2")
        client.put_parameter(Name=PARAMETER, Value="first-secret", Type="SecureString")
        yield client


def test_the_customer_key_is_an_hmac_under_the_secret_in_ssm_and_cached(ssm: Any) -> None:
    number = "+821020000001"
    clock = [0.0]
    keyer = CustomerKeyer(ssm, PARAMETER, monotonic=lambda: clock[0])
    first = keyer.key_for(number)
    # The key is not a bare hash of the number
    assert first.removeprefix("c_") not in {hashlib.sha256(number.encode()).hexdigest()[:40]}
    # The secret is cached: a changed parameter is not read again on every call
    ssm.put_parameter(Name=PARAMETER, Value="second-secret", Type="SecureString", Overwrite=True)
    assert keyer.key_for(number) == first
    clock[0] = CACHE_SECONDS - 1
    assert keyer.key_for(number) == first
    # Read again after the cache's max age (or in a new container), the key changes with the secret
    clock[0] = CACHE_SECONDS
    second = keyer.key_for(number)
    assert second != first
    assert second == CustomerKeyer(ssm, PARAMETER).key_for(number)
