"""Preferences and template overrides on moto through PynamoDB, and compose_for's override handling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.tables import PreferencesModel, TemplateModel
from aftercall.adapters.template_store import TemplateStore
from aftercall.domain.composer import ComposeContext
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.preferences import Preferences
from aftercall.domain.templates import Template
from aftercall.observability import metrics
from aftercall.usecases.texts import TEMPLATE_REJECTED, compose_for
from tests.integration.aws import MotoAws

CUSTOMER = "c_0123456789abcdef"
NOW = datetime(2026, 3, 3, 3, 0, tzinfo=UTC)
CTX = ComposeContext("Acme Bank", "1588-1234", "https://d.example.com/l/Ab3dEf9hJk2m")
MEMO = Memo(purpose="double charge", desired_outcome="refund of $35.00 by Mar 6", agent_note="AGENT ONLY")


@pytest.fixture(autouse=True)
def tables(module_aws: MotoAws) -> Iterator[None]:
    """One moto account for the module; each test starts with empty tables."""
    yield
    for model in (PreferencesModel, TemplateModel):
        with model.batch_write() as batch:
            for item in model.scan():
                batch.delete(item)


@pytest.fixture
def rejected() -> Iterator[None]:
    """A clean metric set for the test (the handler's log_metrics would flush it)."""
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


def rejections() -> list[float]:
    return list(metrics.metric_set.get(TEMPLATE_REJECTED, {}).get("Value", []))


# --- preferences --------------------------------------------------------------------------------


def test_a_customer_without_preferences_gets_the_defaults() -> None:
    assert PreferencesStore().get(CUSTOMER) == Preferences()


def test_preferences_round_trip() -> None:
    prefs = Preferences(False, "email", "en-US", "kim@example.com")
    store = PreferencesStore()
    store.put(CUSTOMER, prefs, NOW)
    assert store.get(CUSTOMER) == prefs


def test_an_opt_out_is_recorded_with_its_source() -> None:
    store = PreferencesStore()
    store.put(CUSTOMER, Preferences(locale="ko-KR"), NOW)
    store.record_opt_out(CUSTOMER, "sms_receipt", NOW)
    item = PreferencesModel.get(CUSTOMER)
    assert (item.opted_out, item.opt_out_source, item.opted_out_at, item.locale) == (
        True,
        "sms_receipt",
        NOW,
        "ko-KR",
    )


def test_the_newest_contacts_choice_wins_and_names_its_contact() -> None:
    store = PreferencesStore()
    store.put(CUSTOMER, Preferences(locale="ko-KR"), NOW)
    later = NOW + timedelta(hours=1)

    assert store.record_choices(CUSTOMER, "email", "kim@example.com", "agent:c-2", later)
    assert not store.record_choices(CUSTOMER, "sms", None, "agent:c-1", NOW)  # an older copy, late
    assert not store.record_choices(CUSTOMER, "none", None, "agent:c-2", later)  # the same contact again
    item = PreferencesModel.get(CUSTOMER)
    assert (item.preferred_channel, item.email, item.choice_source, item.choice_at, item.locale) == (
        "email",
        "kim@example.com",
        "agent:c-2",
        later,
        "ko-KR",
    )
    assert store.record_choices(CUSTOMER, "none", None, "agent:c-3", later + timedelta(days=1))
    assert store.get(CUSTOMER).preferred_channel == "none"
    assert store.get(CUSTOMER).email == "kim@example.com"  # a choice without an address keeps the one stored


def test_an_item_stored_with_the_former_recent_sends_list_still_reads(module_aws: MotoAws) -> None:
    # Given an item written when the frequency cap kept a list of sends on the preferences
    module_aws.client("dynamodb").put_item(
        TableName=module_aws.tables.preferences,
        Item={
            "customer_key": {"S": CUSTOMER},
            "locale": {"S": "ko-KR"},
            "recent_sends": {"L": [{"S": (NOW - timedelta(hours=1)).isoformat()}]},
        },
    )
    # When it is read  Then the list is ignored (the cap now counts SMS claims) and the rest is kept
    assert PreferencesStore().get(CUSTOMER) == Preferences(locale="ko-KR")


# --- templates ----------------------------------------------------------------------------------


def test_no_override_means_none() -> None:
    assert TemplateStore().get("confirm#en-US") is None


def test_an_override_round_trips_as_an_override() -> None:
    template = Template("confirm#en-US", "${company_name}: thanks, ${desired_outcome}", 1)
    TemplateStore().put(template, updated_by="admin", at=NOW)
    assert TemplateStore().get("confirm#en-US") == Template(
        template.template_id, template.body, 1, "override"
    )


def test_a_disabled_override_is_ignored() -> None:
    TemplateStore().put(Template("confirm#en-US", "${company_name}", 1), "admin", NOW, enabled=False)
    assert TemplateStore().get("confirm#en-US") is None


def test_an_override_without_a_budget_takes_the_default_budget() -> None:
    TemplateModel("detail#ko-KR", body="[${company_name}] ${detail_url}").save()
    stored = TemplateStore().get("detail#ko-KR")
    assert stored is not None
    assert stored.part_budget == 3


def test_a_sound_override_is_used(rejected: None) -> None:
    TemplateStore().put(
        Template("confirm#en-US", "${company_name}: thanks! We agreed: ${desired_outcome}", 1), "a"
    )
    sms = compose_for(MEMO, Strategy.CONFIRM, "en-US", CTX, "followup", TemplateStore(), ())
    assert (sms.template_source, sms.text) == (
        "override",
        "Acme Bank: thanks! We agreed: refund of $35.00 by Mar 6",
    )
    assert rejections() == []


@pytest.mark.parametrize(
    "body",
    [
        "${company_name}: hello ${customer_name}",  # unknown placeholder
        "${company_name}: hello {{ name }}",  # unfilled placeholder of another engine
        "${company_name}: " + "thank you so much for calling. " * 6,  # over the one-part budget
        "${company_name}: a free gift for you",  # banned phrase
    ],
)
def test_a_broken_override_is_refused_and_the_default_used(rejected: None, body: str) -> None:
    TemplateStore().put(Template("confirm#en-US", body, 1), "admin")
    sms = compose_for(MEMO, Strategy.CONFIRM, "en-US", CTX, "followup", TemplateStore(), ("free gift",))
    assert (sms.template_source, sms.template_id) == ("default", "confirm#en-US")
    assert rejections() == [1.0]


def test_an_override_that_cannot_fit_this_memo_falls_back_to_the_default(rejected: None) -> None:
    # Given an override whose only value may not be shortened (the place) and a very long place
    body = "${company_name} reminder: ${appointment_time} at ${appointment_place}."
    TemplateStore().put(Template("reminder#en-US", body, 1), "admin")
    place = "Main Street branch, 2nd floor, desk 4, " * 3
    memo = Memo(appointment=Appointment("2026-03-05T14:30:00+09:00", place))
    sms = compose_for(memo, Strategy.APPOINTMENT, "en-US", CTX, "reminder", TemplateStore(), ())
    assert (sms.template_source, sms.parts <= sms.budget) == ("default", True)
    assert rejections() == [1.0]


def test_a_memo_keeps_what_ingest_derived_from_the_number() -> None:
    """The later steps read the number's region, line type and time zone back instead of parsing it."""
    from aftercall.adapters.memo_store import MemoStore
    from tests.samples import sample_contact_memo

    now = datetime(2026, 11, 25, tzinfo=UTC)
    record = sample_contact_memo("c-zone", "+12125550123")
    assert MemoStore().save_if_newer(record, timedelta(days=30), now)
    stored = MemoStore().get("c-zone")

    assert stored is not None
    assert stored.phone == record.phone
    assert stored.phone is not None
    assert stored.phone.time_zone == "America/New_York"
