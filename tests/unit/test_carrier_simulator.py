"""The local carrier and SES event simulators: scripted outcomes, real formats, real errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError, ParamValidationError

from aftercall.adapters.email import SesEmail
from aftercall.adapters.sms import EumSms
from aftercall.domain.outbound import EmailRequest, SmsRequest
from aftercall.domain.receipts import ReceiptClass
from aftercall.errors import OptedOutError, ThrottledError
from aftercall.events.ses import SesEvent
from aftercall.events.sms import EumSmsEvent
from aftercall.handlers.receipts import receipt_from_message
from aftercall.local.carrier import CarrierSimulator
from aftercall.local.email_events import EmailEventSimulator
from tests.helpers import load_event

TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:sms-events"
NUMBER = "+821023456789"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class RecordingSns:
    """An in-memory sns client: keeps what was published."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    def publish(self, TopicArn: str, Message: str) -> dict[str, str]:  # noqa: N803 - boto3 names
        self.messages.append({"topic": TopicArn, "message": json.loads(Message)})
        return {"MessageId": str(len(self.messages))}

    def event_types(self) -> list[str]:
        return [m["message"]["eventType"] for m in self.messages]


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _carrier(sns: RecordingSns, **options: Any) -> CarrierSimulator:
    return CarrierSimulator(sns, TOPIC, now=lambda: NOW, **options)


def _send(carrier: CarrierSimulator, text: str = "hello", attempt: int = 1) -> str:
    sms = EumSms(carrier, configuration_set="aftercall", origination_identity="pool-1", ttl_seconds=3600)
    return sms.send(SmsRequest(NUMBER, text, followup_id="f-1", attempt=f"attempt#sms#{attempt}"))


def test_a_delivered_text_reports_acceptance_then_delivery() -> None:
    # Given a carrier with the default script
    sns = RecordingSns()
    # When a text is sent
    message_id = _send(_carrier(sns))
    # Then the configuration set reports carrier acceptance (not final), then delivery (final)
    assert sns.event_types() == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert [m["message"]["isFinal"] for m in sns.messages] == [False, True]
    assert {m["message"]["messageId"] for m in sns.messages} == {message_id}


def test_events_echo_the_context_of_the_send() -> None:
    sns = RecordingSns()
    _send(_carrier(sns))
    assert sns.messages[-1]["message"]["context"] == {"followup_id": "f-1", "attempt": "attempt#sms#1"}


def test_events_have_the_fields_of_the_documented_sample() -> None:
    # Given the documented event's keys
    documented = set(load_event("eum_sms_event_text_successful.json"))
    sns = RecordingSns()
    _send(_carrier(sns))
    # Then each simulated event has the same keys (mcc/mnc are carrier-specific and left out)
    assert documented - {"mcc", "mnc"} <= set(sns.messages[0]["message"])


def test_simulated_events_parse_into_correlated_receipts() -> None:
    sns = RecordingSns()
    _send(_carrier(sns))
    receipt = receipt_from_message(json.dumps(sns.messages[-1]["message"]))
    assert (receipt.attempt, receipt.classification) == ("attempt#sms#1", ReceiptClass.DELIVERED)


def test_a_destination_script_is_played_one_outcome_per_send() -> None:
    # Given a script: unreachable, then delivered
    sns = RecordingSns()
    carrier = _carrier(sns)
    carrier.script(NUMBER, ["TEXT_CARRIER_UNREACHABLE", "TEXT_DELIVERED"])
    # When three texts are sent
    for attempt in (1, 2, 3):
        _send(carrier, attempt=attempt)
    # Then the failure comes alone, and the default takes over after the script
    assert sns.event_types() == [
        "TEXT_CARRIER_UNREACHABLE",
        "TEXT_SUCCESSFUL",
        "TEXT_DELIVERED",
        "TEXT_SUCCESSFUL",
        "TEXT_DELIVERED",
    ]


def test_no_receipt_means_silence() -> None:
    sns = RecordingSns()
    carrier = _carrier(sns, default_outcome="NONE")
    _send(carrier)
    assert sns.messages == []
    assert len(carrier.sent) == 1


def test_accepted_only_stops_at_carrier_acceptance() -> None:
    sns = RecordingSns()
    _send(_carrier(sns, default_outcome="ACCEPTED_ONLY"))
    assert [(m["message"]["eventType"], m["message"]["isFinal"]) for m in sns.messages] == [
        ("TEXT_SUCCESSFUL", False)
    ]


