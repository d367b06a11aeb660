"""Embedded AWS: the whole application on moto, in one process, with the real handlers.

``EmbeddedAws`` starts moto (Step Functions executes the real definition), creates the tables, the
customer-key parameter, the SNS topics of SMS and SES events, the send queue, the SES identity and
the state machine, and routes every Lambda invocation (Step Functions tasks, SNS subscriptions, the
send queue's consumer) to the handler functions in-process. Providers moto lacks are stand-ins: the
carrier simulator answers SendTextMessage and publishes receipts; the Connect stand-in answers
DescribeContact and StartTaskContact; SES events are published by the email event simulator.

Time: Wait states and retry back-offs return at once (the requested seconds are recorded); the SMS
pacer sleeps on a virtual clock; a task's timeout (a receipt window) fires as soon as nothing is
left that could resolve it: no handler running, the send queue empty, no AWS call for a moment.

Counts: AWS API calls by service and operation, Lambda invocations by function, and the state
transitions of each execution (from its history). Used by the workflow tests and by the demo.
"""

from __future__ import annotations

import base64
import functools
import importlib
import io
import json
import logging
import os
import sys
import threading
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any
from unittest import mock

import boto3
import botocore.handlers
from antlr4 import CommonTokenStream, InputStream, ParserRuleContext
from moto import mock_aws
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda_simple.models import LambdaSimpleBackend
from moto.sqs.models import sqs_backends
from moto.stepfunctions.parser.asl.antlr.runtime.ASLLexer import ASLLexer
from moto.stepfunctions.parser.asl.antlr.runtime.ASLParser import ASLParser
from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl
from moto.stepfunctions.parser.asl.component.common.timeouts.timeout import TimeoutSeconds
from moto.stepfunctions.parser.asl.component.state.exec import execute_state
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
    state_task_service_callback as callback_task,
)
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.resource import ResourceCondition
from moto.stepfunctions.parser.asl.component.state.wait.wait_function.wait_function import WaitFunction
from moto.stepfunctions.parser.asl.parse.asl_parser import (
    AmazonStateLanguageParser,
    ASLParserException,
    SyntaxErrorListener,
)
from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor
from moto.stepfunctions.parser.models import stepfunctions_parser_backends

from aftercall import clients, statemachine, workflow_wiring
from aftercall.adapters.followup_store import AttemptView, FollowupStore, FollowupView
from aftercall.adapters.tables import TableNames, create_pacing_table, create_tables
from aftercall.local import ACCOUNT
from aftercall.local.carrier import CarrierSimulator
from aftercall.local.clock import VirtualClock
from aftercall.local.connect_standin import ConnectStandIn
from aftercall.local.email_events import EmailEventSimulator
from aftercall.local.lambda_context import lambda_context
from aftercall.local.lambda_output import capture_lambda_output
from aftercall.settings import table_environment

SETTLE_SECONDS = 0.5  # quiet time after which a pending receipt window is declared expired
_POLL_SECONDS = 0.01
_OBSERVER_CALLS = frozenset(
    {
        ("sqs", "ReceiveMessage"),  # the send queue's event source mapping
        ("stepfunctions", "ListExecutions"),
        ("stepfunctions", "GetExecutionHistory"),
    }
)

# Function name → handler, "module:attribute" (imported on first invocation).
HANDLERS: dict[str, str] = {
    "ingest-event": "aftercall.handlers.ingest_event:handler",
    "ingest-records": "aftercall.handlers.ingest_records:handler",
    "plan": "aftercall.handlers.plan:handler",
    "send-sms": "aftercall.handlers.send_sms:handler",
    "send-email": "aftercall.handlers.send_email:handler",
    "create-task": "aftercall.handlers.create_task:handler",
    "outcome": "aftercall.handlers.outcome:handler",
    "receipts": "aftercall.handlers.receipts:handler",
}
TABLES = TableNames(
    "aftercall-memos",
    "aftercall-followups",
    "aftercall-preferences",
    "aftercall-templates",
    "aftercall-links",
)
PACING_TABLE = "aftercall-pacing"


