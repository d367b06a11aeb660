"""The follow-up store on moto DynamoDB: claims, receipts in any order, single resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.tables import AttemptModel
from aftercall.domain.followup import NewFollowup, SmsText, StatusUpdate, TextClaim, attempt_item
from tests.integration.aws import MotoAws

pytestmark = pytest.mark.integration

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
FOLLOWUP = "c-1"
SMS_1 = attempt_item("sms", 1)
EMAIL_1 = attempt_item("email", 1)
CUSTOMER = "c_0123456789abcdef"
TEXT = TextClaim(parts=2, encoding="UCS2", customer_key=CUSTOMER)


@pytest.fixture
def store(aws: MotoAws) -> FollowupStore:
    return FollowupStore()


def _receipt(status: str, event_id: str, final: bool = False, message_id: str | None = "m-1") -> StatusUpdate:
    return StatusUpdate(
        status=status, at=NOW, final=final, source="sms", event_id=event_id, message_id=message_id
    )


def _plan(skip_reason: str | None = None) -> NewFollowup:
    return NewFollowup(
        followup_id=FOLLOWUP,
        contact_id="c-1",
        kind="followup",
        customer_key="c_key",
        call_ended_at=NOW,
        send_at=NOW + timedelta(minutes=5),
        route=("sms", "email", "task", "none"),
        skip_reason=skip_reason,
        sms=SmsText(text="hello", parts=1, encoding="GSM7"),
    )


def test_a_plan_reads_back_with_its_route_and_text(store: FollowupStore) -> None:
    # Given a saved plan
    assert store.save_plan(_plan(), NOW)
    # When it is read back
    view = store.get(FOLLOWUP)
    # Then route, send time and composed text are there
    assert view is not None
    assert view.route == ("sms", "email", "task", "none")
    assert view.send_at == NOW + timedelta(minutes=5)
    assert view.sms == SmsText(text="hello", parts=1, encoding="GSM7")


def test_a_skipped_plan_records_its_outcome_in_the_same_write(store: FollowupStore) -> None:
    store.save_plan(_plan(skip_reason="no_consent"), NOW)
    view = store.get(FOLLOWUP)
    assert view is not None
    assert (view.outcome, view.status) == ("skipped:no_consent", "done")


def test_a_finished_follow_up_is_not_planned_again(store: FollowupStore) -> None:
    store.save_plan(_plan(), NOW)
    store.record_outcome(FOLLOWUP, "delivered_sms", ["sms"], NOW)
    assert store.save_plan(_plan(), NOW) is False


def test_the_first_claim_wins_and_a_second_claim_is_refused(store: FollowupStore) -> None:
    # Given a claimed attempt
    first = store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    # When the same attempt is claimed again (a redelivered message)
    second = store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    # Then only the first claim succeeded
    assert first is not None
    assert first.task_token == "token-1"
    assert second is None


def test_a_released_claim_can_be_claimed_again(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    store.release(FOLLOWUP, SMS_1)
    assert store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW) is not None


def test_a_sent_email_is_never_released(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, EMAIL_1, "followup", "token-1", NOW)
    store.mark_sent(FOLLOWUP, EMAIL_1, "m-1", NOW)
    store.release(FOLLOWUP, EMAIL_1)
    assert store.claim(FOLLOWUP, EMAIL_1, "followup", "token-1", NOW) is None


def test_a_text_a_receipt_named_is_never_released(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW, TEXT)
    store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1"))
    store.release(FOLLOWUP, SMS_1)
    assert store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW, TEXT) is None


def test_a_text_claim_is_the_record_of_the_send(store: FollowupStore) -> None:
    # When the sender claims a text (the only write before and after SendTextMessage)
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW, TEXT)
    # Then the item holds what the send needs to be known by: time, parts, encoding, customer key
    item = AttemptModel.get(FOLLOWUP, SMS_1)
    assert (item.state, item.sent_at, item.parts, item.encoding) == ("claimed", NOW, 2, "UCS2")
    assert (item.sms_customer_key, item.task_token, item.message_id) == (CUSTOMER, "token-1", None)


def test_the_message_id_comes_with_the_first_receipt(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW, TEXT)
    view = store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1", message_id="m-7"))
    assert view.message_id == "m-7"


def test_a_receipt_before_the_claim_is_kept_and_the_claim_still_succeeds(store: FollowupStore) -> None:
    # Given a final receipt that arrives before the attempt was claimed
    early = store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_DELIVERED", "e-1", final=True))
    # When the sender claims the attempt afterwards
    claimed = store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    # Then the claim succeeds and sees the early final status
    assert not early.claimed
    assert claimed is not None
    final = claimed.final_update
    assert final is not None
    assert final.status == "TEXT_DELIVERED"


def test_a_duplicate_receipt_is_appended_once(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1"))
    view = store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1"))
    assert [u.status for u in view.history] == ["TEXT_SUCCESSFUL"]


def test_receipts_keep_their_arrival_order(store: FollowupStore) -> None:
    store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_DELIVERED", "e-2", final=True))
    view = store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1"))
    assert [u.status for u in view.history] == ["TEXT_DELIVERED", "TEXT_SUCCESSFUL"]


def test_only_the_first_resolver_may_resolve_the_token(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    assert store.mark_resolved(FOLLOWUP, SMS_1, "TEXT_DELIVERED") is True
    assert store.mark_resolved(FOLLOWUP, SMS_1, "TEXT_DELIVERED") is False
    view = store.get_attempt(FOLLOWUP, SMS_1)
    assert view is not None
    assert (view.resolved, view.final_status) == (True, "TEXT_DELIVERED")


def test_an_attempt_is_found_by_the_provider_message_id_once_a_receipt_recorded_it(
    store: FollowupStore,
) -> None:
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW, TEXT)
    assert store.find_by_message_id("m-42") is None
    store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1", message_id="m-42"))
    found = store.find_by_message_id("m-42")
    assert found is not None
    assert (found.followup_id, found.item) == (FOLLOWUP, SMS_1)
    assert store.find_by_message_id("m-unknown") is None


# --- a final receipt: append and resolve in one write ------------------------------------------------


def test_a_final_receipt_appends_and_resolves_in_one_write(store: FollowupStore) -> None:
    # Given a claimed text with an intermediate receipt
    store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_SUCCESSFUL", "e-1"))
    # When the final receipt arrives
    won = store.append_and_resolve(FOLLOWUP, SMS_1, _receipt("TEXT_DELIVERED", "e-2", final=True))
    # Then one write appended it, resolved the attempt and handed back the token
    assert won is not None
    assert (won.task_token, won.resolved, won.final_status) == ("token-1", True, "TEXT_DELIVERED")
    assert [u.status for u in won.history] == ["TEXT_SUCCESSFUL", "TEXT_DELIVERED"]
    assert won.message_id == "m-1"
    # And nobody can resolve it again
    assert store.mark_resolved(FOLLOWUP, SMS_1, "TEXT_DELIVERED") is False


@pytest.mark.parametrize("situation", ["no claim yet", "already resolved", "duplicate event"])
def test_a_final_receipt_that_cannot_win_writes_nothing(store: FollowupStore, situation: str) -> None:
    if situation != "no claim yet":
        store.claim(FOLLOWUP, SMS_1, "followup", "token-1", NOW)
    if situation == "already resolved":
        store.mark_resolved(FOLLOWUP, SMS_1, "NO_RECEIPT")
    if situation == "duplicate event":
        store.append_status(FOLLOWUP, SMS_1, _receipt("TEXT_DELIVERED", "e-2", final=True))
    before = store.get_attempt(FOLLOWUP, SMS_1)
    assert store.append_and_resolve(FOLLOWUP, SMS_1, _receipt("TEXT_DELIVERED", "e-2", final=True)) is None
    assert store.get_attempt(FOLLOWUP, SMS_1) == before


# --- the frequency cap: texts per customer ---------------------------------------------------------


def test_recent_texts_count_each_other_follow_up_once(store: FollowupStore) -> None:
    # Given texts claimed for the customer: two tries of one follow-up, one of another, one older
    store.claim("f-a", attempt_item("sms", 1), "followup", "t", NOW - timedelta(hours=3), TEXT)
    store.claim("f-a", attempt_item("sms", 2), "followup", "t", NOW - timedelta(hours=2), TEXT)
    store.claim("f-b", SMS_1, "reminder", "t", NOW - timedelta(hours=1), TEXT)
    store.claim("f-old", SMS_1, "followup", "t", NOW - timedelta(hours=30), TEXT)
    # And texts that do not count: the follow-up being planned, another customer's, an email
    store.claim("f-now", SMS_1, "followup", "t", NOW - timedelta(minutes=5), TEXT)
    store.claim("f-other", SMS_1, "followup", "t", NOW, TextClaim(1, "GSM7", "c_someone_else"))
    store.claim("f-mail", EMAIL_1, "followup", "t", NOW)
    # When the plan of f-now asks for the last 24 hours
    recent = store.recent_texts(CUSTOMER, NOW - timedelta(hours=24), excluding="f-now")
    # Then each other follow-up counts once, at its first text
    assert recent == (NOW - timedelta(hours=3), NOW - timedelta(hours=1))


def test_a_text_that_never_went_out_does_not_count(store: FollowupStore) -> None:
    # Given one claim released (throttled) and one refused by the provider (nothing was sent)
    store.claim("f-a", SMS_1, "followup", "t", NOW, TEXT)
    store.release("f-a", SMS_1)
    store.claim("f-b", SMS_1, "followup", "t", NOW, TEXT)
    store.mark_failed("f-b", SMS_1, "SmsPermanentError")
    # Then neither counts for the cap
    assert store.recent_texts(CUSTOMER, NOW - timedelta(hours=24), excluding="f-c") == ()


def test_attempts_are_listed_in_the_order_they_were_claimed(store: FollowupStore) -> None:
    store.claim(FOLLOWUP, attempt_item("sms", 1), "followup", "t1", NOW)
    store.claim(FOLLOWUP, attempt_item("sms", 2), "followup", "t2", NOW + timedelta(minutes=1))
    store.claim(FOLLOWUP, attempt_item("email", 1), "followup", "t3", NOW + timedelta(minutes=2))
    assert [a.item for a in store.attempts(FOLLOWUP)] == ["attempt#sms#1", "attempt#sms#2", "attempt#email#1"]
