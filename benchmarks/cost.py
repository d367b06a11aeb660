"""Cost per follow-up, counted from the demo's scenarios run on the embedded AWS.

Each scenario runs through the demo's own runner (``aftercall.local.demo_runner.DemoRunner``: one
embedded AWS for every scenario, the same seeding, triggers and scenario clock), but the counters are
read only between the end of seeding and the start of collecting: seeding preferences and reading
results back are not the application's cost, and ``ScenarioResult.api_calls`` includes them.

Counted: Lambda invocations and their in-process duration (exclusive of nested handlers, e.g. the
receipt handler that the carrier simulator's SNS publish runs inside the sender), Step Functions
states entered plus ASL retries (each is a billed transition), DynamoDB requests turned into request
units from the item before and after each write (read from moto's backend) and the index (GSI)
writes they cause, SQS/SNS/SES/Connect requests, SMS parts by destination country.
Not counted: polling that is not per follow-up (the send queue's empty receives, the harness's
ListExecutions and GetExecutionHistory), KMS requests behind the encrypted tables, CloudWatch Logs,
X-Ray.

The metering is in metered_aws.py, the request-unit rules in dynamodb_units.py, the prices in
prices.py.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from typing import Any

from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.scenario import Scenario
from aftercall.settings.steps import SendSmsSettings
from benchmarks.dynamodb_units import WRITES
from benchmarks.metered_aws import MeteredRunner
from benchmarks.prices import DEFAULT_REGION, load_price_tables, usd_by_region, usd_per_1000

SCENARIOS: tuple[str, ...] = (
    "delivered-first-try",
    "transient-then-delivered",
    "permanent-then-email",
    "email-bounce-then-task",
    "opted-out-customer",
    "quiet-hours-deferral",
    "landline-skip",
    "appointment-with-reminder",
    "whatsapp-preferred",
    "whatsapp-in-window",
    "whatsapp-failed-then-sms",
)
HAPPY_PATH = "delivered-first-try"
# The scenarios run for a number of the burst benchmark's 50 parts/s, where each of the two senders
# paces a fixed share; the happy path also runs at the default sending number's 1 part/s (the
# settings' and smsPartsPerSecond's default, a US 10DLC number), where they share the pacing window in
# DynamoDB (aftercall.domain.pacing.pacer_for).
PARTS_PER_SECOND = 50.0
LOW_LIMIT_PARTS_PER_SECOND: float = SendSmsSettings.model_fields["sms_parts_per_second"].default
GOALS = {"state_transitions": 12, "dynamodb_writes": 6, "lambda_invocations": 4}
LAMBDA_MEMORY_GB = 512 / 1024  # infra/aftercall_infra/function_specs.py FunctionSpec.memory_mb
_HARNESS_CALLS = {
    ("sqs", "ReceiveMessage"),  # replaced by the receives that returned messages
    ("stepfunctions", "ListExecutions"),
    ("stepfunctions", "GetExecutionHistory"),
}


def _country(destination: str) -> str:
    return "KR" if destination.startswith("+82") else "US" if destination.startswith("+1") else "other"


def measure(runner: MeteredRunner, scenario: Scenario) -> dict[str, Any]:
    """Run ``scenario`` through the demo's runner and count what the application did for it."""
    result = runner.run(scenario)
    aws, window = runner.aws, runner.window
    calls, invocations, texts = window["calls"], window["invocations"], window["texts"]
    app_calls = {f"{s}:{o}": n for (s, o), n in sorted(calls.items()) if (s, o) not in _HARNESS_CALLS}
    app_calls["sqs:ReceiveMessage(non-empty)"] = aws.nonempty_receives
    # Stand-ins, not boto3 clients, answer these: count what they did (DescribeContact is not counted).
    app_calls["connect:StartTaskContact"] = window["tasks"]
    app_calls["pinpoint-sms-voice-v2:SendTextMessage(accepted)"] = len(texts)
    durations = {name: [round(d * 1000, 2) for d in ds] for name, ds in sorted(aws.durations.items())}
    cpu = {name: [round(d * 1000, 2) for d in ds] for name, ds in sorted(aws.cpu.items())}
    warm = {name: [round(d * 1000, 2) for d in ds] for name, ds in sorted(aws.warm_cpu.items())}
    dynamodb_ops = {o: n for (s, o), n in calls.items() if s == "dynamodb"}
    writes = WRITES | {"TransactWriteItems", "BatchWriteItem"}
    retries = len(result.retry_delays)
    return {
        "scenario": scenario.name,
        "contacts": len(result.contacts),
        "outcomes": sorted(
            c.outcome + (f":{c.skip_reason}" if c.skip_reason else "") for c in result.contacts
        ),
        "expected_outcomes_met": result.ok,
        "lambda_invocations": dict(sorted(invocations.items())),
        "lambda_invocations_total": sum(invocations.values()),
        "lambda_ms_in_process": durations,
        "lambda_cpu_ms_in_process": cpu,
        "lambda_cpu_ms_without_client_creation": warm,
        "lambda_gb_seconds": round(
            sum(math.ceil(ms) for ds in warm.values() for ms in ds) / 1000 * LAMBDA_MEMORY_GB, 4
        ),
        "lambda_gb_seconds_cold": round(
            sum(math.ceil(ms) for ds in cpu.values() for ms in ds) / 1000 * LAMBDA_MEMORY_GB, 4
        ),
        "state_transitions": result.state_transitions + retries,
        "states_entered": result.state_transitions,
        "asl_retries": retries,
        "dynamodb": {
            "requests": dict(sorted(dynamodb_ops.items())),
            "write_requests": sum(n for o, n in dynamodb_ops.items() if o in writes),
            "read_requests": sum(n for o, n in dynamodb_ops.items() if o not in writes),
            "consistent_reads": aws.consistent_reads,
            "wru": aws.wru,
            "index_wru": aws.index_wru,
            "index_wru_by_index": dict(sorted(aws.index_wru_by_index.items())),
            "rru": aws.rru,
            "largest_put_item_bytes": aws.max_put_bytes,
            "writes_by_table": dict(sorted(aws.writes.items())),
        },
        "api_calls": app_calls,
        "sms": {
            "texts": len(texts),
            "parts": sum(t.parts for t in texts),
            "parts_by_country": dict(Counter(_country(t.destination) for t in texts for _ in range(t.parts))),
            "encodings": sorted({t.encoding for t in texts}),
        },
        "whatsapp": whatsapp_counts(window["whatsapp"]),
        "real_seconds": round(window.get("real_seconds", 0.0), 2),
    }


