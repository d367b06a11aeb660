"""WhatsApp through the whole workflow on the embedded AWS: one message per follow-up, whatever happens.

The customer chose WhatsApp with the agent (``aftercall_preferred_channel``); the stand-in answers
SendWhatsAppMessage and publishes Meta's statuses to the event destination's topic, which the events
handler reads as receipts.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest

from aftercall import clients
from aftercall.adapters.api_model import modeled_error
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.whatsapp_templates import EumWhatsAppTemplates
from aftercall.composition.ingest import customer_keyer
from aftercall.domain.followup import attempt_item
from aftercall.domain.whatsapp_templates import APPROVED, TEMPLATES
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.events import sns_event
from aftercall.local.whatsapp_events import WABA_ID, envelope, status_value
from tests.sdk_faults import LostAnswers
from tests.workflow.conftest import MEMO, Run, contact_record, finish, new_customer

pytestmark = pytest.mark.workflow
PREFERS_WHATSAPP = {**MEMO, "aftercall_preferred_channel": "whatsapp"}


@pytest.fixture(autouse=True)
def approved_templates(aws: EmbeddedAws) -> None:
    templates = EumWhatsAppTemplates(aws.whatsapp, WABA_ID)
    if not templates.statuses():
        for template in TEMPLATES:
            templates.create(template)
    aws.whatsapp.review(APPROVED)


def _messages(aws: EmbeddedAws, phone: str) -> list[dict[str, Any]]:
    return [s["message"] for s in aws.whatsapp.sent if s["message"]["to"] == phone]


def _run(aws: EmbeddedAws, outcomes: list[str], sms: list[str] | None = None) -> Run:
    contact_id, phone = new_customer()
    aws.whatsapp.script(phone, outcomes)
    aws.carrier.script(phone, sms or ["TEXT_DELIVERED"])
    aws.dispatch_contact_records([contact_record(contact_id, phone, PREFERS_WHATSAPP)])
    return finish(aws, contact_id, phone)


def test_a_template_goes_out_once_and_its_read_status_is_recorded(aws: EmbeddedAws) -> None:
    run = _run(aws, ["read"])
    (message,) = _messages(aws, run.phone)
    assert message["type"] == "template"
    assert message["template"]["name"] == "aftercall_confirm"
    assert run.followup.outcome == "delivered_whatsapp"
    assert run.texts_sent() == []
    (attempt,) = run.attempts()
    assert attempt.item == attempt_item("whatsapp", 1)
    assert [u.status for u in attempt.history] == ["sent", "delivered", "read"]
    assert str(attempt.message_id).startswith("wamid.")  # Meta's id, recorded from its first status


def test_meta_cannot_deliver_so_the_text_goes_and_nothing_is_sent_twice(aws: EmbeddedAws) -> None:
    run = _run(aws, ["failed:131026"])
    assert len(_messages(aws, run.phone)) == 1
    assert len(run.texts_sent()) == 1
    assert run.followup.outcome == "delivered_sms"
    assert run.followup.path == ("whatsapp", "sms")


def test_a_transient_failure_is_retried_as_a_new_attempt_then_delivered(aws: EmbeddedAws) -> None:
    run = _run(aws, ["failed:131016", "delivered"])
    assert len(_messages(aws, run.phone)) == 2
    assert [a.item for a in run.attempts()] == [attempt_item("whatsapp", 1), attempt_item("whatsapp", 2)]
    assert run.followup.outcome == "delivered_whatsapp"


def test_a_message_whose_answer_is_lost_goes_out_once_and_its_status_ends_the_follow_up(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    contact_id, phone = new_customer()
    aws.whatsapp.script(phone, ["delivered"])
    sdk = clients.real("socialmessaging")
    stand_in = aws.whatsapp
    direct = stand_in.send_whatsapp_message

    def meta_got_it(params: dict[str, Any]) -> None:
        direct(**(params | {"message": base64.b64decode(params["message"])}))

    wire = LostAnswers(sdk, "SendWhatsAppMessage", "connection-closed", delivered=meta_got_it)

    def send(**params: Any) -> Any:
        mine = json.loads(params["message"])["to"] == phone
        return sdk.send_whatsapp_message(**params) if mine else direct(**params)

    monkeypatch.setattr(stand_in, "send_whatsapp_message", send)
    try:
        aws.dispatch_contact_records([contact_record(contact_id, phone, PREFERS_WHATSAPP)])
        run = finish(aws, contact_id, phone)
    finally:
        wire.remove()
    assert len(wire.requests) == 1  # no SDK retry: a second request would be a second message
    assert len(_messages(aws, phone)) == 1
    assert run.followup.outcome == "delivered_whatsapp"
    (attempt,) = run.attempts()
    assert (attempt.state, attempt.final_status) == ("claimed", "delivered")  # the status resolved it


def test_a_redelivered_invocation_of_the_step_sends_nothing(aws: EmbeddedAws) -> None:
    run = _run(aws, ["delivered"])
    # Lambda runs the same step invocation again (its own retry, or a redrive of the same try)
    aws.invoke(
        "send-whatsapp", {"taskToken": "token-of-a-copy", "followupId": run.contact_id, "retryCount": 0}
    )
    assert len(_messages(aws, run.phone)) == 1


def test_in_the_window_the_text_goes_free_form(aws: EmbeddedAws) -> None:
    contact_id, phone = new_customer()
    aws.whatsapp_message(phone, "상담 끝나면 여기로 정리해서 보내 주세요", f"wamid.in-{contact_id}")
    aws.dispatch_contact_records([contact_record(contact_id, phone, PREFERS_WHATSAPP)])
    run = finish(aws, contact_id, phone)
    (message,) = _messages(aws, phone)
    assert message["type"] == "text"
    assert MEMO["aftercall_desired_outcome"] in message["text"]["body"]
    assert run.followup.outcome == "delivered_whatsapp"


def test_stop_on_whatsapp_opts_the_customer_out_of_every_channel(aws: EmbeddedAws) -> None:
    first = _run(aws, ["read"])
    aws.whatsapp_message(first.phone, "STOP", f"wamid.stop-{first.contact_id}")
    prefs = PreferencesStore().get(customer_keyer().key_for(first.phone))
    assert prefs.opted_out
    assert prefs.whatsapp_opt_in is False
    contact_id = new_customer()[0]
    aws.dispatch_contact_records([contact_record(contact_id, first.phone, PREFERS_WHATSAPP)])
    later = finish(aws, contact_id, first.phone)
    assert later.followup.outcome == "skipped:opted_out"
    assert len(_messages(aws, first.phone)) == 1


def test_a_forged_status_without_the_claims_key_resolves_nothing(aws: EmbeddedAws) -> None:
    run = _run(aws, ["sent"])  # sent, then nothing: the window decides
    (message,) = _messages(aws, run.phone)
    assert run.followup.outcome == "sent_unconfirmed"
    attempt = run.attempts()[0]
    forged = aws.invoke(
        "whatsapp-events",
        _sns_event(run, attempt.message_id or "", "attempt#whatsapp#1 forged-key " + run.contact_id),
    )
    assert forged == {"ignored": 1}
    assert message["biz_opaque_callback_data"].split(" ")[1] != "forged-key"


def _sns_event(run: Run, message_id: str, callback: str) -> dict[str, Any]:
    at = datetime.now(UTC)
    body = envelope(
        status_value(message_id, "delivered", at, run.phone, callback, None), at, "ap-northeast-2"
    )
    return sns_event(json.dumps(body), topic="aftercall-whatsapp-events")


def test_a_text_reply_asking_for_whatsapp_opts_in_and_the_next_call_goes_there(aws: EmbeddedAws) -> None:
    # Given a customer texted after a call (no WhatsApp: never asked)
    contact_id, phone = new_customer()
    aws.carrier.script(phone, ["TEXT_DELIVERED"])
    aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
    first = finish(aws, contact_id, phone)
    assert first.followup.outcome == "delivered_sms"
    # When they answer the text with "왓츠앱"
    aws.reply(phone, "왓츠앱", f"reply-{contact_id}", None)
    prefs = PreferencesStore().get(customer_keyer().key_for(phone))
    assert (prefs.whatsapp_opt_in, prefs.preferred_channel) == (True, "whatsapp")
    # Then their next call's follow-up goes on WhatsApp
    later_id = new_customer()[0]
    aws.whatsapp.script(phone, ["delivered"])
    aws.dispatch_contact_records([contact_record(later_id, phone, MEMO)])
    later = finish(aws, later_id, phone)
    assert later.followup.outcome == "delivered_whatsapp"
    assert len(_messages(aws, phone)) == 1


def test_a_redrive_after_meta_refused_our_account_sends_the_message_once(
    aws: EmbeddedAws, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given End User Messaging Social refuses the first send for our account's standing with Meta
    contact_id, phone = new_customer()
    aws.whatsapp.script(phone, ["delivered"])
    direct = aws.whatsapp.send_whatsapp_message
    refused: list[str] = []

    def send(**params: Any) -> Any:
        if json.loads(params["message"])["to"] == phone and not refused:
            refused.append(phone)
            raise modeled_error(aws.whatsapp.meta.service_model, "AccessDeniedByMetaException", "no", "Send")
        return direct(**params)

    monkeypatch.setattr(aws.whatsapp, "send_whatsapp_message", send)
    aws.dispatch_contact_records([contact_record(contact_id, phone, PREFERS_WHATSAPP)])
    failed = next(e for e in aws.wait_for_executions() if e["name"] == contact_id)
    # Then the execution fails (a setup error alarms) and the attempt is released: nothing went out
    assert failed["status"] == "FAILED"
    assert [(a.item, a.state) for a in aws.attempts(contact_id)] == [
        (attempt_item("whatsapp", 1), "released")
    ]
    # When the account is fixed and the execution redriven (moto has no RedriveExecution: started again)
    sfn = boto3.client("stepfunctions", region_name=aws.region)
    again = sfn.start_execution(
        stateMachineArn=aws.state_machine_arn,
        name=f"{contact_id[:60]}-redrive",
        input=json.dumps({"contactId": contact_id}),
    )["executionArn"]
    finished = next(e for e in aws.wait_for_executions() if e["executionArn"] == again)
    # Then the message goes out once, on the same attempt
    assert finished["status"] == "SUCCEEDED"
    assert len(_messages(aws, phone)) == 1
    assert [a.item for a in aws.attempts(contact_id)] == [attempt_item("whatsapp", 1)]
    assert aws.followup(contact_id).outcome == "delivered_whatsapp"  # type: ignore[union-attr]
