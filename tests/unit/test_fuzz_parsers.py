"""Bad input, fuzzed: every parser parses or raises its typed error; the handlers record a rejection.

Parsers (pure, no AWS): the contact event and the contact record (Connect), the SMS and SES receipt
messages, the scenario file and admin template overrides. Inputs are random bytes and text, random
JSON, and real sample payloads with one to three fields deleted or replaced by random values.

Handlers (moto, in the same process, no network): fuzzed contact records mixed into a Kinesis batch
of good ones, and fuzzed SNS messages mixed among good receipts. The good records are processed, a
poison record never becomes a batch item failure (it goes to the dead-letter queue, metadata only),
and the receipt handler never raises for content.
"""

from __future__ import annotations

import base64
import json
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.parser import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from pydantic import ValidationError

from aftercall import container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.tables import MemoModel, TableNames, create_tables
from aftercall.domain.composer import ComposeContext
from aftercall.domain.followup import attempt_item
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.templates import DEFAULT_TEMPLATES, Template, placeholder_problems, validate_template
from aftercall.errors import InvalidInputError
from aftercall.events.connect import ContactEventModel, ContactRecord, call_from_event, call_from_record
from aftercall.events.ses import SesEvent, receipt_from_ses
from aftercall.events.sms import EumSmsEvent, LegacySmsEvent, receipt_from_eum, receipt_from_legacy
from aftercall.handlers import ingest_records, receipts
from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.lambda_context import lambda_context
from aftercall.local.scenario import load_scenario
from aftercall.settings import table_environment
from aftercall.usecases.texts import compose_for
from tests.helpers import load_event

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HANDLER_FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Values that have broken parsers elsewhere: edge dates, huge numbers, ids of the wrong shape.
TRICKY = st.sampled_from(
    [
        "",
        " ",
        "null",
        "2024-13-45T00:00:00Z",
        "9999-12-31T23:59:59Z",
        "0001-01-01T00:00:00",
        "2024-01-01T00:00:00",
        "+821012345678",
        "010-1234-5678",
        "attempt#sms#x",
        "attempt-sms-1",
        "TEXT_DELIVERED",
        "x" * 300,
        "\u0000",
        "\ud800",
        10**18,
        -(10**18),
        2**63,
        -1,
        0,
        1.5e308,
        True,
        [],
        {},
    ]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | TRICKY
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


@st.composite
def mutated(draw: st.DrawFn, sample: Any) -> Any:
    """``sample`` with one to three fields deleted or replaced by random JSON."""
    payload = json.loads(json.dumps(sample))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(payload)
        if not paths:
            break
        *parents, last = draw(st.sampled_from(paths))
        node = payload
        for key in parents:
            node = node[key]
        if isinstance(node, dict) and draw(st.booleans()):
            del node[last]
        else:
            node[last] = draw(JSON)
    return payload


def payloads(sample: Any) -> st.SearchStrategy[Any]:
    return mutated(sample) | JSON | st.just(sample)


# --- Connect -------------------------------------------------------------------------------------

CONTACT_EVENT = load_event("connect_contact_event_completed.SYNTHESIZED.json")
CONTACT_RECORD = load_event("connect_ctr_voice_inbound_with_acw.json")


@FUZZ
@given(payloads(CONTACT_EVENT))
def test_contact_event_parses_or_raises_validation_error(event: Any) -> None:
    try:
        parsed = parse(event=event, model=ContactEventModel)
    except ValidationError:
        return
    call_from_event(parsed)  # a parsed event always normalises


def _encoded(value: Any) -> bytes:
    """JSON as UTF-8; lone surrogates from the fuzzer are kept (invalid UTF-8 is input too)."""
    return _utf8(json.dumps(value, ensure_ascii=False))


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


RANDOM_BYTES = st.binary(max_size=300) | st.text(max_size=300).map(_utf8)


def _record_bytes() -> st.SearchStrategy[bytes]:
    return payloads(CONTACT_RECORD).map(_encoded) | RANDOM_BYTES


@FUZZ
@given(_record_bytes())
def test_contact_record_parses_or_raises_its_documented_errors(data: bytes) -> None:
    # from_bytes documents ValidationError or ValueError (bad JSON, bad UTF-8)
    try:
        record = ContactRecord.from_bytes(data)
    except (ValidationError, ValueError):
        return
    call_from_record(record)


# --- receipts -------------------------------------------------------------------------------------

SMS_EVENT = load_event("eum_sms_event_text_successful.json")
SMS_EVENT_WITH_CONTEXT = {**SMS_EVENT, "context": {"followup_id": "f-1", "attempt": "attempt#sms#1"}}
LEGACY_EVENT = load_event("pinpoint_legacy_sms_event_success.json")
SES_EVENTS = [
    load_event(f"ses_v2_event_{name}.sns_message.json")
    for name in ("bounce", "complaint", "delivery", "delivery_delay")
]
RECEIPT_SAMPLES = [SMS_EVENT, SMS_EVENT_WITH_CONTEXT, LEGACY_EVENT, *SES_EVENTS]


@FUZZ
@given(payloads(SMS_EVENT_WITH_CONTEXT))
def test_sms_event_parses_or_raises_validation_error(message: Any) -> None:
    try:
        event = EumSmsEvent.model_validate(message)
    except ValidationError:
        return
    receipt_from_eum(event)


@FUZZ
@given(payloads(LEGACY_EVENT))
def test_legacy_sms_event_parses_or_raises_validation_error(message: Any) -> None:
    try:
        event = LegacySmsEvent.model_validate(message)
    except ValidationError:
        return
    receipt_from_legacy(event)


@FUZZ
@given(st.sampled_from(SES_EVENTS).flatmap(payloads))
def test_ses_event_parses_or_raises_validation_error(message: Any) -> None:
    try:
        event = SesEvent.model_validate(message)
    except ValidationError:
        return
    receipt_from_ses(event)


def receipt_messages() -> st.SearchStrategy[str]:
    """SNS ``Message`` strings: mutated samples of every format, random JSON, random text."""
    as_json = st.sampled_from(RECEIPT_SAMPLES).flatmap(payloads).map(json.dumps)
    return as_json | st.text(max_size=200)


@FUZZ
@given(receipt_messages())
def test_any_receipt_message_gives_a_receipt_or_a_validation_error(message: str) -> None:
    try:
        receipts.receipt_from_message(message)
    except ValidationError:
        return


# --- the scenario file ------------------------------------------------------------------------------

SCENARIO = builtin_scenarios()[0].model_dump(by_alias=True, mode="json")


def scenario_files() -> st.SearchStrategy[tuple[str, bytes]]:
    content = payloads(SCENARIO).map(_encoded) | RANDOM_BYTES
    return st.tuples(st.sampled_from([".json", ".yaml", ".yml"]), content)


@FUZZ
@given(scenario_files())
def test_scenario_file_loads_or_raises_invalid_input_error(file: tuple[str, bytes]) -> None:
    suffix, content = file
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"scenario{suffix}"
        path.write_bytes(content)
        try:
            load_scenario(path)
        except InvalidInputError:
            return


def test_a_missing_scenario_file_is_an_invalid_input_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError):
        load_scenario(tmp_path / "nowhere.json")