def test_an_opted_out_destination_raises_the_real_conflict() -> None:
    # Given an opted-out destination
    carrier = _carrier(RecordingSns())
    carrier.script(NUMBER, ["OPTED_OUT"])
    # When the adapter sends to it
    with pytest.raises(OptedOutError) as caught:
        _send(carrier)
    # Then the cause is the modeled ConflictException with the documented reason
    cause = caught.value.__cause__
    assert isinstance(cause, ClientError)
    assert cause.response["Reason"] == "DESTINATION_PHONE_NUMBER_OPTED_OUT"
    assert carrier.sent == []


def test_parts_beyond_the_rate_are_throttled_until_the_window_passes() -> None:
    # Given one part per second and a clock that does not move
    clock = FakeClock()
    carrier = _carrier(RecordingSns(), parts_per_second=1, clock=clock)
    _send(carrier)
    # When a second text follows in the same second, it is throttled
    with pytest.raises(ThrottledError):
        _send(carrier, attempt=2)
    # Then a second later it goes out
    clock.now = 1.0
    _send(carrier, attempt=2)
    assert len(carrier.sent) == 2


def test_every_accepted_text_is_recorded_with_parts_and_encoding() -> None:
    carrier = _carrier(RecordingSns())
    _send(carrier, text="안녕하세요" * 20)  # 100 Korean characters: UCS-2, two parts
    sent = carrier.sent[0]
    assert (sent.destination, sent.encoding, sent.parts) == (NUMBER, "UCS2", 2)


def test_events_can_wait_for_flush() -> None:
    # Given a carrier that holds its events
    sns = RecordingSns()
    carrier = _carrier(sns, publish_immediately=False)
    _send(carrier)
    assert sns.messages == []
    # When it is flushed, they go out in order
    assert carrier.flush() == 2
    assert sns.event_types() == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]


def test_a_request_missing_a_required_parameter_fails_like_botocore() -> None:
    carrier = _carrier(RecordingSns())
    with pytest.raises(ParamValidationError):
        carrier.send_text_message(MessageBody="hi")


def test_a_request_breaking_a_model_pattern_is_a_validation_exception() -> None:
    carrier = _carrier(RecordingSns())
    with pytest.raises(ClientError) as caught:
        carrier.send_text_message(
            DestinationPhoneNumber="abc", OriginationIdentity="pool-1", MessageBody="hi"
        )
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_an_unknown_scripted_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="TEXT_LOST"):
        _carrier(RecordingSns()).script(NUMBER, ["TEXT_LOST"])


# --- SES ---------------------------------------------------------------------------------------


class FakeSes:
    def send_email(self, **_params: Any) -> dict[str, str]:
        return {"MessageId": "ses-1"}


def _mail(simulator: EmailEventSimulator) -> None:
    email = SesEmail(simulator.wrap(FakeSes()), from_address="support@example.com", configuration_set="cs")
    email.send(EmailRequest("customer@example.com", "s", "t", "<p>t</p>", "f-1", "attempt#email#1"))


def test_a_sent_email_reports_send_then_the_scripted_outcome_with_our_tags() -> None:
    # Given an email simulator scripted to bounce for this address
    sns = RecordingSns()
    simulator = EmailEventSimulator(sns, TOPIC, now=lambda: NOW)
    simulator.script("customer@example.com", ["Bounce.Permanent"])
    # When the email adapter sends through the wrapped client
    _mail(simulator)
    # Then Send, then a permanent bounce, both carrying our tags
    assert sns.event_types() == ["Send", "Bounce"]
    receipt = receipt_from_message(json.dumps(sns.messages[-1]["message"]))
    assert (receipt.followup_id, receipt.attempt) == ("f-1", "attempt#email#1")
    assert receipt.classification is ReceiptClass.PERMANENT


def test_simulated_ses_events_parse_like_the_documented_ones() -> None:
    sns = RecordingSns()
    _mail(EmailEventSimulator(sns, TOPIC, now=lambda: NOW))
    delivery = SesEvent.model_validate(sns.messages[-1]["message"])
    documented = SesEvent.model_validate(load_event("ses_v2_event_delivery.sns_message.json"))
    assert delivery.status() == documented.status() == "Delivery"


def test_the_simulated_sms_event_validates_against_the_event_model() -> None:
    sns = RecordingSns()
    _send(_carrier(sns, default_outcome="TEXT_TTL_EXPIRED"))
    event = EumSmsEvent.model_validate(sns.messages[0]["message"])
    assert (event.event_type, event.is_final) == ("TEXT_TTL_EXPIRED", True)
