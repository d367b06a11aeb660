"""DynamoDB writes per follow-up (issue 7): six on the happy path, none per text on the preferences.

Six for the follow-up itself; the sender also writes one pacing reservation per text (the window
its instances share, ``adapters/pacing_store.py``), counted apart.

The application's writes go through PynamoDB (counted here by table), the state machine's own
``SmsDelivered`` UpdateItem through Step Functions' DynamoDB integration (counted by the embedded
AWS with every other API call).
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

import pytest
from pynamodb.connection.base import Connection

from aftercall.local.embedded import EmbeddedAws
from tests.helpers import korean_mobile
from tests.workflow.conftest import MEMO, contact_record, finish, follow_up

pytestmark = pytest.mark.workflow

_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """``table:operation`` of every DynamoDB write the handlers make through PynamoDB, from now on."""
    made: Counter[str] = Counter()
    real = Connection._make_api_call

    def counting(self: Connection, operation_name: str, operation_kwargs: dict[str, Any]) -> Any:
        if operation_name in _WRITES:
            made[f"{operation_kwargs.get('TableName', '?')}:{operation_name}"] += 1
        return real(self, operation_name, operation_kwargs)

    monkeypatch.setattr(Connection, "_make_api_call", counting)
    return made


def test_the_happy_path_writes_the_follow_up_six_times(aws: EmbeddedAws, writes: Counter[str]) -> None:
    # Given a handset that reports acceptance, then delivery
    before = aws.counts.dynamodb_writes()
    # When the call ends
    run = follow_up(aws, sms=["TEXT_DELIVERED"])
    # Then the follow-up is written six times: the memo, the plan, the claim (also the record of the
    # send), the acceptance receipt, the delivery receipt appended and resolved in one write, and the
    # workflow's outcome; besides, the sender reserves its text's parts in the shared pacing window
    assert run.followup.outcome == "delivered_sms"
    assert writes == Counter(
        {
            "aftercall-memos:PutItem": 1,
            "aftercall-followups:PutItem": 1,
            "aftercall-followups:UpdateItem": 3,
            "aftercall-pacing:PutItem": 1,
        }
    )
    assert aws.counts.dynamodb_writes() - before == 6 + 1  # + SmsDelivered's UpdateItem, + pacing
    # And the attempt knows its send and, from the receipts, the provider's message id
    attempt = run.attempts()[0]
    assert (attempt.state, attempt.resolved, attempt.final_status) == ("claimed", True, "TEXT_DELIVERED")
    assert attempt.message_id == aws.carrier.sent[-1].message_id


def test_the_frequency_cap_counts_texted_follow_ups_without_a_write_per_text(
    aws: EmbeddedAws, writes: Counter[str]
) -> None:
    # Given a customer (FREQUENCY_CAP 3 in 24 hours) whose first follow-up took two texts (a transient
    # failure, then a retry) and whose second took one: three texts, two follow-ups
    phone = korean_mobile()
    aws.carrier.script(
        phone, ["TEXT_CARRIER_UNREACHABLE", "TEXT_DELIVERED", "TEXT_DELIVERED", "TEXT_DELIVERED"]
    )

    def call() -> str:
        contact_id = str(uuid.uuid4())
        aws.dispatch_contact_records([contact_record(contact_id, phone, MEMO)])
        return finish(aws, contact_id, phone).followup.outcome or ""

    assert [call(), call()] == ["delivered_sms", "delivered_sms"]
    # When two more calls end
    third, fourth = call(), call()
    # Then the third still gets its text (the cap counts follow-ups, not retries) and the fourth is
    # skipped; nothing was ever written to the preferences for any of the texts
    assert (third, fourth) == ("delivered_sms", "skipped:frequency_cap")
    assert sum(1 for t in aws.carrier.sent if t.destination == phone) == 4
    assert not [w for w in writes if w.startswith("aftercall-preferences:")]
