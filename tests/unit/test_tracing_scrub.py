"""With detailed tracing on, no SDK error message reaches X-Ray (issue 13, point 10).

The X-Ray SDK records every exception on its subsegment, message included: the handler's, and each
AWS call's, where botocore's message is the service's own text (SES names the address it refused).
``observability.tracer`` wraps the recorder's emitter so that each entity leaves with exception
types and AWS error codes only. Run in a fresh interpreter with tracing on, as in Lambda (a trace
header in the environment), with the UDP send to the X-Ray daemon replaced by a list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from benchmarks.cold_start import lambda_environment
from botocore.exceptions import ClientError

from aftercall.observability import scrub_exceptions

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
ADDRESS = "customer@example.com"
SES_MESSAGE = f"Email address is not verified. The following identities failed the check: {ADDRESS}"

_INVOKE = """
import json, sys
from aftercall import observability
from aftercall.local.lambda_context import lambda_context

sent = []
observability.tracer().provider.emitter._send_data = sent.append  # the daemon, in memory

import boto3
from botocore.stub import Stubber
from aftercall.adapters.email import SesEmail
from aftercall.domain.outbound import EmailRequest

ses = boto3.client("sesv2", aws_access_key_id="testing", aws_secret_access_key="testing")
stubber = Stubber(ses)
stubber.add_client_error("send_email", "MessageRejected", sys.argv[1], 400)
stubber.activate()

@observability.lambda_entry()
def handler(event, context):
    request = EmailRequest(sys.argv[2], "subject", "text", "<p>text</p>", "f-1", "attempt#email#1")
    SesEmail(ses, "care@example.com", "aftercall").send(request)

try:
    handler({}, lambda_context("aftercall-test"))
except Exception as exc:
    raised = type(exc).__name__
print(json.dumps({"raised": raised, "sent": sent}))
"""


def test_a_refused_email_reaches_x_ray_as_types_and_codes_without_the_address() -> None:
    env = {
        **lambda_environment("test", detailed_tracing=True),
        "LAMBDA_TASK_ROOT": str(REPO),
        "_X_AMZN_TRACE_ID": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
    }
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", _INVOKE, SES_MESSAGE, ADDRESS],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    sent = "\n".join(outcome["sent"])
    assert outcome["raised"] == "EmailFailedError"
    # The SendEmail subsegment and the handler's were sent, with the failure recorded...
    assert '"name": "email"' in sent
    assert '"name": "## handler"' in sent
    assert "MessageRejected" in sent
    assert "EmailFailedError" in sent
    # ...and without the service's words, the address among them
    assert ADDRESS not in sent
    assert "not verified" not in sent


def test_scrubbing_keeps_the_type_and_the_aws_error_code_only() -> None:
    from aws_xray_sdk.core.models.segment import Segment
    from aws_xray_sdk.core.models.subsegment import Subsegment

    segment = Segment("aftercall")
    call = Subsegment("sesv2", "aws", segment)
    segment.add_subsegment(call)
    error = ClientError({"Error": {"Code": "MessageRejected", "Message": SES_MESSAGE}}, "SendEmail")
    call.add_exception(error, [], remote=True)
    segment.add_exception(ValueError(f"about {ADDRESS}"), [])
    scrub_exceptions(segment)
    [aws_error] = call.cause["exceptions"]
    assert aws_error.message == "An error occurred (MessageRejected) when calling the SendEmail operation"
    assert not hasattr(segment.cause["exceptions"][0], "message")
    assert ADDRESS not in json.dumps([call.serialize(), segment.serialize()])
    scrub_exceptions(SimpleNamespace(cause="an-id", subsegments=None))  # a cause that is a reference
