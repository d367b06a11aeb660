"""The payload models at the edges of what AWS sends (found by the handler fuzz).

Times: UTC when they carry no zone (SES, some samples), invalid outside 2000-2199 (year 9999 overflows
once a retention is added). Contact event keys in any casing. JSON nested past the recursion limit
and lone surrogates are invalid input. A dead letter's location copies only values of the shape AWS
gives them. A workflow step's input that is not ours is a typed, content-free error.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from aftercall.errors import InvalidInputError
from aftercall.events.bounds import AwsTime
from aftercall.events.connect import ContactEventModel, call_from_event, event_location
from aftercall.events.contact_record import ContactRecord
from aftercall.events.receipts import receipt_from_message
from aftercall.events.step_inputs import TokenStepInput
from aftercall.events.workflow import PlanInput, parse_step, task_token_in
from tests.fuzzing import deep_json
from tests.helpers import load_event

TIME: TypeAdapter[datetime] = TypeAdapter(AwsTime)
EVENT = load_event("connect_contact_event_completed.SYNTHESIZED.json")
RECORD = load_event("connect_ctr_voice_inbound_with_acw.json")


def test_a_time_without_a_zone_is_utc() -> None:
    assert TIME.validate_python("2026-11-23T09:00:00.000") == datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59-12:00", "1970-01-01T00:00:00Z", "2200-01-01T00:00:00Z"],
)
def test_a_time_outside_2000_to_2199_is_invalid(value: str) -> None:
    with pytest.raises(ValidationError):
        TIME.validate_python(value)


def _recase(node: Any, how: str) -> Any:
    if isinstance(node, dict):
        return {getattr(k, how)() if how != "first" else k[:1].upper() + k[1:]: _recase(v, how)
                for k, v in node.items()}  # fmt: skip
    return node


@pytest.mark.parametrize("how", ["lower", "upper", "first"])
def test_contact_event_keys_are_read_in_any_casing(how: str) -> None:
    expected = call_from_event(ContactEventModel.model_validate(EVENT))
    recased = {**EVENT, "detail": _recase(EVENT["detail"], how)}
    assert call_from_event(ContactEventModel.model_validate(recased)) == expected
    assert expected.agent_connected  # the nested agent info was read, not taken for missing


def test_a_lone_surrogate_in_a_contact_event_is_invalid() -> None:
    event = json.loads(json.dumps(EVENT))
    event["detail"]["customerEndpoint"]["address"] = "\ud800"
    with pytest.raises(ValidationError):
        ContactEventModel.model_validate(event)


@pytest.mark.parametrize(
    "data",
    [
        deep_json(2_000).encode(),
        json.dumps({**RECORD, "Attributes": {"aftercall_purpose": "\ud800"}}).encode(),
        json.dumps({**RECORD, "LastUpdateTimestamp": "9999-12-31T23:59:59Z"}).encode(),
    ],
    ids=["nested-too-deep", "lone-surrogate", "year-9999"],
)
def test_a_contact_record_no_store_can_hold_raises_a_value_error(data: bytes) -> None:
    with pytest.raises(ValueError, match=r"nested too deep|surrogate|validation error"):
        ContactRecord.from_bytes(data)  # pydantic's ValidationError is a ValueError


def test_a_receipt_after_2199_is_invalid() -> None:
    message = {**load_event("eum_sms_event_text_successful.json"), "eventTimestamp": 253_402_300_799_999}
    with pytest.raises(ValidationError):
        receipt_from_message(json.dumps(message))


def test_a_dead_letter_location_copies_only_ids_and_times_shaped_as_aws_makes_them() -> None:
    assert event_location(EVENT) == {
        "eventId": EVENT["id"],
        "time": EVENT["time"],
        "contactId": EVENT["detail"]["contactId"],
    }
    forged = {"id": "+821023456789", "time": "a@example.com", "detail": {"CONTACTID": "010-2345-6789"}}
    assert event_location(forged) == {"eventId": "", "time": "", "contactId": ""}
    assert event_location(None) == {"eventId": "", "time": "", "contactId": ""}


@pytest.mark.parametrize(
    "event", [None, [], {}, {"contactId": "+821023456789" * 50}, {"contactId": "\ud800"}]
)
def test_a_step_input_that_is_not_ours_is_a_content_free_invalid_input_error(event: Any) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_step(PlanInput, event)
    assert "821023456789" not in str(raised.value)


def test_a_token_is_read_from_a_body_the_sender_cannot_parse_only_when_it_has_a_tokens_shape() -> None:
    assert task_token_in('{"taskToken": "t-1", "followupId": 7}') == "t-1"
    for body in ["", "[]", '{"taskToken": 7}', '{"taskToken": ""}', json.dumps({"taskToken": "x" * 1025}),
                 deep_json(2_000)]:  # fmt: skip
        assert task_token_in(body) is None
    with pytest.raises(ValidationError):
        TokenStepInput.model_validate({"taskToken": "x" * 1025, "followupId": "f"})
