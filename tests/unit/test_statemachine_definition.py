"""The follow-up definition: valid JSON, placeholders declared, error names real, states connected."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from aftercall import errors
from aftercall.statemachine import DEFINITION_PATH, PLACEHOLDERS, placeholders_in, render

pytestmark = pytest.mark.unit

AWS_ERROR_PREFIXES = ("States.", "Lambda.", "DynamoDB.", "SQS.")


def _definition() -> dict[str, Any]:
    return json.loads(render({name: f"value-of-{name}" for name in PLACEHOLDERS}))


def _handlers(states: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, state in states.items():
        for kind in ("Retry", "Catch"):
            for handler in state.get(kind, []):
                yield name, kind, handler


def test_the_file_declares_exactly_the_documented_placeholders() -> None:
    assert placeholders_in(DEFINITION_PATH.read_text(encoding="utf-8")) == set(PLACEHOLDERS)


def test_the_rendered_definition_is_valid_json_with_the_values_in_place() -> None:
    definition = _definition()
    assert definition["States"]["SendSms"]["Parameters"]["QueueUrl"] == "value-of-SendQueueUrl"


def test_a_missing_substitution_is_an_error() -> None:
    with pytest.raises(KeyError, match="SendQueueUrl"):
        render({name: "x" for name in PLACEHOLDERS if name != "SendQueueUrl"})


def test_every_retried_or_caught_error_exists_in_the_errors_module() -> None:
    names = {
        error
        for _, _, handler in _handlers(_definition()["States"])
        for error in handler["ErrorEquals"]
        if not error.startswith(AWS_ERROR_PREFIXES)
    }
    assert names
    assert {n for n in names if not isinstance(getattr(errors, n, None), type)} == set()


def test_every_transition_targets_an_existing_state() -> None:
    definition = _definition()
    states = definition["States"]
    targets = {definition["StartAt"]}
    for state in states.values():
        targets.update(t for t in (state.get("Next"), state.get("Default")) if t)
        targets.update(choice["Next"] for choice in state.get("Choices", []))
    targets.update(handler["Next"] for _, kind, handler in _handlers(states) if kind == "Catch")
    assert targets <= set(states)


def test_every_retry_backs_off_with_full_jitter() -> None:
    retries = [h for _, kind, h in _handlers(_definition()["States"]) if kind == "Retry"]
    assert all(
        r["JitterStrategy"] == "FULL" and r["BackoffRate"] > 1 and r["MaxAttempts"] >= 1 for r in retries
    )


def test_configuration_errors_are_not_caught_so_the_execution_fails_visibly() -> None:
    caught = {
        e for _, kind, h in _handlers(_definition()["States"]) if kind == "Catch" for e in h["ErrorEquals"]
    }
    assert errors.ConfigurationError.__name__ not in caught
    assert "States.ALL" not in caught


# Lambda's transient service errors (Step Functions best practice) and its unhandled errors: timeouts and
# out-of-memory end a Lambda step as Lambda.Unknown.
LAMBDA_SERVICE_ERRORS = {
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.ClientExecutionTimeoutException",
    "Lambda.TooManyRequestsException",
}


def _lambda_states(states: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in states.items() if s.get("Resource", "").startswith("arn:aws:states:::lambda:")}


def _retried(state: dict[str, Any]) -> set[str]:
    return {error for retry in state.get("Retry", []) for error in retry["ErrorEquals"]}


def _caught(state: dict[str, Any], error: str) -> str | None:
    return next((c["Next"] for c in state.get("Catch", []) if error in c["ErrorEquals"]), None)


def test_every_lambda_step_retries_lambdas_service_errors_and_client_timeouts() -> None:
    states = _lambda_states(_definition()["States"])
    assert set(states) == {"Plan", "CheckReceipt", "SendWhatsApp", "SendEmail", "CreateTask", "RecordOutcome"}
    for name, state in states.items():
        assert _retried(state) >= LAMBDA_SERVICE_ERRORS, name


def test_lambda_unknown_is_retried_except_where_a_retry_could_send_twice() -> None:
    """A timeout or crash (Lambda.Unknown) is retried where a step is idempotent; the email step's
    retry would be a new attempt after SES may have accepted the first email: it falls back instead."""
    states = _lambda_states(_definition()["States"])
    for name, state in states.items():
        if name == "SendEmail":
            assert "Lambda.Unknown" not in _retried(state)
            assert _caught(state, "Lambda.Unknown") == "FallBack"
        else:
            assert "Lambda.Unknown" in _retried(state), name


def test_the_sms_step_retries_a_failure_of_its_own_queue_send() -> None:
    send_sms = _definition()["States"]["SendSms"]
    (queue_retry,) = [r for r in send_sms["Retry"] if any(e.startswith("SQS.") for e in r["ErrorEquals"])]

    assert set(queue_retry["ErrorEquals"]) == {"SQS.SdkClientException", "SQS.AmazonSQSException"}
    assert 2 <= queue_retry["MaxAttempts"] <= 5
    # Never States.TaskFailed or States.ALL: they would also retry our own errors (an opt-out, a
    # permanent failure) before any Catch could route them.
    assert not _retried(send_sms) & {"States.TaskFailed", "States.ALL"}


def test_a_dead_lettered_send_falls_back_at_once() -> None:
    send_sms = _definition()["States"]["SendSms"]

    assert errors.SendDeadLetteredError.__name__ not in _retried(send_sms)
    assert _caught(send_sms, errors.SendDeadLetteredError.__name__) == "FallBack"
