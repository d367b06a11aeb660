"""Every change the embedded AWS makes to moto's own code, in one place.

moto (5.2.5, pinned in requirements/dev.lock) runs the real state machine definition, but some of
its behaviour does not fit a whole-application run in one process: it would run functions in Docker
or echo their input, sleep in real time, reuse a task token across retries, parse the definition
for every execution. ``moto_patched`` applies every patch below for as long as it is entered; each
patch says which gap it fills. Re-check them all when moto is upgraded: they reach into internals.
"""

from __future__ import annotations

import functools
import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace
from typing import Any
from unittest import mock

from antlr4 import CommonTokenStream, InputStream, ParserRuleContext
from moto.awslambda.models import LambdaBackend, LambdaFunction
from moto.awslambda_simple.models import LambdaSimpleBackend
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

from aftercall.local.activity import Activity
from aftercall.local.counts import Counts
from aftercall.local.events import sns_event

# Runs a function in-process: (function name, request body, response headers to fill) → payload.
LambdaInvoke = Callable[[str, Any, dict[str, str]], bytes]

_WINDOW_POLL_SECONDS = 0.05
_IS_OPERATOR_LOGGER = (
    "moto.stepfunctions.parser.asl.component.state.choice.comparison.operator.implementations.is_operator"
)


@contextmanager
def moto_patched(invoke: LambdaInvoke, region: str, activity: Activity, counts: Counts) -> Iterator[None]:
    """Patch moto for the embedded AWS while entered (moto itself must be started by the caller).

    ``invoke`` runs a Lambda function's handler; ``activity`` learns when a callback task has handed
    its work on; ``counts`` records the waits, back-offs and timeouts that were skipped.
    """
    # Log noise, not behaviour: moto warns on every IsTimestamp Choice (the reminder check) that the
    # operator is partial; our timestamps are in the format it supports.
    logging.getLogger(_IS_OPERATOR_LOGGER).setLevel(logging.ERROR)
    callback_execution = callback_task.StateTaskServiceCallback._eval_execution
    wait_for_token = callback_task.StateTaskServiceCallback._eval_wait_for_task_token

    # Gap: with use_docker off, moto's Lambda Invoke (Step Functions' Lambda tasks call it) never runs
    # the function: it echoes the request body. Route it to the real handler, in-process.
    def simple_invoke(
        _backend: Any, function_name: str, _q: Any, body: Any, _h: Any, response_headers: Any
    ) -> bytes:
        return invoke(function_name.rsplit(":", 1)[-1], body, response_headers)

    # Gap: moto's other paths that run a function object directly (asynchronous invoke, event
    # sources) start a Docker container. Route them to the real handler too.
    def function_invoke(function: Any, body: Any, _headers: Any, response_headers: Any) -> bytes:
        return invoke(function.function_name, body, response_headers)

    # Gap: moto's SNS → Lambda event has placeholder URLs and ARNs that a strict SNS model rejects
    # (and a fixed message id): deliver a well-formed notification instead.
    def sns_to_lambda(
        _backend: Any, function_name: str, message: str, subject: str | None = None, qualifier: Any = None
    ) -> None:
        invoke(function_name, json.dumps(sns_event(message, region)), {})

    # Gap: AWS issues a new task token for every try of a retried task; moto reuses the first one
    # (and its recorded failure), so a retried send would fail at once. Also marks the callback task
    # as dispatching, so its receipt window cannot expire before its message is even queued.
    def fresh_token_per_try(task: Any, env: Any) -> Any:
        if (
            task._is_integration_pattern()
            and ResourceCondition.WaitForTaskToken in task._supported_integration_patterns
        ):
            env.callback_pool_manager.add(env.states.context_object.update_task_token())
        activity.begin_dispatch()
        try:
            return callback_execution(task, env)
        finally:
            activity.end_dispatch()

    # Not a gap, a hook: the callback task starts waiting for its token once its message is queued
    # or its function has run; from then on only quiet can expire its window.
    def dispatched_then_wait(task: Any, *args: Any, **kwargs: Any) -> Any:
        activity.end_dispatch()
        return wait_for_token(task, *args, **kwargs)

    # Gap: a Wait state sleeps for real (a reminder waits days). Return at once; record the seconds.
    def instant_wait(_self: Any, env: Any, wait_seconds: int) -> None:
        counts.waits.append(wait_seconds)

    # Gap: a Retry back-off sleeps for real (time.sleep in the retrier). Return at once; record it.
    def instant_sleep(seconds: float) -> None:
        counts.retry_delays.append(seconds)

    patches = [
        mock.patch.object(LambdaSimpleBackend, "invoke", simple_invoke),
        mock.patch.object(LambdaFunction, "invoke", function_invoke),
        mock.patch.object(LambdaBackend, "send_sns_message", sns_to_lambda),
        mock.patch.object(WaitFunction, "_wait_interval", instant_wait),
        # Gap: moto parses the definition with ANTLR (pure Python, ~0.3 s) for every execution.
        mock.patch.object(AmazonStateLanguageParser, "parse", staticmethod(_parse_once)),
        mock.patch.object(callback_task.StateTaskServiceCallback, "_eval_execution", fresh_token_per_try),
        mock.patch.object(
            callback_task.StateTaskServiceCallback, "_eval_wait_for_task_token", dispatched_then_wait
        ),
        mock.patch.object(retrier_decl, "time", SimpleNamespace(sleep=instant_sleep)),
        # Gap: a task's TimeoutSeconds (a receipt window: hours) is waited for in real time on a
        # threading.Event. Make it fire as soon as nothing is left that could resolve the task.
        mock.patch.object(
            execute_state, "threading", SimpleNamespace(Event=lambda: _WindowEvent(activity, counts))
        ),
    ]
    with ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)  # type: ignore[arg-type]
        yield


class _WindowEvent(threading.Event):
    """The event a task's timeout waits on: a finite timeout fires once nothing could resolve the task."""

    def __init__(self, activity: Activity, counts: Counts) -> None:
        super().__init__()
        self._activity = activity
        self._counts = counts

    def wait(self, timeout: float | None = None) -> bool:
        if timeout is None or timeout >= TimeoutSeconds.DEFAULT_TIMEOUT_SECONDS:
            return super().wait(timeout)
        started = time.monotonic()
        while not super().wait(_WINDOW_POLL_SECONDS):
            if self._activity.quiet_since(started):
                self._counts.timeouts.append(int(timeout))
                return self.is_set()
        return True


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
    # The tree is only read by the preprocessor, so it is shared; each execution still gets its own
    # evaluation components.
    tree = _syntax_tree(definition)
    return Preprocessor().visit(tree), tree
