"""Embedded AWS: the whole application on moto, in one process, with the real handlers.

``EmbeddedAws`` starts moto (Step Functions executes the real definition), creates the resources
(``resources``), and routes every Lambda invocation (Step Functions tasks, SNS subscriptions, the
send queue's consumer) to the handler functions in-process, through the patches of ``moto_patches``.
Providers moto lacks are stand-ins: the carrier simulator answers SendTextMessage and publishes
receipts; the Connect stand-in answers DescribeContact and StartTaskContact; SES events are
published by the email event simulator.

Time: Wait states and retry back-offs return at once (the requested seconds are recorded); the SMS
pacer sleeps on a virtual clock; a task's timeout (a receipt window) fires as soon as nothing is
left that could resolve it (``activity``): no handler running, the send queue empty, no AWS call for
a moment.

Counts (``counts``): AWS API calls by service and operation, Lambda invocations by function, and the
state transitions of each execution (from its history). Used by the workflow tests and by the demo.
"""

from __future__ import annotations

import importlib
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws
from moto.sqs.models import sqs_backends
from moto.stepfunctions.parser.models import stepfunctions_parser_backends

from aftercall import clients, container
from aftercall.adapters.followup_store import FollowupStore
from aftercall.domain.followup import AttemptView, FollowupView
from aftercall.local import ACCOUNT
from aftercall.local.activity import Activity
from aftercall.local.carrier import CarrierSimulator
from aftercall.local.clock import VirtualClock
from aftercall.local.connect_standin import ConnectStandIn
from aftercall.local.counts import Counts, counting_api_calls
from aftercall.local.dead_letters import DeadLetterLog
from aftercall.local.email_events import EmailEventSimulator
from aftercall.local.events import kinesis_event, sqs_record
from aftercall.local.lambda_context import lambda_context
from aftercall.local.lambda_output import capture_lambda_output
from aftercall.local.moto_patches import moto_patched
from aftercall.local.resources import (
    HANDLERS,
    SEND_DEAD_LETTER_QUEUE,
    SEND_QUEUE,
    base_environment,
    create_resources,
    function_environment,
)
from aftercall.local.scripted_events import EventTopic
from aftercall.local.whatsapp_events import envelope, message_value
from aftercall.local.whatsapp_standin import WhatsAppStandIn

