"""The send steps and the receipt handler as deployed, driven one invocation at a time.

Shared by the modules that drive the sender, the email step and the receipt handler by hand
(test_send_faults.py, test_forged_receipts.py): their settings, a planned follow-up, the events
each handler receives, and a Step Functions client that records the token calls.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from aftercall.adapters.followup_store import FollowupStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.domain.followup import AttemptView, NewFollowup, SmsText, attempt_item
from aftercall.handlers import receipts, send_email, send_sms
from aftercall.local.events import sns_event, sqs_record
from aftercall.local.lambda_context import lambda_context
from tests.integration.aws import REGION
from tests.samples import sample_contact_memo, sample_memo

SMS_1 = attempt_item("sms", 1)
EMAIL_1 = attempt_item("email", 1)
ADDRESS = "customer@example.com"
SENDER_ENVIRONMENT = {
    "SMS_CONFIGURATION_SET": "aftercall",
    "SMS_ORIGINATION_IDENTITY": "pool-1",
    "SMS_PARTS_PER_SECOND": "100",  # a fixed share per sender: no pacing table, no wait
    "PACING_TABLE": "pacing",
    "EMAIL_FROM_ADDRESS": "care@example.com",
    "EMAIL_CONFIGURATION_SET": "aftercall",
    "COMPANY_NAME": "Example",
    "CALLBACK_NUMBER": "1588-0000",
}


class TokenCalls:
    """A ``stepfunctions`` client that records SendTaskSuccess / SendTaskFailure."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []  # (call, token, status or error)

    def send_task_success(self, taskToken: str, output: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("success", taskToken, json.loads(output)["status"]))
        return {}

    def send_task_failure(self, taskToken: str, error: str, cause: str) -> dict[str, Any]:  # noqa: N803
        self.calls.append(("failure", taskToken, error))
        return {}


def follow_up(email: str | None = None, customer_key: str = "c_key") -> str:
    """A planned follow-up (text composed, due now) whose memo holds the number (and ``email``)."""
    contact_id = str(uuid.uuid4())
    now = datetime.now(UTC)
    memo = sample_contact_memo(contact_id, memo=sample_memo(email=email))
    MemoStore().save_if_newer(memo, timedelta(days=1), now)
    plan = NewFollowup(
        followup_id=contact_id,
        contact_id=contact_id,
        kind="followup",
        customer_key=customer_key,
        call_ended_at=now,
        send_at=now,
        route=("sms", "email", "task", "none"),
        sms=SmsText(text="[Example] 문의하신 건은 처리되었습니다.", parts=1, encoding="UCS2"),
    )
    assert FollowupStore().save_plan(plan, now)
    return contact_id


def deliver_to_sender(
    followup_id: str, token: str, receive_count: int = 1, retry_count: int = 0
) -> dict[str, Any]:
    """The send queue hands the sender one message (again, for a redelivery)."""
    body = json.dumps({"taskToken": token, "followupId": followup_id, "retryCount": retry_count})
    message = {
        "MessageId": str(uuid.uuid4()),
        "ReceiptHandle": str(uuid.uuid4()),
        "Body": body,
        "Attributes": {"ApproximateReceiveCount": str(receive_count)},
    }
    record = sqs_record(message, f"https://sqs.{REGION}.amazonaws.com/123456789012/send", REGION)
    return dict(send_sms.handler({"Records": [record]}, lambda_context("send-sms")))


def invoke_email_step(followup_id: str, token: str, retry_count: int = 0) -> dict[str, Any]:
    event = {"taskToken": token, "followupId": followup_id, "retryCount": retry_count}
    result: dict[str, Any] = send_email.handler(event, lambda_context("send-email"))
    return result


def sms_receipt(
    context: dict[str, str],
    event_type: str = "TEXT_DELIVERED",
    message_id: str = "sms-message-1",
    final: bool = True,
    at_millis: int | None = None,
) -> dict[str, Any]:
    """An End User Messaging event with ``context`` (what the text's request carried, or a forgery)."""
    return {
        "eventType": event_type,
        "eventVersion": "1.0",
        "eventTimestamp": at_millis or int(datetime.now(UTC).timestamp() * 1000),
        "isFinal": final,
        "messageId": message_id,
        "messageStatus": event_type.removeprefix("TEXT_"),
        "context": context,
    }


def ses_receipt(tags: dict[str, str], event_type: str = "Delivery") -> dict[str, Any]:
    """An SES event with the mail ``tags`` (what the email's request carried, or a forgery)."""
    now = datetime.now(UTC).isoformat()
    return {
        "eventType": event_type,
        "mail": {"messageId": "ses-message-1", "timestamp": now, "tags": {k: [v] for k, v in tags.items()}},
        "delivery": {"timestamp": now, "recipients": ["(left out)"]},
    }


def email_tags(request: dict[str, Any]) -> dict[str, str]:
    return {tag["Name"]: tag["Value"] for tag in request["EmailTags"]}


def publish(message: dict[str, Any]) -> dict[str, int]:
    """One SNS notification of a receipt topic reaches the receipt handler."""
    result: dict[str, int] = receipts.handler(sns_event(json.dumps(message)), lambda_context("receipts"))
    return result


def attempt(followup_id: str, item: str) -> AttemptView:
    view = FollowupStore().get_attempt(followup_id, item)
    assert view is not None
    return view