@dataclass
class Counts:
    """What happened, for assertions and for the demo's cost summary."""

    api_calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    invocations: Counter[str] = field(default_factory=Counter)
    waits: list[float] = field(default_factory=list)  # Wait states, requested seconds
    retry_delays: list[float] = field(default_factory=list)  # Retry back-offs, requested seconds
    timeouts: list[int] = field(default_factory=list)  # task timeouts that fired, configured seconds
    handler_errors: list[tuple[str, str]] = field(default_factory=list)  # (function, error name)

    def calls(self, service: str, operation: str | None = None) -> int:
        return sum(n for (s, o), n in self.api_calls.items() if s == service and operation in (None, o))

    def dynamodb_writes(self) -> int:
        writes = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}
        return sum(n for (s, o), n in self.api_calls.items() if s == "dynamodb" and o in writes)


class _Activity:
    """Tracks whether anything could still resolve a waiting task (for receipt-window timeouts)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._dispatching = 0
        self._local = threading.local()
        self._last = time.monotonic()
        self.queue_busy = False
        self.queued: Callable[[], int] = lambda: 0  # messages in the send queue, in flight included

    @contextmanager
    def running(self) -> Iterator[None]:
        with self._lock:
            self._running += 1
            self._last = time.monotonic()
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._last = time.monotonic()

    def touch(self) -> None:
        with self._lock:
            self._last = time.monotonic()

    def begin_dispatch(self) -> None:
        """A callback task started: until it has sent its message or invoked its function, its wait
        cannot be expired (its thread may simply not have been scheduled yet on a busy machine)."""
        with self._lock:
            self._dispatching += 1
            self._last = time.monotonic()
        self._local.dispatching = True

    def end_dispatch(self) -> None:
        if getattr(self._local, "dispatching", False):
            self._local.dispatching = False
            with self._lock:
                self._dispatching -= 1
                self._last = time.monotonic()

    def idle(self) -> bool:
        with self._lock:
            busy = self._running or self._dispatching
        return not busy and not self.queue_busy and self.queued() == 0

    def quiet_since(self, moment: float) -> bool:
        with self._lock:
            now = time.monotonic()
            quiet = now - self._last >= SETTLE_SECONDS and now - moment >= SETTLE_SECONDS
        return quiet and self.idle()


class EmbeddedAws:
    """``with EmbeddedAws() as aws:`` … ``aws.dispatch_records(...)``; ``aws.wait_for_executions()``."""

    def __init__(
        self,
        region: str = "ap-northeast-2",
        environment: dict[str, str] | None = None,
        carrier_parts_per_second: float | None = None,
        sms_default: str = "TEXT_DELIVERED",
        email_default: str = "Delivery",
    ) -> None:
        self.region = region
        self.counts = Counts()
        self.clock = VirtualClock()
        self._extra_env = dict(environment or {})
        self._carrier_pps = carrier_parts_per_second
        self._defaults = (sms_default, email_default)
        self._activity = _Activity()
        self._serial = threading.RLock()  # one handler at a time: Powertools' singletons are shared
        # Handlers run on one worker thread, like one warm Lambda container: PynamoDB keeps its
        # botocore session per thread, and a new thread per Step Functions task would rebuild it
        # (loading the service models again) on every invocation.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aftercall-lambda")
        self._worker_thread: threading.Thread | None = None
        self._stack = ExitStack()
        self._handlers: dict[str, Callable[..., Any]] = {}
        self._stop = threading.Event()
        self.state_machine_arn = ""
        self.send_queue_url = ""

    # --- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> EmbeddedAws:
        try:
            self._start()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._stack.close()
        self._worker.shutdown(wait=False, cancel_futures=True)

    def _start(self) -> None:
        # moto warns on every IsTimestamp Choice (the reminder check) that the operator is partial;
        # our timestamps are in the format it supports, so the warning is noise here.
        logging.getLogger(
            "moto.stepfunctions.parser.asl.component.state.choice.comparison.operator.implementations.is_operator"
        ).setLevel(logging.ERROR)
        self._stack.enter_context(mock.patch.dict(os.environ, self._base_env()))
        self._stack.enter_context(
            mock_aws(
                config={"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
            )
        )
        self._patch_moto()
        self._stack.callback(_reset_caches)
        _reset_caches()
        self.lambda_output = self._stack.enter_context(capture_lambda_output())
        create_tables(TABLES, self.region)
        create_pacing_table(PACING_TABLE, self.region)
        self._create_resources()
        os.environ.update(self._resource_env())
        os.environ.update(self._extra_env)
        self._install_stand_ins()
        self._start_send_consumer()

    def _base_env(self) -> dict[str, str]:
        return {
            "AWS_DEFAULT_REGION": self.region,
            "AWS_REGION": self.region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "POWERTOOLS_TRACE_DISABLED": "true",
            "POWERTOOLS_SERVICE_NAME": "aftercall",
            "POWERTOOLS_METRICS_NAMESPACE": "Aftercall",
            # Metrics on, as in Lambda: their EMF lines go to the handlers' output (lambda_output).
            "POWERTOOLS_METRICS_DISABLED": "false",
            "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
            **table_environment(TABLES),
            "CUSTOMER_KEY_PARAMETER": "/aftercall/customer-key",
            "COMPANY_NAME": "Aftercall",
            "CALLBACK_NUMBER": "1588-0000",
            "SMS_CONFIGURATION_SET": "aftercall",
            "SMS_ORIGINATION_IDENTITY": "+15555550100",
            "SMS_PARTS_PER_SECOND": "1",
            "PACING_TABLE": PACING_TABLE,
            "EMAIL_FROM_ADDRESS": "followup@aftercall.example",
            "EMAIL_CONFIGURATION_SET": "aftercall",
            "TASK_CONTACT_FLOW_ID": "5b1d7c1e-0000-4000-8000-00000000f100",
        }

    # --- resources ------------------------------------------------------------------------------

    def _create_resources(self) -> None:
        ssm = boto3.client("ssm", region_name=self.region)
        ssm.put_parameter(Name="/aftercall/customer-key", Value=uuid.uuid4().hex, Type="SecureString")
        sns = boto3.client("sns", region_name=self.region)
        self.sms_topic_arn = sns.create_topic(Name="aftercall-sms-events")["TopicArn"]
        self.email_topic_arn = sns.create_topic(Name="aftercall-email-events")["TopicArn"]
        sqs = boto3.client("sqs", region_name=self.region)
        self._activity.queued = lambda: len(
            sqs_backends[ACCOUNT][self.region].get_queue("aftercall-send")._messages
        )
        self.send_queue_url = sqs.create_queue(
            QueueName="aftercall-send", Attributes={"VisibilityTimeout": "0"}
        )["QueueUrl"]
        for identity in ("followup@aftercall.example",):
            boto3.client("sesv2", region_name=self.region).create_email_identity(EmailIdentity=identity)
            boto3.client("ses", region_name=self.region).verify_email_identity(EmailAddress=identity)
        arns = self._create_functions()
        for topic in (self.sms_topic_arn, self.email_topic_arn):
            sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arns["receipts"])
        definition = statemachine.render(
            {
                "PlanFunctionArn": arns["plan"],
                "SendQueueUrl": self.send_queue_url,
                "SendEmailFunctionArn": arns["send-email"],
                "CreateTaskFunctionArn": arns["create-task"],
                "OutcomeFunctionArn": arns["outcome"],
                "FollowupTable": TABLES.followups,
            }
        )
        sfn = boto3.client("stepfunctions", region_name=self.region)
        self.state_machine_arn = sfn.create_state_machine(
            name="aftercall-followup",
            definition=definition,
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/aftercall-sfn",
        )["stateMachineArn"]

    def _create_functions(self) -> dict[str, str]:
        iam = boto3.client("iam", region_name=self.region)
        role = iam.create_role(RoleName="aftercall-lambda", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("aftercall.py", "# the handlers run in-process\n")
        lam = boto3.client("lambda", region_name=self.region)
        arns: dict[str, str] = {}
        for name, target in HANDLERS.items():
            arns[name] = lam.create_function(
                FunctionName=name,
                Runtime="python3.13",
                Role=role,
                Handler=target.replace(":", "."),
                Code={"ZipFile": code.getvalue()},
            )["FunctionArn"]
        return arns

    def _resource_env(self) -> dict[str, str]:
        return {"STATE_MACHINE_ARN": self.state_machine_arn}

    def _install_stand_ins(self) -> None:
        sns = boto3.client("sns", region_name=self.region)
        self.carrier = CarrierSimulator(
            sns,
            self.sms_topic_arn,
            default_outcome=self._defaults[0],
            parts_per_second=self._carrier_pps,
            clock=self.clock.monotonic,
            region=self.region,
        )
        self.email = EmailEventSimulator(sns, self.email_topic_arn, default_outcome=self._defaults[1])
        self.connect = ConnectStandIn(region=self.region, account=ACCOUNT)
        clients.override("pinpoint-sms-voice-v2", self.carrier)
        clients.override("connect", self.connect)
        clients.override("sesv2", self.email.wrap(boto3.client("sesv2", region_name=self.region)))
        workflow_wiring.use_clock(self.clock)

    # --- moto patches -----------------------------------------------------------------------------

    def _patch_moto(self) -> None:
        harness = self
        callback_execution = callback_task.StateTaskServiceCallback._eval_execution
        wait_for_token = callback_task.StateTaskServiceCallback._eval_wait_for_task_token

        def simple_invoke(
            _backend: Any, function_name: str, _q: Any, body: Any, _h: Any, response_headers: Any
        ) -> bytes:
            return harness._invoke(function_name.rsplit(":", 1)[-1], body, response_headers)

        def function_invoke(function: Any, body: Any, _headers: Any, response_headers: Any) -> bytes:
            return harness._invoke(function.function_name, body, response_headers)

        def sns_to_lambda(
            _backend: Any, function_name: str, message: str, subject: str | None = None, qualifier: Any = None
        ) -> None:
            # moto's SNS event has placeholder URLs that a strict SNS model rejects: send a real one.
            harness._invoke(function_name, json.dumps(sns_event(message, harness.region)), {})

        def fresh_token_per_try(task: Any, env: Any) -> Any:
            # AWS issues a new task token for every try of a retried task; moto reuses the first one
            # (and its recorded failure), so a retried send would fail at once without this.
            if (
                task._is_integration_pattern()
                and ResourceCondition.WaitForTaskToken in task._supported_integration_patterns
            ):
                env.callback_pool_manager.add(env.states.context_object.update_task_token())
            harness._activity.begin_dispatch()
            try:
                return callback_execution(task, env)
            finally:
                harness._activity.end_dispatch()

        def dispatched_then_wait(task: Any, *args: Any, **kwargs: Any) -> Any:
            harness._activity.end_dispatch()  # the message is queued or the function has run
            return wait_for_token(task, *args, **kwargs)

        def instant_wait(_self: Any, env: Any, wait_seconds: int) -> None:
            harness.counts.waits.append(wait_seconds)

        def instant_sleep(seconds: float) -> None:
            harness.counts.retry_delays.append(seconds)

        patches = [
            mock.patch.object(LambdaSimpleBackend, "invoke", simple_invoke),
            mock.patch.object(LambdaFunction, "invoke", function_invoke),
            mock.patch.object(LambdaBackend, "send_sns_message", sns_to_lambda),
            mock.patch.object(WaitFunction, "_wait_interval", instant_wait),
            mock.patch.object(AmazonStateLanguageParser, "parse", staticmethod(_parse_once)),
            mock.patch.object(callback_task.StateTaskServiceCallback, "_eval_execution", fresh_token_per_try),
            mock.patch.object(
                callback_task.StateTaskServiceCallback, "_eval_wait_for_task_token", dispatched_then_wait
            ),
            mock.patch.object(retrier_decl, "time", SimpleNamespace(sleep=instant_sleep)),
            mock.patch.object(
                execute_state, "threading", SimpleNamespace(Event=lambda: _WindowEvent(harness))
            ),
        ]
        for patch in patches:
            self._stack.enter_context(patch)  # type: ignore[arg-type]
        botocore.handlers.BUILTIN_HANDLERS.append(("before-call", self._count_call))
        self._stack.callback(botocore.handlers.BUILTIN_HANDLERS.remove, ("before-call", self._count_call))

    def _count_call(self, model: Any, **_kwargs: Any) -> None:
        call = (model.service_model.service_name, model.name)
        if call in _OBSERVER_CALLS:  # polling by the harness itself: neither the app's cost nor activity
            return
        self.counts.api_calls[call] += 1
        self._activity.touch()

    # --- in-process Lambda ------------------------------------------------------------------------

    def _handler(self, name: str) -> Callable[..., Any]:
        if name not in self._handlers:
            module, attribute = HANDLERS[name].split(":")
            self._handlers[name] = getattr(importlib.import_module(module), attribute)
        return self._handlers[name]

    def invoke(self, name: str, event: Any) -> Any:
        """Run handler ``name`` with ``event`` the way Lambda would; exceptions propagate."""
        with self._activity.running():
            if threading.current_thread() is self._worker_thread:
                return self._run(name, event)  # nested: an SNS publish inside a handler
            return self._worker.submit(self._run, name, event).result()

    def _run(self, name: str, event: Any) -> Any:
        self._worker_thread = self.lambda_output.lambda_thread = threading.current_thread()
        with self._serial:
            self.counts.invocations[name] += 1
            return self._handler(name)(event, lambda_context(name, self.region))

    def _invoke(self, name: str, body: Any, response_headers: dict[str, str]) -> bytes:
        event = json.loads(body) if body else {}
        try:
            result = self.invoke(name, event)
        except Exception as exc:  # the error reaches Step Functions by its class name, like Lambda's
            self.counts.handler_errors.append((name, type(exc).__name__))
            response_headers["x-amz-function-error"] = "Unhandled"
            return json.dumps({"errorType": type(exc).__name__, "errorMessage": str(exc)}).encode()
        return json.dumps(result).encode()

    # --- the send queue's consumer -------------------------------------------------------------------

    def _start_send_consumer(self) -> None:
        thread = threading.Thread(target=self._consume, name="aftercall-send-consumer", daemon=True)
        thread.start()
        self._stack.callback(thread.join, 5)
        self._stack.callback(self._stop.set)

    def _consume(self) -> None:
        sqs = boto3.client("sqs", region_name=self.region)
        while not self._stop.is_set():
            try:
                batch = sqs.receive_message(
                    QueueUrl=self.send_queue_url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
                ).get("Messages", [])
            except Exception:  # moto is shutting down
                return
            self._activity.queue_busy = bool(batch)
            if not batch:
                time.sleep(_POLL_SECONDS)
                continue
            self._deliver(sqs, batch)

    def _deliver(self, sqs: Any, batch: list[dict[str, Any]]) -> None:
        event = {"Records": [_sqs_record(m, self.send_queue_url, self.region) for m in batch]}
        try:
            response = self.invoke("send-sms", event)
        except Exception as exc:  # Lambda failed as a whole (e.g. every record failed): all stay queued
            self.counts.handler_errors.append(("send-sms", type(exc).__name__))
            return
        failed = {f["itemIdentifier"] for f in response.get("batchItemFailures", [])}
        for message in batch:
            if message["MessageId"] not in failed:
                sqs.delete_message(QueueUrl=self.send_queue_url, ReceiptHandle=message["ReceiptHandle"])

    # --- driving and reading ----------------------------------------------------------------------------

    def dispatch_contact_event(self, event: dict[str, Any]) -> Any:
        """A "Amazon Connect Contact Event" → the ingest handler (moto's EventBridge cannot target Lambda)."""
        return self.invoke("ingest-event", event)

    def dispatch_records(self, event: dict[str, Any]) -> Any:
        """A Kinesis event of contact records → the ingest handler."""
        return self.invoke("ingest-records", event)

    def dispatch_contact_records(self, records: list[dict[str, Any]]) -> Any:
        return self.dispatch_records(kinesis_event(records, self.region))

    def _executions(self) -> list[Any]:
        # Read moto's backend directly: polling through the API would serialize every execution
        # on each call (slow with many) and count as application API calls.
        backend = stepfunctions_parser_backends[ACCOUNT][self.region]
        return list(backend.describe_state_machine(self.state_machine_arn).executions)

    def executions(self) -> list[dict[str, Any]]:
        return [
            {"name": e.name, "status": e.status, "executionArn": e.execution_arn} for e in self._executions()
        ]

    def wait_for_executions(self, timeout: float = 60.0, names: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Block until no execution runs (and every one of ``names`` exists); returns their summaries.

        Raises TimeoutError after ``timeout`` real seconds.
        """
        deadline = time.monotonic() + timeout
        while True:
            executions = self.executions()
            started = set(names) <= {e["name"] for e in executions}
            done = executions and started and all(e["status"] != "RUNNING" for e in executions)
            if done and self._activity.idle():  # a sender may still be writing after its token resolved
                return executions
            if time.monotonic() > deadline:
                raise TimeoutError("executions still running")
            time.sleep(0.05)

    def history(self, execution_arn: str) -> list[dict[str, Any]]:
        sfn = boto3.client("stepfunctions", region_name=self.region)
        return sfn.get_execution_history(executionArn=execution_arn, maxResults=1000)["events"]

    def states_entered(self, execution_arn: str) -> list[str]:
        """The states an execution entered, in order (its state transitions), from moto's backend."""
        execution = next(e for e in self._executions() if e.execution_arn == execution_arn)
        events = execution.to_history_output()["events"]
        return [e["stateEnteredEventDetails"]["name"] for e in events if e["type"].endswith("StateEntered")]

    def followup(self, followup_id: str) -> FollowupView | None:
        return FollowupStore().get(followup_id)

    def attempts(self, followup_id: str) -> list[AttemptView]:
        return FollowupStore().attempts(followup_id)


class _WindowEvent(threading.Event):
    """The event a task's timeout waits on: a finite timeout fires once nothing could resolve the task."""

    def __init__(self, harness: EmbeddedAws) -> None:
        super().__init__()
        self._harness = harness

    def wait(self, timeout: float | None = None) -> bool:
        if timeout is None or timeout >= TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS:
            return super().wait(timeout)
        started = time.monotonic()
        while not super().wait(_POLL_SECONDS * 5):
            if self._harness._activity.quiet_since(started):
                self._harness.counts.timeouts.append(int(timeout))
                return self.is_set()
        return True


def kinesis_event(records: list[dict[str, Any]], region: str = "ap-northeast-2") -> dict[str, Any]:
    """Contact records as a Kinesis Data Streams Lambda event (base64 JSON data)."""
    return {
        "Records": [
            {
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": record.get("ContactId", ""),
                    "sequenceNumber": f"{49590338271490256608559692538361571095921575989136588898 + n}",
                    "data": base64.b64encode(json.dumps(record).encode()).decode(),
                    "approximateArrivalTimestamp": time.time(),
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": f"shardId-000000000000:{n}",
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/aftercall-ingest",
                "awsRegion": region,
                "eventSourceARN": f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/aftercall-contact-records",
            }
            for n, record in enumerate(records)
        ]
    }


def sns_event(
    message: str, region: str = "ap-northeast-2", topic: str = "aftercall-events"
) -> dict[str, Any]:
    """One SNS notification as Lambda receives it from a subscription."""
    topic_arn = f"arn:aws:sns:{region}:{ACCOUNT}:{topic}"
    endpoint = f"https://sns.{region}.amazonaws.com"
    return {
        "Records": [
            {
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic_arn}:{uuid.uuid4()}",
                "EventSource": "aws:sns",
                "Sns": {
                    "SignatureVersion": "1",
                    "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
                    "Signature": "EXAMPLE",
                    "SigningCertUrl": f"{endpoint}/SimpleNotificationService-local.pem",
                    "MessageId": str(uuid.uuid4()),
                    "Message": message,
                    "MessageAttributes": {},
                    "Type": "Notification",
                    "UnsubscribeUrl": f"{endpoint}/?Action=Unsubscribe",
                    "TopicArn": topic_arn,
                    "Subject": None,
                },
            }
        ]
    }


def _sqs_record(message: dict[str, Any], queue_url: str, region: str) -> dict[str, Any]:
    attributes = message.get("Attributes", {})
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": {
            "ApproximateReceiveCount": attributes.get("ApproximateReceiveCount", "1"),
            "SentTimestamp": attributes.get("SentTimestamp", "0"),
            "SenderId": attributes.get("SenderId", ACCOUNT),
            "ApproximateFirstReceiveTimestamp": attributes.get("ApproximateFirstReceiveTimestamp", "0"),
        },
        "messageAttributes": {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": f"arn:aws:sqs:{region}:{ACCOUNT}:{queue_url.rsplit('/', 1)[-1]}",
        "awsRegion": region,
    }


@functools.lru_cache(maxsize=8)
def _syntax_tree(definition: str) -> ParserRuleContext:
    """ANTLR's parse of a definition (pure Python, ~0.3 s): done once per definition, not per execution."""
    errors = SyntaxErrorListener()
    parser = ASLParser(CommonTokenStream(ASLLexer(InputStream(definition))))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    tree = parser.state_machine()
    if errors.errors:
        raise ASLParserException(errors=errors.errors)
    return tree


def _parse_once(definition: str) -> tuple[Any, ParserRuleContext]:
    # moto parses the definition again for every execution; the tree is only read by the
    # preprocessor, so it is shared, and each execution still gets its own evaluation components.
    tree = _syntax_tree(definition)
    return Preprocessor().visit(tree), tree


def _reset_caches() -> None:
    """Forget every container-level cache (settings, clients, compositions): a fresh cold start."""
    clients.reset()
    workflow_wiring.reset()
    with suppress(ImportError, AttributeError):
        importlib.import_module("aftercall.wiring").reset()
    # Caches other modules keep (a handler's own use case, a settings function): clear them all.
    for module_name, loaded in list(sys.modules.items()):
        if not module_name.startswith("aftercall."):
            continue
        for value in list(vars(loaded).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