# --- templates ---------------------------------------------------------------------------------------

TEMPLATE_IDS = sorted(DEFAULT_TEMPLATES)
BODY_PIECES = st.sampled_from(
    ["${company_name}", "${callback_number}", "${purpose}", "${detail_url}", "${appointment_time}",
     "${unknown}", "$", "$$", "${", "?", "\n", "가나다", "“quoted”", "https://d.example.com/x", " "]
)  # fmt: skip
BODIES = st.lists(BODY_PIECES | st.text(max_size=30), max_size=12).map("".join) | st.text(max_size=400)


@FUZZ
@given(st.sampled_from(TEMPLATE_IDS), BODIES, st.integers(-5, 20))
def test_template_validation_returns_reasons_and_never_raises(tid: str, body: str, budget: int) -> None:
    template = Template(tid, body, budget, source="override")
    reasons = validate_template(template, "Aftercall", "1588-0000", ("banned",))
    assert all(isinstance(r, str) and r for r in reasons)
    if placeholder_problems(template):
        assert reasons


class _Overrides:
    def __init__(self, template: Template) -> None:
        self.template = template

    def get(self, template_id: str) -> Template | None:
        return Template(template_id, self.template.body, self.template.part_budget, "override")


@FUZZ
@given(st.sampled_from(TEMPLATE_IDS), BODIES, st.integers(-5, 20))
def test_a_broken_override_is_refused_and_the_default_text_goes_out(tid: str, body: str, budget: int) -> None:
    # Given any override an admin could store, when a text is composed with it
    purpose, _, locale = tid.partition("#")
    kind = "reminder" if purpose == "reminder" else "followup"
    strategy = Strategy.APPOINTMENT if kind == "reminder" else Strategy(purpose)
    memo = Memo(purpose="refund of a double charge", status="sent", desired_outcome="refund by Friday")
    ctx = ComposeContext("Aftercall", "1588-0000", "https://d.example.com/l/abc", "Asia/Seoul")
    sms = compose_for(memo, strategy, locale, ctx, kind, _Overrides(Template(tid, body, budget)), ())
    # Then a text is always composed: the override's, or the default after a recorded rejection
    assert sms.text


