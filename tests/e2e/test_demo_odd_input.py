"""The demo on odd input (issue 13, point 11): every scenario ends, and says why a contact has no follow-up.

A contact that never gets an execution (a DISCONNECTED event alone, a chat Connect does not know, a
record without a number whose contact the stand-in does not know) used to make the demo wait 300 s and
die with TimeoutError; one rejected event aborted the rest of its scenario; the links the demo printed
expired on the scenario's clock while the page server checked the real one.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftercall.adapters.tables import LinkModel
from aftercall.errors import ConfigurationError
from aftercall.handlers import ingest_event
from aftercall.local.builtin_scenarios import (
    EN_DETAIL_MEMO,
    KO_MEMO,
    completed_event,
    contact_id,
    contact_record,
)
from aftercall.local.demo_report import render, summary_json
from aftercall.local.demo_runner import DemoRunner, ScenarioResult
from aftercall.local.resources import INGEST_DEAD_LETTER_QUEUE
from aftercall.local.scenario import Scenario
from tests.helpers import load_event

pytestmark = pytest.mark.e2e

CLOCK = datetime.fromisoformat("2026-11-25T10:30:00+09:00")


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoRunner]:
    with DemoRunner() as runner:
        yield runner


def _scenario(name: str, clock: datetime = CLOCK, **fields: Any) -> Scenario:
    return Scenario.model_validate({"name": name, "clock": clock.isoformat(), **fields})


def _run(demo: DemoRunner, scenario: Scenario) -> ScenarioResult:
    started = time.monotonic()
    result = demo.run(scenario)
    assert time.monotonic() - started < 60
    return result


def test_a_contact_that_never_gets_an_execution_is_reported_with_why(demo: DemoRunner) -> None:
    # Given the three contacts of the issue: an event that starts nothing, and two Connect does not know
    disconnected = load_event("connect_contact_event_disconnected.json")
    chat = completed_event(contact_id("odd/chat"), CLOCK, None)
    chat["detail"]["channel"] = "CHAT"
    no_number = contact_record(contact_id("odd/no-number"), CLOCK, "+821020000031", KO_MEMO)
    no_number["CustomerEndpoint"] = None
    expect = {
        disconnected["detail"]["contactId"]: "ignored:DISCONNECTED",
        chat["detail"]["contactId"]: "rejected",
        no_number["ContactId"]: "rejected:PermanentError",
    }
    scenario = _scenario("odd", events=[disconnected, chat], records=[no_number], expect=expect)
    # When the demo runs it, it ends at once (no execution to wait for)
    result = _run(demo, scenario)
    # Then each contact says why it has no follow-up, and matches what the scenario expects
    assert result.ok
    assert [(c.outcome, c.reason) for c in result.contacts] == [
        ("ignored", "ignored:DISCONNECTED"),
        ("rejected", "rejected:PermanentError"),
        ("rejected", "rejected:PermanentError"),
    ]
    [summary] = summary_json([result])["scenarios"]
    assert [c["reason"] for c in summary["contacts"]] == [c.reason for c in result.contacts]
    report = render([result])
    assert "ignored: DISCONNECTED event: only COMPLETED starts a follow-up" in report
    assert "rejected: PermanentError: dead-lettered with metadata only" in report


def test_a_rejected_event_is_reported_and_the_rest_of_the_scenario_runs(demo: DemoRunner) -> None:
    good = contact_record(contact_id("odd/good"), CLOCK, "+821020000032", KO_MEMO)
    broken = {"detail-type": "Amazon Connect Contact Event", "detail": {"contactId": "not-a-uuid"}}
    expect = {"not-a-uuid": "rejected:ValidationError", good["ContactId"]: "delivered_sms"}
    scenario = _scenario("rejected-then-good", events=[broken], records=[good], expect=expect)
    result = _run(demo, scenario)
    assert [(c.contact_id, c.outcome) for c in result.contacts] == [
        ("not-a-uuid", "rejected"),
        (good["ContactId"], "delivered_sms"),
    ]
    assert result.ok


def test_an_expected_outcome_that_does_not_match_fails_the_contact(demo: DemoRunner) -> None:
    disconnected = load_event("connect_contact_event_disconnected.json")
    scenario = _scenario("wrong-expectation", events=[disconnected],
                         expect={disconnected["detail"]["contactId"]: "ignored:COMPLETED"})  # fmt: skip
    assert not _run(demo, scenario).ok


def test_a_scenario_still_running_when_the_wait_ends_is_reported_unfinished(
    demo: DemoRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        contact_record(contact_id(f"odd/slow-{i}"), CLOCK, f"+82102000004{i}", KO_MEMO) for i in range(3)
    ]
    monkeypatch.setattr(demo, "_wait_seconds", 0.0)
    result = _run(demo, _scenario("no-time-to-wait", records=records))
    demo.aws.wait_for_executions(timeout=60)  # let them end before the next test
    assert "unfinished" in {c.outcome for c in result.contacts}
    assert {c.reason for c in result.contacts if c.outcome == "unfinished"} == {"unfinished"}


@pytest.mark.parametrize("year", [2020, 2099])
def test_a_printed_detail_link_opens_for_its_whole_lifetime_from_now(demo: DemoRunner, year: int) -> None:
    # Given a scenario set long before (or after) today, whose text carries a detail link
    clock = datetime(year, 1, 6, 10, 30, tzinfo=UTC)
    cid = contact_id(f"odd/link-{year}")
    seed = {"contactId": cid, "customerNumber": f"+1206555{year}", "attributes": EN_DETAIL_MEMO}
    scenario = _scenario(
        f"link-{year}", clock=clock, events=[completed_event(cid, clock, None)], contacts=[seed]
    )
    [contact] = _run(demo, scenario).contacts
    [url] = re.findall(rf"{re.escape(demo.page_url)}/\S+", contact.texts[0])
    # When it is opened now, the page answers
    with urllib.request.urlopen(url, timeout=10) as page:  # the demo's own local page server
        assert page.status == 200
    # And it lives the link lifetime (7 days) from now, not from the scenario's clock
    [link] = [link for link in LinkModel.scan() if link.contact_id == cid]
    assert abs(link.expires_at - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=5)


def test_a_failed_invocation_puts_the_whole_event_in_the_dead_letter_queue(
    demo: DemoRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control of tests/e2e/test_dead_letters.py: what Lambda's on-failure destination gets is seen
    number = "+821020000051"
    event = completed_event(contact_id("odd/failing"), CLOCK, number)

    def broken_setup() -> Any:
        raise ConfigurationError("DescribeContact refused by our setup: AccessDeniedException")

    monkeypatch.setattr(ingest_event, "ingest_use_case", broken_setup)
    before = len(demo.aws.dead_letters.letters()[INGEST_DEAD_LETTER_QUEUE])
    [contact] = _run(demo, _scenario("setup-broken", events=[event])).contacts
    assert (contact.outcome, contact.reason) == ("rejected", "rejected:ConfigurationError")
    [record] = [json.loads(b) for b in demo.aws.dead_letters.letters()[INGEST_DEAD_LETTER_QUEUE][before:]]
    assert record["requestPayload"] == event
    assert number in json.dumps(record)