_POLL_SECONDS = 0.01


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
        self._activity = Activity()
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
        self._stack.enter_context(mock.patch.dict(os.environ, base_environment(self.region)))
        self._stack.enter_context(
            mock_aws(
                config={"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
            )
        )
        self._stack.enter_context(moto_patched(self._invoke, self.region, self._activity, self.counts))
        self._stack.enter_context(counting_api_calls(self.counts, self._activity.touch))
        self._stack.callback(_reset_caches)
        _reset_caches()
        self.lambda_output = self._stack.enter_context(capture_lambda_output())
        resources = create_resources(self.region)
        self.dead_letters = DeadLetterLog(self.region)
        self.sms_topic_arn = resources.sms_topic_arn
        self.email_topic_arn = resources.email_topic_arn
        self.inbound_topic_arn = resources.inbound_topic_arn
        self.whatsapp_topic_arn = resources.whatsapp_topic_arn
        self.send_queue_url = resources.send_queue_url
        self.send_dead_letter_queue_url = resources.send_dead_letter_queue_url
        self.state_machine_arn = resources.state_machine_arn
        # Read from moto's backend: the harness's own polling must not count as an AWS call.
        self._activity.queued = lambda: sum(
            len(sqs_backends[ACCOUNT][self.region].get_queue(name)._messages)
            for name in (SEND_QUEUE, SEND_DEAD_LETTER_QUEUE)
        )
        os.environ.update(resources.environment())
        os.environ.update(self._extra_env)
        self._install_stand_ins()
        self._start_send_consumer()

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
        self.whatsapp = WhatsAppStandIn(
            self.region, EventTopic(sns, self.whatsapp_topic_arn), now=container.clocks.now
        )
        clients.override("pinpoint-sms-voice-v2", self.carrier)
        clients.override("connect", self.connect)
        clients.override("socialmessaging", self.whatsapp)
        clients.override("sesv2", self.email.wrap(boto3.client("sesv2", region_name=self.region)))
        container.clocks.pacer = self.clock  # before the sender is built: it paces on this clock

    # --- in-process Lambda ------------------------------------------------------------------------

    def _handler(self, name: str) -> Callable[..., Any]:
        if name not in self._handlers:
            module, attribute = HANDLERS[name].split(":")
            self._handlers[name] = getattr(importlib.import_module(module), attribute)
        return self._handlers[name]

    def reply(self, number: str, body: str, inbound_id: str, previous_message_id: str | None) -> None:
        """A customer's SMS to our number, published as End User Messaging SMS's two-way channel does."""
        message = {
            "originationNumber": number,
            "destinationNumber": "+18005550100",
            "messageKeyword": "KEYWORD_123456789012",
            "messageBody": body,
            "inboundMessageId": inbound_id,
            "previousPublishedMessageId": previous_message_id,
        }
        boto3.client("sns", region_name=self.region).publish(
            TopicArn=self.inbound_topic_arn, Message=json.dumps(message)
        )

    def whatsapp_message(self, number: str, body: str, message_id: str, reply_to: str | None = None) -> None:
        """A customer's WhatsApp message to our number, published as the event destination does."""
        at = container.clocks.now()
        event = envelope(message_value(number, body, message_id, at, reply_to), at, self.region)
        boto3.client("sns", region_name=self.region).publish(
            TopicArn=self.whatsapp_topic_arn, Message=json.dumps(event)
        )

    def invoke(self, name: str, event: Any) -> Any:
        """Run handler ``name`` with ``event`` the way Lambda would; exceptions propagate."""
        with self._activity.running():
            if threading.current_thread() is self._worker_thread:
                return self._run(name, event)  # nested: an SNS publish inside a handler
            return self._worker.submit(self._run, name, event).result()

    def _run(self, name: str, event: Any) -> Any:
        self._worker_thread = self.lambda_output.lambda_thread = threading.current_thread()
        with self._serial, mock.patch.dict(os.environ, function_environment(name)):
            self.counts.invocations[name] += 1
            return self._handler(name)(event, lambda_context(name, self.region))

    def _invoke(self, name: str, body: Any, response_headers: dict[str, str]) -> bytes:
        event = json.loads(body) if body else {}
        try:
            result = self.invoke(name, event)
        except Exception as exc:  # the error reaches Step Functions by its class name, like Lambda's
            self.counts.handler_errors.append((name, type(exc).__name__))
            response_headers["x-amz-function-error"] = "Unhandled"
            error = {"errorType": type(exc).__name__, "errorMessage": str(exc)}
            self.dead_letters.invocation_failed(name, event, error)  # when AWS invokes it asynchronously
            return json.dumps(error).encode()
        return json.dumps(result).encode()

    # --- the send queue's consumer -------------------------------------------------------------------

    def _start_send_consumer(self) -> None:
        # The sender on the send queue; the dead-letter consumer on the queue's dead letters (moto moves
        # a message there after MAX_RECEIVES receives, as SQS does).
        for queue_url, function in (
            (self.send_queue_url, "send-sms"),
            (self.send_dead_letter_queue_url, "send-dead-letter"),
        ):
            thread = threading.Thread(
                target=self._consume, args=(queue_url, function), name=f"aftercall-{function}", daemon=True
            )
            thread.start()
            self._stack.callback(thread.join, 5)
        self._stack.callback(self._stop.set)

    def _consume(self, queue_url: str, function: str) -> None:
        sqs = boto3.client("sqs", region_name=self.region)
        while not self._stop.is_set():
            try:
                batch = sqs.receive_message(
                    QueueUrl=queue_url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
                ).get("Messages", [])
            except Exception:  # moto is shutting down
                return
            if function == "send-sms":
                self._activity.queue_busy = bool(batch)
            if not batch:
                time.sleep(_POLL_SECONDS)
                continue
            self._deliver(sqs, queue_url, function, batch)

    def _deliver(self, sqs: Any, queue_url: str, function: str, batch: list[dict[str, Any]]) -> None:
        event = {"Records": [sqs_record(m, queue_url, self.region) for m in batch]}
        try:
            response = self.invoke(function, event)
        except Exception as exc:  # Lambda failed as a whole (e.g. every record failed): all stay queued
            self.counts.handler_errors.append((function, type(exc).__name__))
            return
        failed = {f["itemIdentifier"] for f in response.get("batchItemFailures", [])}
        for message in batch:
            if message["MessageId"] not in failed:
                if queue_url == self.send_dead_letter_queue_url:
                    self.dead_letters.consumed([message["Body"]])
                sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])

    # --- driving and reading ----------------------------------------------------------------------------

    def dispatch_contact_event(self, event: dict[str, Any]) -> Any:
        """A "Amazon Connect Contact Event" → the ingest handler (moto's EventBridge cannot target Lambda).

        Invoked as EventBridge does, asynchronously: a failure does not reach the caller; the answer is
        Lambda's error payload, and the on-failure destination (the ingest DLQ) gets the invocation."""
        return json.loads(self._invoke("ingest-event", json.dumps(event), {}))

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


def _reset_caches() -> None:
    """Forget every container-level cache (settings, clients, compositions): a fresh cold start."""
    container.reset()
