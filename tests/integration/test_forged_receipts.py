"""Forged and stray receipts are ignored; an attempt's history is bounded (issue 13, point 4).

The sender and the email step run as deployed; a recording stand-in plays the provider (it keeps the
request and answers with a message id), so the genuine receipt is built from what the request
carried: its Context or mail tags, with the claim's receipt key. A forgery is any publish to the
receipt topics that does not carry what a genuine receipt carries: an attempt never sent, no key or
a guessed one, another message than the one already recorded, another channel.
"""

from __future__ import annotations

from typing import Any

import pytest

from aftercall import clients
from aftercall.adapters.followup_store import FollowupStore
from aftercall.domain.followup import MAX_HISTORY
from tests.integration.aws import MotoAws
from tests.integration.sends import (
    ADDRESS,
    EMAIL_1,
    SENDER_ENVIRONMENT,
    SMS_1,
    TokenCalls,
    attempt,
    deliver_to_sender,
    email_tags,
    follow_up,
    invoke_email_step,
    publish,
    ses_receipt,
    sms_receipt,
)

pytestmark = pytest.mark.integration


class Provider:
    """Answers SendTextMessage / SendEmail with a message id and keeps each request's parameters."""

    def __init__(self, real: Any, operation: str) -> None:
        self.meta = real.meta  # the adapters check requests against the real API model
        self.requests: list[dict[str, Any]] = []
        setattr(self, operation, self._answer)

    def _answer(self, **params: Any) -> dict[str, str]:
        self.requests.append(params)
        return {"MessageId": f"message-{len(self.requests)}"}


@pytest.fixture
def tokens(module_aws: MotoAws) -> TokenCalls:
    module_aws.setenv(**SENDER_ENVIRONMENT)  # also a fresh container: new clients, new use cases
    recorder = TokenCalls()
    clients.override("stepfunctions", recorder)
    return recorder


@pytest.fixture
def carrier(tokens: TokenCalls) -> Provider:
    provider = Provider(clients.real("pinpoint-sms-voice-v2"), "send_text_message")
    clients.override("pinpoint-sms-voice-v2", provider)
    return provider


@pytest.fixture
def ses(tokens: TokenCalls) -> Provider:
    provider = Provider(clients.real("sesv2"), "send_email")
    clients.override("sesv2", provider)
    return provider


def _sent_text(carrier: Provider) -> tuple[str, dict[str, str]]:
    """A follow-up whose text went out and waits for its receipt: (follow-up id, the text's Context)."""
    followup_id = follow_up()
    deliver_to_sender(followup_id, "token-1")
    return followup_id, carrier.requests[-1]["Context"]


def test_the_claim_sends_an_unguessable_receipt_key_with_the_text(carrier: Provider) -> None:
    followup_id, context = _sent_text(carrier)
    assert set(context) == {"followup_id", "attempt", "receipt_key"}
    assert len(context["receipt_key"]) >= 22  # 128 random bits
    assert attempt(followup_id, SMS_1).receipt_key == context["receipt_key"]


def test_a_receipt_for_an_attempt_never_sent_is_ignored(tokens: TokenCalls) -> None:
    # Given a follow-up whose text is not sent yet (its sender has not run)
    followup_id = follow_up()
    # When someone allowed to publish to the receipt topic reports it delivered
    result = publish(sms_receipt({"followup_id": followup_id, "attempt": SMS_1}))
    # Then nothing is recorded (no attempt item is created) and nothing is resolved
    assert result == {"ignored": 1}
    assert tokens.calls == []
    assert FollowupStore().get_attempt(followup_id, SMS_1) is None


@pytest.mark.parametrize(
    "forgery", ["no key", "guessed key", "another message", "another channel", "a later attempt"]
)
def test_a_forged_receipt_for_a_text_on_its_way_is_ignored_and_the_genuine_one_decides(
    carrier: Provider, tokens: TokenCalls, forgery: str
) -> None:
    # Given a text on its way, whose carrier acceptance recorded its message id
    followup_id, context = _sent_text(carrier)
    assert publish(sms_receipt(context, "TEXT_SUCCESSFUL", final=False)) == {"recorded": 1}
    # When a forged final receipt arrives first
    forged: dict[str, Any] = {
        "no key": sms_receipt({"followup_id": followup_id, "attempt": SMS_1}, "TEXT_BLOCKED"),
        "guessed key": sms_receipt({**context, "receipt_key": "A" * 22}, "TEXT_BLOCKED"),
        "another message": sms_receipt(context, "TEXT_BLOCKED", message_id="forged-message"),
        "another channel": ses_receipt(
            {"followup_id": followup_id, "attempt": "attempt-sms-1", "receipt_key": context["receipt_key"]},
            "Bounce",
        )
        | {"bounce": {"bounceType": "Permanent"}},
        "a later attempt": sms_receipt({**context, "attempt": "attempt#sms#2"}, "TEXT_BLOCKED"),
    }[forgery]
    assert publish(forged) == {"ignored": 1}
    # Then it changed nothing, and the genuine delivery receipt resolves the wait
    assert [u.status for u in attempt(followup_id, SMS_1).history] == ["TEXT_SUCCESSFUL"]
    assert tokens.calls == []
    assert publish(sms_receipt(context)) == {"resolved": 1}
    assert tokens.calls == [("success", "token-1", "TEXT_DELIVERED")]


def test_a_forged_receipt_for_an_email_is_ignored_and_its_ses_event_decides(
    ses: Provider, tokens: TokenCalls
) -> None:
    # Given an email sent by the email step
    followup_id = follow_up(email=ADDRESS)
    invoke_email_step(followup_id, "token-e1")
    tags = email_tags(ses.requests[-1])
    assert tags["receipt_key"] == attempt(followup_id, EMAIL_1).receipt_key
    # When a bounce without the key is published, then SES's own delivery event
    forged = ses_receipt({"followup_id": followup_id, "attempt": "attempt-email-1"}, "Bounce")
    forged["bounce"] = {"bounceType": "Permanent"}
    assert publish(forged) == {"ignored": 1}
    # Then only the genuine event counts (its message id is the one SES answered with)
    genuine = ses_receipt(tags)
    genuine["mail"]["messageId"] = "message-1"
    assert publish(genuine) == {"resolved": 1}
    assert tokens.calls == [("success", "token-e1", "Delivery")]


def test_an_attempt_keeps_at_most_max_history_receipts_and_a_later_final_one_still_resolves(
    carrier: Provider, tokens: TokenCalls, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a text on its way, and 400 distinct receipts for it, each with its key (a publisher
    # that learned the key, or a provider far chattier than any documented)
    followup_id, context = _sent_text(carrier)
    results = [
        publish(sms_receipt(context, "TEXT_PENDING", final=False, at_millis=1_790_000_000_000 + n))
        for n in range(400)
    ]
    # Then the history stops growing at MAX_HISTORY: the rest are counted and dropped, no error
    assert all(r == {"recorded": 1} for r in results)
    assert len(attempt(followup_id, SMS_1).history) == MAX_HISTORY
    assert capsys.readouterr().out.count('"ReceiptHistoryFull":[1.0]') == 400 - MAX_HISTORY
    # And the genuine final receipt still resolves the wait
    assert publish(sms_receipt(context)) == {"resolved": 1}
    assert tokens.calls == [("success", "token-1", "TEXT_DELIVERED")]
    final = attempt(followup_id, SMS_1)
    assert (len(final.history), final.final_status, final.resolved) == (MAX_HISTORY, "TEXT_DELIVERED", True)
