"""The embedded AWS the handler fuzz runs on, and what "unhandled" means for each handler.

Every handler runs in-process on the embedded AWS (``aftercall.local.embedded``: moto, the carrier
simulator, the Connect stand-in, SES on moto), except that ingest starts executions of a state
machine that ends at once: each workflow step is called directly with the fuzzed input, so only the
handler under test runs.

What a handler may do with content it cannot use (the contract the fuzz checks), so what counts as
"unhandled":

- ingest_event answers: ingested (``contactId``), ``ignored`` (not COMPLETED) or ``rejected`` (its
  metadata dead-lettered). It raises nothing: Lambda would retry the event for nothing, then put it
  whole, the customer's number included, in its on-failure destination.
- ingest_records and send_sms (batches) report no batch item failure for content: a record is
  ingested or dead-lettered with metadata only (its error a parse error or a typed aftercall error);
  a send is done, or its wait failed, or an unreadable message dropped. They raise nothing.
- receipts answers counts per outcome (``rejected`` for a message it cannot read); raises nothing.
- detail_page answers a page, a 404 or a 429; raises nothing.
- plan, send_email, create_task and outcome (workflow steps) answer their result, or raise an error
  that the definition's Catch or Retry names for the state that invokes them, or
  ``InvalidInputError`` (an input that is not ours: the execution fails, by a typed name).

Anything else is unhandled: a raw ``KeyError``, ``TypeError``, ``ValueError``, ``OverflowError``,
``RecursionError``, pydantic ``ValidationError`` or any other exception, or a batch item failure
(retried until the record expires) for content.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3

from aftercall import errors, statemachine
from aftercall.errors import InvalidInputError
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.resources import INGEST_DEAD_LETTER_QUEUE

# Step handler → the states of the definition that invoke it.
STEP_STATES = {
    "plan": ("Plan",),
    "send-email": ("SendEmail",),
    "create-task": ("CreateTask",),
    "outcome": ("CheckReceipt", "RecordOutcome"),
}
# What a dead letter written by our code may hold: where the input is, and why it was refused.
LETTER_KEYS = {
    "contact_record": {"source", "error", "eventSourceARN", "sequenceNumber", "partitionKey"},
    "contact_event": {"source", "error", "eventId", "time", "contactId"},
}
# Why a payload may be refused: it does not parse, or ingestion refused it with a typed error.
PARSE_ERRORS = {
    "ValidationError",  # pydantic: not a contact record
    "JSONDecodeError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",  # a lone surrogate
    "Error",  # binascii: not base64
    "ValueError",  # nested past the recursion limit
}
TYPED_ERRORS = {
    name for name, value in vars(errors).items() if isinstance(value, type) and issubclass(value, Exception)
}
_NOOP = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})


def _errors_named(states: dict[str, Any], names: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for name, state in states.items():
        for branch in state.get("Branches", []):
            out |= _errors_named(branch["States"], names)
        if name in names:
            for rule in [*state.get("Retry", []), *state.get("Catch", [])]:
                out.update(rule["ErrorEquals"])
    return out


def routed_errors(handler: str) -> set[str]:
    """The error names the definition retries or catches where it invokes ``handler``."""
    definition = json.loads(statemachine.DEFINITION_PATH.read_text(encoding="utf-8"))
    return _errors_named(definition["States"], STEP_STATES[handler]) | {InvalidInputError.__name__}


@dataclass
class FuzzAws:
    aws: EmbeddedAws
    ingest_dlq_url: str
    seen_letters: int = 0

    def step(self, handler: str, event: Any) -> Any:
        """Run a workflow step; an error the definition routes is an answer, anything else fails the test."""
        try:
            return self.aws.invoke(handler, event)
        except Exception as exc:
            if type(exc).__name__ not in routed_errors(handler):
                raise
            return exc

    def new_letters(self) -> list[dict[str, Any]]:
        """The ingest dead letters written since the last call."""
        bodies = self.aws.dead_letters.letters()[INGEST_DEAD_LETTER_QUEUE]
        fresh, self.seen_letters = bodies[self.seen_letters :], len(bodies)
        return [json.loads(body) for body in fresh]


@contextmanager
def fuzz_aws(environment: dict[str, str]) -> Iterator[FuzzAws]:
    with EmbeddedAws(environment=environment) as aws:
        aws._stop.set()  # no queue consumers: each handler is called directly, and polling costs CPU
        sfn = boto3.client("stepfunctions", region_name=aws.region)
        role = "arn:aws:iam::123456789012:role/fuzz"
        noop = sfn.create_state_machine(name="fuzz-noop", definition=_NOOP, roleArn=role)["stateMachineArn"]
        os.environ["STATE_MACHINE_ARN"] = noop  # read when ingest is first built; restored on exit
        yield FuzzAws(aws, os.environ["INGEST_DLQ_URL"])