# --- handlers on moto: poison among good records -----------------------------------------------------------

REGION = "ap-northeast-2"
NAMES = TableNames("fz-memos", "fz-followups", "fz-preferences", "fz-templates", "fz-links")
NUMBER = "+821023456789"


@pytest.fixture(scope="module")
def moto_env() -> Iterator[dict[str, str]]:
    with pytest.MonkeyPatch.context() as env, mock_aws():
        env.setenv("AWS_DEFAULT_REGION", REGION)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        create_tables(NAMES, REGION)
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name="/aftercall/customer-key", Value="fuzz-secret", Type="SecureString"
        )
        sfn = boto3.client("stepfunctions", region_name=REGION)
        definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
        machine = sfn.create_state_machine(
            name="fuzz", definition=definition, roleArn="arn:aws:iam::123456789012:role/fuzz"
        )["stateMachineArn"]
        dlq = boto3.client("sqs", region_name=REGION).create_queue(QueueName="fuzz-dlq")["QueueUrl"]
        values = {
            **table_environment(NAMES),
            "AWS_REGION": REGION,
            "CUSTOMER_KEY_PARAMETER": "/aftercall/customer-key",
            "STATE_MACHINE_ARN": machine,
            "INGEST_DLQ_URL": dlq,
            "POWERTOOLS_METRICS_NAMESPACE": "Aftercall",
            "POWERTOOLS_SERVICE_NAME": "aftercall",
            "COMPANY_NAME": "Aftercall",  # ingest plans the first follow-up: the texts' settings
            "CALLBACK_NUMBER": "1588-0000",
        }
        for key, value in values.items():
            env.setenv(key, value)
        _reset()
        yield values
        _reset()


def _reset() -> None:
    container.reset()


def _good_record() -> dict[str, Any]:
    record = json.loads(json.dumps(CONTACT_RECORD))
    contact_id = str(uuid.uuid4())
    record.update(
        ContactId=contact_id,
        TransferCompletedTimestamp=None,
        TransferredToEndpoint=None,
        LastUpdateTimestamp=datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    record["CustomerEndpoint"] = {"Address": NUMBER, "Type": "TELEPHONE_NUMBER"}
    return record


def _kinesis(datas: list[bytes]) -> dict[str, Any]:
    template = load_event("connect_ctr_kinesis_lambda_event.SYNTHESIZED.json")["Records"][0]
    records = []
    for index, data in enumerate(datas):
        entry = json.loads(json.dumps(template))
        entry["kinesis"]["data"] = base64.b64encode(data).decode()
        entry["kinesis"]["sequenceNumber"] = f"{uuid.uuid4().int % 10**20:020d}{index:02d}"
        records.append(entry)
    return {"Records": records}


def _dead_letters(url: str) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name=REGION)
    letters: list[dict[str, Any]] = []
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return letters
        for message in messages:
            letters.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


