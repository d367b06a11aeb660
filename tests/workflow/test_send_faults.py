"""Lost answers below the SDK on the embedded AWS: the whole follow-up, one text, one email.

The adapters send through real botocore clients configured as in AWS (``aftercall.clients.real``);
under them ``tests.sdk_faults.LostAnswers`` hands each request to the carrier simulator or the SES
event simulator (the provider got it and reports on it) and then drops the connection instead of
answering. botocore's retry handler sees a dropped connection, as in AWS: with its default retries
the customer would get the text (or the email) three times.
"""

from __future__ import annotations

from typing import Any

import pytest

from aftercall import clients
from aftercall.domain.followup import attempt_item
from aftercall.local.embedded import EmbeddedAws
from tests.sdk_faults import LostAnswers
from tests.workflow.conftest import MEMO, contact_record, finish, new_customer

pytestmark = pytest.mark.workflow


def _through_the_sdk(
    monkeypatch: pytest.MonkeyPatch, stand_in: Any, method: str, sdk: Any, mine: Any
) -> None:
    """``stand_in.method`` sends the requests ``mine(params)`` selects through the real client."""
    direct = getattr(stand_in, method)

    def send(**params: Any) -> Any:
        return getattr(sdk, method)(**params) if mine(params) else direct(**params)

    monkeypatch.setattr(stand_in, method, send, raising=False)


def test_a_text_whose_answer_is_lost_goes_out_once_and_its_receipt_ends_the_follow_up(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a connection that drops after each SendTextMessage to this customer was written
    contact_id, phone = new_customer()
    aws.carrier.script(phone, ["TEXT_DELIVERED"])
    sdk = clients.real("pinpoint-sms-voice-v2")
    carrier = aws.carrier.send_text_message
    wire = LostAnswers(sdk, "SendTextMessage", delivered=lambda params: carrier(**params))
    mine = lambda params: params["DestinationPhoneNumber"] == phone  # noqa: E731
    _through_the_sdk(monkeypatch, aws.carrier, "send_text_message", sdk, mine)
    try:
        # When the call ends
        aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
        run = finish(aws, contact_id, phone)
    finally:
        wire.remove()
    # Then one request, one text; the claim stayed and the carrier's receipt delivered the follow-up
    assert len(wire.requests) == 1
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert [(a.item, a.state) for a in run.attempts()] == [(attempt_item("sms", 1), "claimed")]


def test_an_email_whose_answer_is_lost_goes_out_once_and_its_event_ends_the_follow_up(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a text the carrier blocks, and a connection that drops after each SendEmail is written
    contact_id, phone = new_customer()
    address = f"customer-{contact_id[:8]}@example.com"
    aws.carrier.script(phone, ["TEXT_BLOCKED"])
    aws.email.script(address, ["Delivery"])
    sdk = clients.real("sesv2")

    def ses_got_it(params: dict[str, Any]) -> None:
        tags = {tag["Name"]: tag["Value"] for tag in params["EmailTags"]}
        aws.email.on_sent(f"ses-{contact_id}", params["Destination"]["ToAddresses"][0], tags)

    wire = LostAnswers(sdk, "SendEmail", "connection-closed", delivered=ses_got_it)
    mine = lambda params: params["Destination"]["ToAddresses"] == [address]  # noqa: E731
    _through_the_sdk(monkeypatch, clients.client("sesv2"), "send_email", sdk, mine)
    try:
        # When the call ends
        record = contact_record(contact_id, phone, {**MEMO, "aftercall_email": address})
        aws.dispatch_contact_records([record])
        run = finish(aws, contact_id, phone, address)
    finally:
        wire.remove()
    # Then SES got one request, the customer one email, and its Delivery event ended the follow-up
    assert len(wire.requests) == 1
    assert run.emails_sent() == 1
    assert run.followup.outcome == "delivered_email"
    email = next(a for a in run.attempts() if a.channel == "email")
    assert (email.item, email.state, email.final_status) == (attempt_item("email", 1), "claimed", "Delivery")
