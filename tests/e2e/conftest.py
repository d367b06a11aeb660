"""One run of every built-in demo scenario per test session, with everything an admin could see.

The demo's end-to-end test and the privacy test read the same run: the results, what the handlers
printed (Powertools JSON logs and EMF metrics, as Lambda ships them to CloudWatch Logs), every log
record, every execution's input, output and history as the API returns them, every table item, and
every dead letter each scenario left (tests/e2e/test_dead_letters.py).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest

from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.demo_runner import DemoRunner, ScenarioResult
from aftercall.local.resources import TABLES
from aftercall.local.scenario import Scenario
from aftercall.local.triggers import contact_ids
from aftercall.observability import logger

SDK_LOGGERS = ("moto", "botocore", "boto3", "urllib3", "werkzeug", "s3transfer")


@dataclass
class DemoRun:
    scenarios: list[Scenario]
    results: list[ScenarioResult]
    lambda_output: str = ""
    log_records: list[str] = field(default_factory=list)
    histories: dict[str, str] = field(default_factory=dict)  # contact id → input/output/events JSON
    items: list[dict[str, Any]] = field(default_factory=list)
    # scenario → dead-letter queue → the body of each message the scenario put there
    dead_letters: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def result(self, name: str) -> ScenarioResult:
        return next(r for r in self.results if r.scenario.name == name)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(SDK_LOGGERS):
            self.lines.append(record.getMessage() + json.dumps(record.__dict__, default=str))


def _histories(aws: Any, scenario: Scenario) -> dict[str, str]:
    sfn = boto3.client("stepfunctions", region_name=aws.region)
    names = set(contact_ids(scenario))
    out = {}
    for execution in aws.executions():
        if execution["name"] in names:
            described = sfn.describe_execution(executionArn=execution["executionArn"])
            record = {
                "input": described.get("input"),
                "output": described.get("output"),
                "events": aws.history(execution["executionArn"]),
            }
            out[execution["name"]] = json.dumps(record, default=str, ensure_ascii=False)
    return out


@pytest.fixture(scope="session")
def demo_run() -> DemoRun:
    """Run once, then leave moto before any test reads it: nothing is left mocked for other tests."""
    scenarios = builtin_scenarios()
    collect = _Collect()
    root = logging.getLogger()
    root.addHandler(collect)
    level = logger.log_level
    logger.setLevel("DEBUG")
    try:
        with DemoRunner() as demo:
            run = DemoRun(scenarios, [])
            for scenario in scenarios:
                before = {queue: len(bodies) for queue, bodies in demo.aws.dead_letters.letters().items()}
                run.results.append(demo.run(scenario))
                letters = demo.aws.dead_letters.letters()
                run.dead_letters[scenario.name] = {q: bodies[before[q] :] for q, bodies in letters.items()}
                run.histories.update(_histories(demo.aws, scenario))
            dynamodb = boto3.client("dynamodb", region_name=demo.aws.region)
            for table in (TABLES.memos, TABLES.followups, TABLES.preferences, TABLES.links):
                run.items += [{"table": table, "item": i} for i in dynamodb.scan(TableName=table)["Items"]]
            run.lambda_output = demo.aws.lambda_output.text()
            run.log_records = collect.lines
    finally:
        root.removeHandler(collect)
        logger.setLevel(level)
    return run
