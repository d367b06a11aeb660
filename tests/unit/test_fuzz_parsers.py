"""Bad input, fuzzed: every parser parses or raises its typed error.

Parsers (pure, no AWS): the contact event and the contact record (Connect), the SMS and SES receipt
messages, the scenario file and admin template overrides. Inputs are random bytes and text, random
JSON, and real sample payloads with one to three fields deleted or replaced by random values
(tests/fuzzing.py). The handlers get the same inputs on moto in tests/integration/test_fuzz_handlers.py.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.parser import parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aftercall.domain.composer import ComposeContext
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.templates import DEFAULT_TEMPLATES, Template, placeholder_problems, validate_template
from aftercall.errors import InvalidInputError
from aftercall.events.connect import ContactEventModel, call_from_event
from aftercall.events.contact_record import ContactRecord, call_from_record
from aftercall.events.ses import SesEvent, receipt_from_ses
from aftercall.events.sms import EumSmsEvent, LegacySmsEvent, receipt_from_eum, receipt_from_legacy
from aftercall.handlers import receipts
from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.scenario import load_scenario
from aftercall.usecases.texts import compose_for
from tests.fuzzing import (
    LEGACY_EVENT,
    RANDOM_BYTES,
    SES_EVENTS,
    SMS_EVENT_WITH_CONTEXT,
    encoded,
    payloads,
    receipt_messages,
    record_bytes,
)
from tests.helpers import load_event

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- Connect -------------------------------------------------------------------------------------

CONTACT_EVENT = load_event("connect_contact_event_completed.SYNTHESIZED.json")


@FUZZ
@given(payloads(CONTACT_EVENT))
def test_contact_event_parses_or_raises_validation_error(event: Any) -> None:
    try:
        parsed = parse(event=event, model=ContactEventModel)
    except ValidationError:
        return
    call_from_event(parsed)  # a parsed event always normalises


@FUZZ
@given(record_bytes())
def test_contact_record_parses_or_raises_its_documented_errors(data: bytes) -> None:
    # from_bytes documents ValidationError or ValueError (bad JSON, bad UTF-8)
    try:
        record = ContactRecord.from_bytes(data)
    except (ValidationError, ValueError):
        return
    call_from_record(record)


# --- receipts -------------------------------------------------------------------------------------


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
    content = payloads(SCENARIO).map(encoded) | RANDOM_BYTES
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
