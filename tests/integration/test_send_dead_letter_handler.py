"""The send queue's dead-letter consumer on moto: any body, never a raise; a readable one fails its wait.

Step Functions answers a token nobody waits for with InvalidToken, which the adapter reports as
"no longer waiting": enough to run the handler end to end without an execution (the workflow test,
tests/workflow/test_queue_faults.py, runs it with one).
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aftercall.handlers import send_dead_letter
from aftercall.local.events import sqs_record
from aftercall.local.lambda_context import lambda_context
from tests.integration.aws import REGION, MotoAws

pytestmark = pytest.mark.integration

QUEUE_URL = f"https://sqs.{REGION}.amazonaws.com/123456789012/aftercall-send-dead-letters"
# At least 200 inputs, like every other handler's fuzz (tests/integration/test_fuzz_handlers.py);
# make fuzz multiplies it.
SCALE = int(os.environ.get("AFTERCALL_FUZZ_SCALE", "1"))
FUZZ = settings(
    max_examples=200 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _event(*bodies: str) -> dict[str, Any]:
    messages = [{"MessageId": str(uuid.uuid4()), "ReceiptHandle": "r", "Body": body} for body in bodies]
    return {"Records": [sqs_record(m, QUEUE_URL, REGION) for m in messages]}


def _invoke(*bodies: str) -> dict[str, Any]:
    return dict(send_dead_letter.handler(_event(*bodies), lambda_context("send-dead-letter")))


def test_a_readable_dead_letter_is_handled_and_deleted(module_aws: MotoAws) -> None:
    body = json.dumps({"taskToken": "gone-token", "followupId": "f-1", "retryCount": 0})

    assert _invoke(body) == {"batchItemFailures": []}


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300),
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=40),
            lambda inner: (
                st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
            ),
            max_leaves=12,
        ).map(json.dumps),
    )
)
def test_an_unreadable_dead_letter_is_dropped_never_retried(module_aws: MotoAws, body: str) -> None:
    assert _invoke(body) == {"batchItemFailures": []}