@pytest.mark.integration
@HANDLER_FUZZ
@given(st.lists(_record_bytes(), min_size=1, max_size=3))
def test_ingest_records_handler_processes_good_records_and_dead_letters_poison(
    moto_env: dict[str, str], fuzzed: list[bytes]
) -> None:
    # Given a Kinesis batch of fuzzed records between two good ones
    good = [_good_record(), _good_record()]
    datas = [json.dumps(good[0]).encode(), *fuzzed, json.dumps(good[1]).encode()]
    poison = 0
    for data in fuzzed:
        try:
            ContactRecord.from_bytes(data)
        except (ValidationError, ValueError):
            poison += 1
    # When the handler runs
    response = ingest_records.handler(_kinesis(datas), lambda_context("fuzz"))
    # Then nothing blocks the shard, the good memos are stored, each poison record is dead-lettered
    assert response == {"batchItemFailures": []}, [repr(e) for e in ingest_records.processor.exceptions]
    for record in good:
        assert MemoModel.get(record["ContactId"]).skip_reason is None
    letters = _dead_letters(moto_env["INGEST_DLQ_URL"])
    # every unparsable record, and those whose DescribeContact is refused (a permanent error)
    assert poison <= len(letters) <= len(fuzzed)
    assert all(set(letter) == {"source", "error", "eventSourceARN", "sequenceNumber", "partitionKey"}
               for letter in letters)  # fmt: skip


def _sns(messages: list[str]) -> dict[str, Any]:
    template = load_event("eum_sms_event_via_sns_lambda_event.SYNTHESIZED.json")["Records"][0]
    records = []
    for message in messages:
        record = json.loads(json.dumps(template))
        record["Sns"]["Message"] = message
        record["Sns"]["MessageId"] = str(uuid.uuid4())
        records.append(record)
    return {"Records": records}


def _good_receipt(followup_id: str, message_id: str) -> str:
    return json.dumps(
        {**SMS_EVENT, "eventType": "TEXT_QUEUED", "isFinal": False, "messageId": message_id,
         "context": {"followup_id": followup_id, "attempt": attempt_item("sms", 1)}}
    )  # fmt: skip


@pytest.mark.integration
@HANDLER_FUZZ
@given(st.lists(receipt_messages(), min_size=1, max_size=3))
def test_receipt_handler_records_good_receipts_and_rejects_bad_ones_without_raising(
    moto_env: dict[str, str], fuzzed: list[str]
) -> None:
    # Given two claimed attempts and their receipts, with fuzzed messages between them
    store = FollowupStore()
    followups = [str(uuid.uuid4()), str(uuid.uuid4())]
    for followup_id in followups:
        store.claim(followup_id, attempt_item("sms", 1), "followup", None, datetime.now(UTC))
    messages = [_good_receipt(followups[0], str(uuid.uuid4())), *fuzzed,
                _good_receipt(followups[1], str(uuid.uuid4()))]  # fmt: skip
    # When the handler runs, it does not raise
    counts = Counter(receipts.handler(_sns(messages), lambda_context("fuzz")))
    # Then both good receipts are on their attempts and every message is accounted for
    for followup_id in followups:
        attempt = store.get_attempt(followup_id, attempt_item("sms", 1))
        assert attempt is not None
        assert [u.status for u in attempt.history] == ["TEXT_QUEUED"]
    assert sum(counts.values()) == len(messages)
    assert counts["recorded"] >= 2
