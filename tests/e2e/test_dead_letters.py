"""Every dead-letter queue after every built-in scenario: no number, address or memo text (issue 13, 5).

The embedded AWS has the stack's three dead-letter queues: ingest (the ingest handlers' rejected
input, and the contact-event function's failed asynchronous invocations), receipts (the receipt
function's failed asynchronous invocations) and send (the send queue's redrive, drained by its
consumer: the letters it took are read too). A failed asynchronous invocation puts Lambda's on-failure
record, the whole event, on its queue, as in AWS (tests/e2e/test_demo_odd_input.py shows it is seen).

Not vacuous: ``ignored-and-rejected-input`` sends a malformed contact record and an event for a
contact Connect does not know, each carrying a number and memo text; both are dead-lettered.
"""

from __future__ import annotations

import json

import pytest

from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.odd_input_scenario import NAME as ODD_INPUT
from aftercall.local.resources import DEAD_LETTER_QUEUES, INGEST_DEAD_LETTER_QUEUE
from tests.e2e.conftest import DemoRun
from tests.e2e.test_privacy import secrets_of

pytestmark = pytest.mark.e2e

SCENARIOS = {s.name: s for s in builtin_scenarios()}
METADATA = {
    "contact_record": {"source", "error", "eventSourceARN", "sequenceNumber", "partitionKey"},
    "contact_event": {"source", "error", "eventId", "time", "contactId"},
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_dead_letter_holds_a_number_an_address_or_memo_text(name: str, demo_run: DemoRun) -> None:
    # Given every queue's letters from this scenario, and what the scenario must not leak
    letters = demo_run.dead_letters[name]
    assert set(letters) == set(DEAD_LETTER_QUEUES)  # every queue was read
    secrets = secrets_of(SCENARIOS[name])
    assert secrets["phone"]
    # Then none of it is in any letter
    for queue, bodies in letters.items():
        for body in bodies:
            for kind, values in secrets.items():
                assert not any(value in body for value in values), f"{kind} in a letter of {queue}"


def test_the_rejected_input_of_the_odd_input_scenario_is_dead_lettered_as_metadata(demo_run: DemoRun) -> None:
    # The scenario's payloads carry numbers and memo text (the test above is not vacuous)...
    secrets = secrets_of(SCENARIOS[ODD_INPUT])
    assert len(secrets["phone"]) >= 4
    assert secrets["memo"]
    # ...and two of them are dead-lettered: the malformed record and the unknown contact's event
    letters = [json.loads(body) for body in demo_run.dead_letters[ODD_INPUT][INGEST_DEAD_LETTER_QUEUE]]
    assert sorted((letter["source"], letter["error"]) for letter in letters) == [
        ("contact_event", "PermanentError"),
        ("contact_record", "ValidationError"),
    ]
    for letter in letters:
        assert set(letter) == METADATA[letter["source"]]
    rejected = {c.contact_id for c in demo_run.result(ODD_INPUT).contacts if c.outcome == "rejected"}
    assert {letter.get("contactId") or letter.get("partitionKey") for letter in letters} == rejected