def whatsapp_counts(sent: list[dict[str, Any]]) -> dict[str, Any]:
    """WhatsApp messages by Meta's charging category and the recipient's country: a template is a
    utility message sent outside the 24-hour window (charged), a free-form text a service message
    inside it (free); every message also pays AWS's fee."""
    categories = Counter(
        f"{'utility' if s['message'].get('type') == 'template' else 'service'}:{_country(s['message']['to'])}"
        for s in sent
    )
    return {"messages": len(sent), "by_category": dict(sorted(categories.items()))}


def _priced(row: dict[str, Any], tables: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``row`` with its USD per 1,000 follow-ups: at the default region's prices (the per-service
    tables) and at every region's."""
    row["usd_per_1000_followups"] = usd_per_1000(row, tables[DEFAULT_REGION])
    row["usd_per_1000_followups_by_region"] = usd_by_region(row, tables)
    return row


def _writes_by_rate(happy: dict[str, Any] | None, low_limit: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The happy path's DynamoDB writes against their goal at each sending rate measured, the default
    rate first: below two of the largest texts per second the senders share a pacing window, which
    adds its writes."""
    runs = [(LOW_LIMIT_PARTS_PER_SECOND, low_limit), (PARTS_PER_SECOND, happy)]
    goal = GOALS["dynamodb_writes"]
    return [
        {
            "parts_per_second": rate,
            "default": rate == LOW_LIMIT_PARTS_PER_SECOND,
            "dynamodb_writes": row["dynamodb"]["write_requests"],
            "writes_by_table": row["dynamodb"]["writes_by_table"],
            "goal": goal,
            "met": row["dynamodb"]["write_requests"] <= goal,
        }
        for rate, row in runs
        if row is not None
    ]


def run(names: tuple[str, ...] = SCENARIOS) -> dict[str, Any]:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    tables = load_price_tables()
    prices = tables[DEFAULT_REGION]
    by_name = {s.name: s for s in builtin_scenarios()}
    rows = []
    with MeteredRunner(PARTS_PER_SECOND) as runner:  # one embedded AWS for every scenario, as in the demo
        for name in names:
            rows.append(_priced(measure(runner, by_name[name]), tables))
    low_limit = None
    if HAPPY_PATH in names:
        with MeteredRunner(LOW_LIMIT_PARTS_PER_SECOND) as runner:
            low_limit = _priced(measure(runner, by_name[HAPPY_PATH]), tables)
    happy = next((r for r in rows if r["scenario"] == HAPPY_PATH), None)
    goals = None
    if happy is not None:
        achieved = {
            "state_transitions": happy["state_transitions"],
            "dynamodb_writes": happy["dynamodb"]["write_requests"],
            "lambda_invocations": happy["lambda_invocations_total"],
        }
        goals = {k: {"goal": GOALS[k], "achieved": v, "met": v <= GOALS[k]} for k, v in achieved.items()}
    return {
        "price_region": prices["region"],
        "prices_taken_on": prices["taken_on"],
        "price_regions": {region: table["taken_on"] for region, table in tables.items()},
        "lambda_memory_gb": LAMBDA_MEMORY_GB,
        "assumptions": [
            "one follow-up per scenario (each built-in scenario has one contact)",
            "DynamoDB writes = the write requests the application makes (PutItem, UpdateItem, DeleteItem; "
            "Step Functions' updateItem included; a write refused by its condition counts too). WRU = "
            "their table units plus their index (GSI) units: a PutItem, UpdateItem or DeleteItem costs "
            "ceil(size / 1 KB) of the larger of the item before and after (names + values, read from "
            "moto's backend; a refused write the size of the stored item), at least 1; each GSI adds, "
            "per the developer guide, 1 write when the item enters or leaves the index or a projected "
            "attribute changes, 2 when an index key changes, none otherwise, each sized by its index "
            "entry + 100 bytes. Reads 1 RRU when ConsistentRead else 0.5 (items under 4 KB); "
            "transactions 2 units per item",
            "Step Functions: billed transitions = states entered (from the execution history) + ASL retries",
            "Lambda duration: CPU time of the handler's thread in-process on moto on this machine "
            "(moto's own work stands in for network round trips), exclusive of nested handlers. The "
            "scenarios share one embedded AWS and one handler thread, like one warm container: the "
            "first scenario pays the botocore client creation (PynamoDB builds one session and client "
            "per table per thread), measured separately; GB-s and USD use the CPU time without it "
            "(warm), lambda_gb_seconds_cold keeps it; wall times are listed but include harness threads",
            "SQS: SendMessage + DeleteMessage + receives that returned messages; empty polls of the event "
            "source mapping are a fixed cost, not per follow-up",
            "SNS: publishes of SMS, SES and WhatsApp events to our topics; deliveries to Lambda not charged",
            "WhatsApp: each message pays AWS's per-message fee plus Meta's rate for its category and the "
            "recipient's country: a template outside the 24-hour window is a utility message (charged), a "
            "free-form text inside it a service message (no Meta fee); status events are not messages; a "
            "customer's own message (which opens the window) pays AWS's fee too, not counted per follow-up",
            "Step Functions API calls (StartExecution, SendTaskSuccess/Failure) are not charged",
        ],
        "happy_path_goals": goals,
        "sms_parts_per_second": PARTS_PER_SECOND,
        "scenarios": rows,
        "low_limit_parts_per_second": LOW_LIMIT_PARTS_PER_SECOND,
        "happy_path_low_limit": low_limit,
        "happy_path_dynamodb_writes": _writes_by_rate(happy, low_limit),
    }
