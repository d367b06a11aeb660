"""Powertools singletons shared by every handler, and the one decorator every handler entry point wears.

Configured once here, at the package root, so that handlers, use cases and adapters log with the
same service name and metric namespace. Creating them reads no settings: Powertools takes its
configuration from POWERTOOLS_* environment variables set by the CDK Lambda helper.

Detailed tracing (the Powertools Tracer: X-Ray SDK subsegments for the handler and every AWS call) is
opt-in: the stack sets POWERTOOLS_TRACE_DISABLED=true unless the ``detailedTracing`` context key is on
(docs/decisions.md). Lambda's own active tracing records each invocation either way. The Tracer is
imported only when tracing is on, because importing the X-Ray SDK creates botocore clients, which
costs about as much as importing boto3 itself.

The SDK's own loggers stay at WARNING whatever the log level (``QUIET_LIBRARY_LOGGERS``): at DEBUG,
botocore logs every request's parameters and PynamoDB every item it writes, i.e. phone numbers,
addresses and memo text. POWERTOOLS_LOG_LEVEL (or Lambda's application log level) turns on DEBUG for
aftercall's own logger only; a library logger set here has its own level, so the root level does not
reach it.
"""

from __future__ import annotations

import gc
import logging
import os
import re
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from aws_lambda_powertools.logging import Logger
from aws_lambda_powertools.metrics import Metrics
from aws_lambda_powertools.shared.constants import TRACER_DISABLED_ENV
from aws_lambda_powertools.shared.functions import resolve_truthy_env_var_choice

if TYPE_CHECKING:
    from aws_lambda_powertools.tracing import Tracer
    from pydantic import BaseModel

SERVICE = "aftercall"
NAMESPACE = "Aftercall"
# Libraries whose DEBUG records quote request and response bodies (personal data); urllib3 and
# s3transfer log connection details only, but follow botocore.
QUIET_LIBRARY_LOGGERS = ("botocore", "boto3", "pynamodb", "urllib3", "s3transfer")

for _name in QUIET_LIBRARY_LOGGERS:
    logging.getLogger(_name).setLevel(logging.WARNING)

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)

Result = TypeVar("Result")


def detailed_tracing() -> bool:
    """Whether the Powertools Tracer runs: POWERTOOLS_TRACE_DISABLED read as Powertools reads it."""
    return not resolve_truthy_env_var_choice(env=os.getenv(TRACER_DISABLED_ENV, "false"))


@cache
def tracer() -> Tracer:
    """The Powertools Tracer, created on first use (it patches botocore to trace every AWS call).

    Exception messages never reach X-Ray: the X-Ray SDK records every exception on its subsegment
    (the handler's, and each AWS call's), message included, and SDK messages can quote a recipient
    (SES names the address it refused). The recorder's emitter is wrapped so that each entity leaves
    with its exceptions' types and AWS error codes only (``scrub_exceptions``)."""
    from aws_lambda_powertools.tracing import Tracer  # only with detailed tracing: see the module doc

    traced = Tracer(service=SERVICE)
    emitter = getattr(traced.provider, "emitter", None)
    if emitter is not None:
        send = emitter.send_entity

        def send_scrubbed(entity: Any) -> None:
            scrub_exceptions(entity)
            send(entity)

        emitter.send_entity = send_scrubbed
    return traced


# botocore's ClientError message starts with this; what follows the colon is the service's own text.
_AWS_ERROR = re.compile(r"An error occurred \([\w.]*\) when calling the \w+ operation")


def scrub_exceptions(entity: Any) -> None:
    """Leave each exception recorded on ``entity`` and its subsegments with its type and, for an AWS
    error, the error code and operation; drop every other word of its message."""
    cause = getattr(entity, "cause", None)
    for throwable in cause.get("exceptions", []) if isinstance(cause, dict) else []:
        message = getattr(throwable, "message", None)
        kept = _AWS_ERROR.match(message) if isinstance(message, str) else None
        if kept:
            throwable.message = kept.group(0)
        elif message is not None:
            del throwable.message
    for subsegment in getattr(entity, "subsegments", None) or []:
        scrub_exceptions(subsegment)


def lambda_entry(
    correlation_id_path: str | None = None, *, models: Sequence[type[BaseModel]] = ()
) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Logger context (with the correlation id at ``correlation_id_path``), metrics flushed after each
    invocation, and the Tracer's handler subsegment when detailed tracing is on (decided at import,
    like Powertools' own settings). Responses are never captured (they hold customer data), nor
    errors as metadata, and recorded exceptions leave without their messages (``tracer``).

    ``models``: the pydantic models every cold start of this handler validates (its input, its
    settings). Our settings and step models are declared with ``defer_build``, so that a handler does
    not build the models of the other handlers; its own are built here, at import, not on its first
    invocation.

    The handler's module is built when this runs: the garbage collector, off while it was imported
    (``aftercall.handlers``), comes back on (``end_of_init``)."""
    for model in models:
        model.model_rebuild()  # builds a deferred model; a model already built is left as it is
    end_of_init()

    # The decorated handler takes whatever the runtime passes (tests pass stand-in contexts), as the
    # Powertools decorators it wraps declare; it returns what the handler returns.
    def decorate(handler: Callable[..., Result]) -> Callable[..., Result]:
        wrapped = handler
        if detailed_tracing():
            # Neither the response (customer data) nor the error (SDK messages) as metadata.
            wrapped = tracer().capture_lambda_handler(wrapped, capture_response=False, capture_error=False)
        wrapped = metrics.log_metrics(wrapped)
        return logger.inject_lambda_context(wrapped, correlation_id_path=correlation_id_path)

    return decorate


def end_of_init() -> None:
    """Freeze what the handler's import built and turn the garbage collector back on.

    ``gc.freeze`` moves every object alive now to the permanent generation, which no collection
    scans: the modules, classes and validators live as long as the container, and the little cyclic
    garbage the import left (~0.3 MB) is kept rather than paid for with a full collection. Later
    collections see only what invocations allocate. A no-op when the collector is already on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
