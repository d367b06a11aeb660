"""Bad input, fuzzed, through all nine handlers on the embedded AWS (in-process, no network).

Malformed and oversized content, and content AWS can send at its edges: contact events in unexpected
casing, times that overflow once a retention or a zone is added, SES times without a zone, JSON nested
past the recursion limit, a memo over DynamoDB's 400 KB item limit. What each handler may do with it,
and so what "unhandled" means, is in tests/integration/fuzz_aws.py; a poison record is dead-lettered
with metadata only, never a batch item failure that would be retried until it expires.

Size: in ``make test`` every handler gets at least 200 inputs (a batch carries two or three, a memo
reaches every step); ``AFTERCALL_FUZZ_SCALE`` multiplies every count (``make fuzz``: 10). The parsers
alone are fuzzed in tests/unit/test_fuzz_parsers.py.
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.tables import LinkModel
from aftercall.domain.followup import attempt_item
from aftercall.events.contact_record import ContactRecord
from aftercall.handlers import detail_page, ingest_records
from aftercall.local.builtin_scenarios import contact_record
from aftercall.local.events import http_api_event, kinesis_event, sns_event, sqs_record
from aftercall.local.lambda_context import lambda_context
from tests.fuzzing import (
    JSON,
    NUMBERS,
    REQUIRED_MEMO,
    SMS_EVENT,
    contact_events,
    contact_record_data,
    edge_receipt_messages,
    memo_attributes,
    mutated,
)
from tests.helpers import korean_mobile
from tests.integration.fuzz_aws import LETTER_KEYS, PARSE_ERRORS, TYPED_ERRORS, FuzzAws, fuzz_aws

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore:No application metrics")]

SCALE = int(os.environ.get("AFTERCALL_FUZZ_SCALE", "1"))


def fuzz_examples(count: int) -> settings:
    return settings(
        max_examples=count * SCALE,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
        ],
    )


NUMBER = "+821023456789"
DETAIL = {**REQUIRED_MEMO, "aftercall_strategy": "detail", "aftercall_links": "https://example.com/help"}
APPOINTMENT = {**REQUIRED_MEMO, "aftercall_strategy": "appointment",
               "aftercall_appointment_at": "2030-05-01T10:00:00+09:00"}  # fmt: skip


@pytest.fixture(scope="module")
def fuzz() -> Iterator[FuzzAws]:
    env = {"DETAIL_BASE_URL": "https://d.example.com", "RATE_LIMIT_PER_MINUTE": "1000"}
    with fuzz_aws(env) as aws:
        yield aws


@pytest.fixture(scope="module")
def seeded(fuzz: FuzzAws) -> list[str]:
    """Contacts whose memo and follow-up exist, for step inputs that name a real follow-up."""
    ids = [str(uuid.uuid4()) for _ in range(3)]
    memos = [REQUIRED_MEMO, DETAIL, APPOINTMENT]
    records = [_record(cid, memo, korean_mobile()) for cid, memo in zip(ids, memos, strict=True)]
    assert fuzz.aws.dispatch_contact_records(records) == {"batchItemFailures": []}
    return ids


def _record(contact_id: str, attributes: dict[str, str], number: str = NUMBER) -> dict[str, Any]:
    return contact_record(contact_id, datetime.now(UTC) - timedelta(minutes=3), number, attributes)


def _kinesis(datas: list[bytes]) -> dict[str, Any]:
    event = kinesis_event([{} for _ in datas])
    for record, data in zip(event["Records"], datas, strict=True):
        record["kinesis"]["data"] = base64.b64encode(data).decode()
        record["kinesis"]["partitionKey"] = str(uuid.uuid4())
    return event


def _sqs(bodies: list[str], fuzz: FuzzAws) -> dict[str, Any]:
    messages = [{"MessageId": str(uuid.uuid4()), "ReceiptHandle": "h", "Body": b} for b in bodies]
    return {"Records": [sqs_record(m, fuzz.aws.send_queue_url, fuzz.aws.region) for m in messages]}


def _assert_metadata_only(letters: list[dict[str, Any]]) -> None:
    for letter in letters:
        assert set(letter) <= LETTER_KEYS[letter["source"]], letter
        assert NUMBER not in json.dumps(letter)


# --- the ingest handlers ---------------------------------------------------------------------------


@fuzz_examples(200)
@given(contact_events())
def test_ingest_event_ingests_ignores_or_dead_letters_any_event(fuzz: FuzzAws, event: Any) -> None:
    answer = fuzz.aws.invoke("ingest-event", event)  # raises nothing
    outcomes = {"contactId", "ignored", "rejected"} & set(answer)
    assert len(outcomes) == 1, answer
    letters = fuzz.new_letters()
    assert len(letters) == (1 if "rejected" in answer else 0)
    _assert_metadata_only(letters)
    # refused because it does not parse, or with a typed error: never a raw exception of the code
    assert {letter["error"] for letter in letters} <= {"ValidationError", *TYPED_ERRORS}


@fuzz_examples(100)
@given(st.lists(contact_record_data(), min_size=2, max_size=3))
def test_ingest_records_handler_processes_good_records_and_dead_letters_poison(
    fuzz: FuzzAws, fuzzed: list[bytes]
) -> None:
    # Given a Kinesis batch of fuzzed records before a good one
    good = _record(str(uuid.uuid4()), REQUIRED_MEMO, korean_mobile())
    datas = [*fuzzed, json.dumps(good).encode()]
    poison = sum(1 for data in fuzzed if not _parses(data))
    # When the handler runs
    response = fuzz.aws.invoke("ingest-records", _kinesis(datas))
    # Then nothing blocks the shard, the good memos are stored, each poison record is dead-lettered
    assert response == {"batchItemFailures": []}, [repr(e) for e in ingest_records.processor.exceptions]
    stored = MemoStore().get(good["ContactId"])
    assert stored is not None
    assert stored.skip_reason is None
    letters = fuzz.new_letters()
    # every unparsable record, and those ingestion refuses for good (unknown contact, item too large)
    assert poison <= len(letters) <= len(fuzzed)
    _assert_metadata_only(letters)
    first = int(_kinesis([b""])["Records"][0]["kinesis"]["sequenceNumber"])
    for letter in letters:
        data = datas[int(letter["sequenceNumber"]) - first]
        assert letter["error"] in (TYPED_ERRORS if _parses(data) else PARSE_ERRORS), letter


def _parses(data: bytes) -> bool:
    try:
        ContactRecord.from_bytes(data)
    except ValueError:  # pydantic's ValidationError is one
        return False
    return True


# --- the workflow's steps ------------------------------------------------------------------------------


@fuzz_examples(80)
@given(memo_attributes(), NUMBERS)
def test_every_step_takes_any_memo_an_agent_can_write(fuzz: FuzzAws, attributes: Any, number: str) -> None:
    # Given a contact whose memo is fuzzed (ingest stores it, or dead-letters it when it cannot)
    cid = str(uuid.uuid4())
    assert fuzz.aws.dispatch_contact_records([_record(cid, attributes, number)]) == {"batchItemFailures": []}
    if MemoStore().get(cid) is None:
        assert len(fuzz.new_letters()) == 1
        return
    # When every step runs on it, each answers or raises what the workflow routes
    fuzz.step("plan", {"contactId": cid})
    fuzz.step("plan", {"contactId": cid, "nextKind": "reminder"})
    token_step = {"taskToken": f"fuzz-{cid}", "followupId": cid, "retryCount": 0}
    assert fuzz.aws.invoke("send-sms", _sqs([json.dumps(token_step)], fuzz)) == {"batchItemFailures": []}
    fuzz.step("send-email", {**token_step, "taskToken": f"fuzz-email-{cid}"})
    fuzz.step("create-task", {"followupId": cid, "contactId": cid})
    fuzz.step("outcome", {"action": "receiptTimeout", "followupId": cid, "channel": "sms"})
    fuzz.step("outcome", {"action": "record", "followupId": cid, "outcome": "delivered_sms"})


TOKEN_STEP = {"taskToken": "t", "followupId": "f", "retryCount": 0}
STEP_SAMPLES = {
    "plan": lambda c: {"contactId": c, "nextKind": "followup", "route": ["sms"]},
    "send-email": lambda c: {"taskToken": "t", "followupId": c, "retryCount": 1},
    "create-task": lambda c: {"followupId": c, "contactId": c},
    "outcome": lambda c: {"action": "receiptTimeout", "followupId": c, "channel": "sms"},
}


@fuzz_examples(200)
@given(data=st.data())
def test_a_step_input_that_is_not_ours_is_a_routed_error(fuzz: FuzzAws, seeded: list[str], data: Any) -> None:
    # Inputs the workflow would never pass, naming a real follow-up or not, to every step
    for handler, sample in STEP_SAMPLES.items():
        contact_id = data.draw(st.sampled_from(seeded))
        fuzz.step(handler, data.draw(mutated(sample(contact_id)) | JSON))


@fuzz_examples(100)
@given(st.lists(JSON | mutated(TOKEN_STEP), min_size=2, max_size=3))
def test_send_sms_drops_a_message_it_cannot_read_without_failing_the_batch(
    fuzz: FuzzAws, seeded: list[str], bodies: list[Any]
) -> None:
    good = json.dumps({"taskToken": "fuzz-good", "followupId": seeded[0], "retryCount": 7})
    messages = [json.dumps(b) if not isinstance(b, str) else b for b in bodies]
    assert fuzz.aws.invoke("send-sms", _sqs([good, *messages], fuzz)) == {"batchItemFailures": []}


# --- receipts and the detail page ---------------------------------------------------------------------


def _sns(messages: list[str]) -> dict[str, Any]:
    return {"Records": [sns_event(m)["Records"][0] for m in messages]}


@fuzz_examples(100)
@given(st.lists(edge_receipt_messages(), min_size=2, max_size=3))
def test_receipt_handler_records_good_receipts_and_rejects_bad_ones_without_raising(
    fuzz: FuzzAws, fuzzed: list[str]
) -> None:
    # Given a claimed attempt and its receipt, after fuzzed messages
    store = FollowupStore()
    followup_id, item = str(uuid.uuid4()), attempt_item("sms", 1)
    store.claim(followup_id, item, "followup", None, datetime.now(UTC))
    good = {**SMS_EVENT, "eventType": "TEXT_QUEUED", "isFinal": False, "messageId": str(uuid.uuid4()),
            "context": {"followup_id": followup_id, "attempt": item}}  # fmt: skip
    messages = [*fuzzed, json.dumps(good)]
    # When the handler runs, it does not raise
    counts = Counter(fuzz.aws.invoke("receipts", _sns(messages)))
    # Then the good receipt is on its attempt and every message is accounted for
    attempt = store.get_attempt(followup_id, item)
    assert attempt is not None
    assert [u.status for u in attempt.history] == ["TEXT_QUEUED"]
    assert sum(counts.values()) == len(messages)
    assert counts["recorded"] >= 1


_HEADER_VALUES = st.sampled_from(["", "203.0.113.7:443", "[2001:db8::1]:443", "x" * 9000, "ko", "*;q=x"])
_HEADERS = st.dictionaries(
    st.sampled_from(["cloudfront-viewer-address", "accept-language", "x-forwarded-for", "cookie"]),
    _HEADER_VALUES | st.text(max_size=40),
    max_size=3,
)


@fuzz_examples(200)
@given(
    path=st.text(max_size=300) | st.sampled_from(["", "x/appointment.ics", "%00", "..%2f", "a" * 5000]),
    headers=_HEADERS,
    method=st.sampled_from(["GET", "HEAD", "POST", "OPTIONS"]),
    real=st.booleans(),
    suffix=st.sampled_from(["", "/appointment.ics", "/", "/x"]),
)
def test_the_detail_page_answers_any_request(
    fuzz: FuzzAws, seeded: list[str], path: str, headers: Any, method: str, real: bool, suffix: str
) -> None:
    if real:
        path = next(iter(LinkModel.scan(limit=1))).token + suffix
    target = "/" + path.replace("?", "%3F").replace("#", "%23")
    event = http_api_event(method, target, headers, "198.51.100.9")
    response = detail_page.handler(event, lambda_context("detail-page"))
    assert response["statusCode"] in {200, 404, 429}
