"""The demo's customers: their stored preferences before the calls, and their answers to our texts
(two-way SMS), each published to the inbound topic as End User Messaging SMS does, naming the last
text the customer got."""

from __future__ import annotations

from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.composition.ingest import customer_keyer
from aftercall.domain.preferences import Preferences
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.scenario import Scenario


def send_replies(aws: EmbeddedAws, scenario: Scenario) -> list[tuple[str, str, str]]:
    """Each reply, to the last text its contact's number got: (contact, reply, what it did), what it did
    read back from its effects (a task, the appointment confirmed, an opt-out)."""
    out = []
    numbers = {seed.contact_id: seed.customer_number for seed in scenario.contacts}
    for i, reply in enumerate(scenario.replies):
        number = numbers.get(reply.contact_id) or ""
        texts = [t for t in aws.carrier.sent if t.destination == number]
        tasks = len(aws.connect.tasks)
        aws.reply(number, reply.body, f"{scenario.name}-reply-{i}", texts[-1].message_id if texts else None)
        followup = aws.followup(reply.contact_id)
        if len(aws.connect.tasks) > tasks:
            effect = "task for an agent"
        elif followup is not None and followup.appointment_confirmed_at:
            effect = "appointment confirmed"
        elif PreferencesStore().get(customer_keyer().key_for(number)).opted_out:
            effect = "opted out"
        else:
            effect = "nothing"
        out.append((reply.contact_id, reply.body, effect))
    return out


def seed_preferences(scenario: Scenario) -> None:
    """The scenario's stored preferences, keyed as the ingest handlers key them."""
    keyer = customer_keyer()  # the ingest handlers' own: the secret is read once
    preferences = PreferencesStore()
    for pref in scenario.preferences:
        stored = Preferences(
            opted_out=pref.opted_out,
            preferred_channel=pref.preferred_channel,
            locale=pref.locale,
            email=pref.email,
            whatsapp_opt_in=pref.whatsapp_opt_in,
        )
        preferences.put(keyer.key_for(pref.phone), stored)
