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
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import botocore.handlers
import botocore.session
from moto.dynamodb.models import dynamodb_backends

from aftercall.local.builtin_scenarios import builtin_scenarios
from aftercall.local.demo_runner import DemoRunner
from aftercall.local.embedded import ACCOUNT, EmbeddedAws
from aftercall.local.scenario import Scenario

SCENARIOS: tuple[str, ...] = (
    "delivered-first-try",
    "transient-then-delivered",
    "permanent-then-email",
    "email-bounce-then-task",
    "opted-out-customer",
    "quiet-hours-deferral",
    "landline-skip",
    "appointment-with-reminder",
)
HAPPY_PATH = "delivered-first-try"
# The scenarios run for a number of the burst benchmark's 50 parts/s, where each of the two senders
# paces a fixed share; the happy path also runs at 1 part/s (a US 10DLC number), where they share the
# pacing window in DynamoDB (aftercall.domain.pacing.pacer_for).
PARTS_PER_SECOND = 50.0
LOW_LIMIT_PARTS_PER_SECOND = 1.0
GOALS = {"state_transitions": 12, "dynamodb_writes": 6, "lambda_invocations": 4}
LAMBDA_MEMORY_GB = 512 / 1024  # infra/aftercall_infra/function_specs.py FunctionSpec.memory_mb
PRICES_FILE = Path(__file__).with_name("prices.json")
_HARNESS_CALLS = {
    ("sqs", "ReceiveMessage"),  # replaced by the receives that returned messages
    ("stepfunctions", "ListExecutions"),
    ("stepfunctions", "GetExecutionHistory"),
}
_WRITES = {"PutItem", "UpdateItem", "DeleteItem"}
_READS = {"GetItem", "Query", "Scan"}
INDEX_ENTRY_OVERHEAD = 100  # bytes DynamoDB adds to each index entry when sizing its writes
_METER = "aftercall_meter"  # key of the request context that carries a write from before-call to after-call


def load_prices(path: Path = PRICES_FILE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def attribute_size(value: dict[str, Any]) -> int:
    """DynamoDB's size of one typed attribute value (UTF-8 strings, numbers ~1 byte per 2 digits)."""
    kind, inner = next(iter(value.items()))
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        return len(inner.lstrip("-").replace(".", "")) // 2 + 2
    if kind in {"B"}:
        return len(inner)
    if kind in {"BOOL", "NULL"}:
        return 1
    if kind == "M":
        return 3 + sum(len(k.encode()) + attribute_size(v) + 1 for k, v in inner.items())
    if kind == "L":
        return 3 + sum(attribute_size(v) + 1 for v in inner)
    if kind in {"SS", "NS", "BS"}:
        return sum(len(str(v).encode()) for v in inner)
    return 0


def item_size(item: dict[str, Any]) -> int:
    """Bytes of an item as DynamoDB sizes it: attribute names plus values."""
    return sum(len(name.encode()) + attribute_size(value) for name, value in item.items())


def write_units(item_bytes: int) -> float:
    """Write units of one item write: 1 KB a unit, at least one."""
    return float(max(1, math.ceil(item_bytes / 1024)))


def request_units(operation: str, params: dict[str, Any], item_bytes: int = 0) -> tuple[float, float]:
    """(read units, write units) of one DynamoDB request; ``item_bytes`` sizes a write (1 KB a unit)."""
    consistent = bool(params.get("ConsistentRead"))
    if operation in _WRITES:
        return 0.0, write_units(item_bytes)
    if operation in _READS:
        return (1.0 if consistent else 0.5), 0.0
    if operation == "TransactWriteItems":
        return 0.0, 2.0 * len(params.get("TransactItems", []))
    if operation == "TransactGetItems":
        return 2.0 * len(params.get("TransactItems", [])), 0.0
    if operation == "BatchWriteItem":
        return 0.0, float(sum(len(v) for v in params.get("RequestItems", {}).values()))
    if operation == "BatchGetItem":
        keys = [
            (len(v.get("Keys", [])), bool(v.get("ConsistentRead")))
            for v in params.get("RequestItems", {}).values()
        ]
        return sum(n * (1.0 if c else 0.5) for n, c in keys), 0.0
    return 0.0, 0.0


Item = dict[str, Any]  # a DynamoDB item in the wire format: {"name": {"S": "value"}, ...}


def index_writes(
    index: dict[str, Any], table_keys: list[str], before: Item | None, after: Item | None
) -> float:
    """Write units one global secondary index consumes when a write turns ``before`` into ``after``.

    The developer guide's rules: an item that enters or leaves the index costs one index write, a
    changed index key two (delete, then put), a change of a projected attribute one; an item in the
    index neither before nor after, or whose projected attributes did not change, costs nothing.
    Each write is sized by its index entry (index and table keys, projected attributes, 100 bytes).
    ``index`` is the GSI description (``KeySchema``, ``Projection``).
    """
    keys = [k["AttributeName"] for k in index["KeySchema"]]
    projection = index.get("Projection", {})
    kind = projection.get("ProjectionType", "ALL")

    def entry(item: Item | None) -> Item | None:
        if item is None or not all(k in item for k in keys):
            return None  # sparse: not in the index
        if kind == "ALL":
            return dict(item)
        kept = {*keys, *table_keys, *(projection.get("NonKeyAttributes", []) if kind == "INCLUDE" else [])}
        return {name: value for name, value in item.items() if name in kept}

    old, new = entry(before), entry(after)
    if old is None and new is None:
        return 0.0
    if old is None or new is None:
        return write_units(item_size(old or new or {}) + INDEX_ENTRY_OVERHEAD)
    if any(old[k] != new[k] for k in keys):
        return write_units(item_size(old) + INDEX_ENTRY_OVERHEAD) + write_units(
            item_size(new) + INDEX_ENTRY_OVERHEAD
        )
    return write_units(item_size(new) + INDEX_ENTRY_OVERHEAD) if old != new else 0.0


class MeteredAws(EmbeddedAws):
    """The embedded AWS with handler durations and DynamoDB units, read only while ``metering``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metering = False
        self._timing = threading.local()
        self.inflight = 0
        self._lock = threading.Lock()
        self._hooks = [
            ("before-call", self._meter_request),
            ("after-call.dynamodb", self._meter_write),
            ("after-call.sqs.ReceiveMessage", self._meter_receive),
        ]
        self.reset_meters()

    def reset_meters(self) -> None:
        """Forget the previous scenario's figures (the embedded AWS is shared by the scenarios)."""
        self.durations: defaultdict[str, list[float]] = defaultdict(list)
        self.cpu: defaultdict[str, list[float]] = defaultdict(list)
        self.warm_cpu: defaultdict[str, list[float]] = defaultdict(list)
        self.writes: Counter[str] = Counter()
        self.index_wru_by_index: defaultdict[str, float] = defaultdict(float)
        self.rru = 0.0
        self.wru = 0.0  # table and index writes
        self.index_wru = 0.0
        self.consistent_reads = 0
        self.max_put_bytes = 0
        self.nonempty_receives = 0

    def __enter__(self) -> MeteredAws:
        botocore.handlers.BUILTIN_HANDLERS.extend(self._hooks)
        try:
            super().__enter__()
            patch = mock.patch.object(
                botocore.session.Session,
                "create_client",
                self._create_client(botocore.session.Session.create_client),
            )
            self._stack.enter_context(patch)
        except BaseException:
            self._remove_hooks()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            super().__exit__(*exc)
        finally:
            self._remove_hooks()

    def _remove_hooks(self) -> None:
        for hook in self._hooks:
            if hook in botocore.handlers.BUILTIN_HANDLERS:
                botocore.handlers.BUILTIN_HANDLERS.remove(hook)

    def _meter_request(
        self,
        model: Any,
        params: dict[str, Any] | None = None,
        context: dict[str, Any] | None = None,
        **_kwargs: Any,
    ) -> None:
        """``params`` is the serialized request; DynamoDB's body is the API parameters as JSON.

        Reads are priced here; a single-item write keeps the item as it is now for ``_meter_write``.
        """
        if not self.metering or model.service_model.service_name != "dynamodb":
            return
        body = (params or {}).get("body") or b"{}"
        api = json.loads(body.decode() if isinstance(body, bytes) else body)
        table = api.get("TableName", "?")
        if model.name in _WRITES and context is not None:
            key = self._key_of(table, api.get("Item") or api.get("Key") or {})
            context[_METER] = (table, key, self._stored(table, key))
            return
        rru, wru = request_units(model.name, api)  # reads; batches and transactions by their items
        self.rru += rru
        self.wru += wru
        self.consistent_reads += int(bool(api.get("ConsistentRead")))
        if wru:
            self.writes[f"{table}:{model.name}"] += 1

    def _meter_write(self, model: Any, context: dict[str, Any] | None = None, **_kwargs: Any) -> None:
        """A single-item write: the larger of the item before and after, plus what each index wrote.

        A write refused by its condition changed nothing: it costs the item's size, no index write.
        """
        if not self.metering or not context or _METER not in context:
            return
        table, key, before = context.pop(_METER)
        after = self._stored(table, key)
        if model.name == "PutItem" and after is not None:
            self.max_put_bytes = max(self.max_put_bytes, item_size(after))
        self.wru += write_units(max(item_size(before or {}), item_size(after or {})))
        self.writes[f"{table}:{model.name}"] += 1
        description = self._table(table)
        table_keys = [k["AttributeName"] for k in description["KeySchema"]]
        for index in description.get("GlobalSecondaryIndexes", []):
            units = index_writes(index, table_keys, before, after)
            self.index_wru += units
            self.wru += units
            if units:
                self.index_wru_by_index[f"{table}/{index['IndexName']}"] += units

    def _table(self, name: str) -> dict[str, Any]:
        table = dynamodb_backends[ACCOUNT][self.region].get_table(name)
        description: dict[str, Any] = table.describe()["TableDescription"]
        return description

    def _key_of(self, table: str, item: Item) -> Item:
        return {k["AttributeName"]: item[k["AttributeName"]] for k in self._table(table)["KeySchema"]}

    def _stored(self, table: str, key: Item) -> Item | None:
        """The item as moto holds it right now (wire format), or None."""
        item = dynamodb_backends[ACCOUNT][self.region].get_item(table, key)
        if item is None:
            return None
        attributes: Item = item.to_json()["Attributes"]
        return attributes

    def _meter_receive(self, parsed: dict[str, Any] | None = None, **_kwargs: Any) -> None:
        if self.metering and parsed and parsed.get("Messages"):
            self.nonempty_receives += 1

    def _create_client(self, original: Callable[..., Any]) -> Callable[..., Any]:
        local = self._timing

        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.thread_time()
            try:
                return original(session, *args, **kwargs)
            finally:
                local.client_cpu = getattr(local, "client_cpu", 0.0) + time.thread_time() - started

        return create_client

    def _handler(self, name: str) -> Callable[..., Any]:
        inner = super()._handler(name)
        local = self._timing

        def timed(event: Any, context: Any) -> Any:
            stack: list[list[float]] = local.__dict__.setdefault("stack", [])
            stack.append([0.0, 0.0, 0.0])
            with self._lock:
                self.inflight += 1
            wall0, cpu0, client0 = time.perf_counter(), time.thread_time(), getattr(local, "client_cpu", 0.0)
            try:
                return inner(event, context)
            finally:
                spent = [
                    time.perf_counter() - wall0,
                    time.thread_time() - cpu0,
                    getattr(local, "client_cpu", 0.0) - client0,
                ]
                nested = stack.pop()
                if stack:
                    stack[-1] = [a + b for a, b in zip(stack[-1], spent, strict=True)]
                if self.metering:
                    wall, cpu, client = (a - b for a, b in zip(spent, nested, strict=True))
                    self.durations[name].append(wall)
                    self.cpu[name].append(cpu)
                    self.warm_cpu[name].append(cpu - client)
                with self._lock:
                    self.inflight -= 1

        return timed

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until no handler has run for ``quiet`` seconds (the sender finishes after the workflow)."""
        deadline = time.monotonic() + timeout
        calm_since = time.monotonic()
        while time.monotonic() < deadline:
            if self.inflight:
                calm_since = time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                return
            time.sleep(0.02)


def _country(destination: str) -> str:
    return "KR" if destination.startswith("+82") else "US" if destination.startswith("+1") else "other"


class MeteredRunner(DemoRunner):
    """The demo's runner on the metered AWS; counting starts after seeding and stops before collecting.

    ``parts_per_second`` is the sending number's limit, which decides how the senders pace: a fixed
    share each (no DynamoDB request), or the shared pacing window (a read and a write per text)."""

    def __init__(self, parts_per_second: float) -> None:
        super().__init__()
        self.aws: MeteredAws = MeteredAws(environment={"SMS_PARTS_PER_SECOND": f"{parts_per_second:g}"})
        self.window: dict[str, Any] = {}

    def __enter__(self) -> MeteredRunner:
        super().__enter__()
        return self

    def _seed(self, scenario: Scenario) -> None:
        super()._seed(scenario)
        aws = self.aws
        aws.reset_meters()
        self.window = {
            "calls": Counter(aws.counts.api_calls),
            "invocations": Counter(aws.counts.invocations),
            "texts": len(aws.carrier.sent),
            "tasks": len(aws.connect.tasks),
            "started": time.perf_counter(),
        }
        aws.metering = True

    def _collect(self, scenario: Scenario, contact_id: str, sent: list[Any]) -> Any:
        aws = self.aws
        if aws.metering:
            aws.settle()
            aws.metering = False
            self.window["real_seconds"] = time.perf_counter() - self.window["started"]
            self.window["calls"] = Counter(aws.counts.api_calls) - self.window["calls"]
            self.window["invocations"] = Counter(aws.counts.invocations) - self.window["invocations"]
            self.window["texts"] = aws.carrier.sent[self.window["texts"] :]
            self.window["tasks"] = len(aws.connect.tasks) - self.window["tasks"]
        return super()._collect(scenario, contact_id, sent)


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
    writes = _WRITES | {"TransactWriteItems", "BatchWriteItem"}
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
        "real_seconds": round(window.get("real_seconds", 0.0), 2),
    }


def _price(prices: dict[str, Any], key: str) -> float | None:
    value = prices["prices"][key]["usd"]
    return None if value is None else float(value)


def usd_per_1000(row: dict[str, Any], prices: dict[str, Any]) -> dict[str, Any]:
    """USD per 1,000 follow-ups like ``row`` (one contact per scenario); SMS fees are kept apart."""
    per = 1000 / max(row["contacts"], 1)
    calls = row["api_calls"]
    sqs = sum(n for k, n in calls.items() if k.startswith("sqs:"))
    lines = {
        "stepfunctions": row["state_transitions"]
        * per
        / 1000
        * (_price(prices, "stepfunctions_standard_per_1000_transitions") or 0),
        "lambda_requests": row["lambda_invocations_total"]
        * per
        / 1e6
        * (_price(prices, "lambda_per_1m_requests") or 0),
        "lambda_duration": row["lambda_gb_seconds"]
        * per
        * (_price(prices, "lambda_arm64_per_gb_second") or 0),
        "dynamodb": (
            row["dynamodb"]["wru"] * per / 1e6 * (_price(prices, "dynamodb_on_demand_per_1m_wru") or 0)
            + row["dynamodb"]["rru"] * per / 1e6 * (_price(prices, "dynamodb_on_demand_per_1m_rru") or 0)
        ),
        "sqs": sqs * per / 1e6 * (_price(prices, "sqs_standard_per_1m_requests") or 0),
        "sns": calls.get("sns:Publish", 0)
        * per
        / 1e6
        * (_price(prices, "sns_standard_per_1m_publishes") or 0),
        "ses": calls.get("sesv2:SendEmail", 0) * per / 1000 * (_price(prices, "ses_per_1000_emails") or 0),
    }
    tasks = calls.get("connect:StartTaskContact", 0) * per
    return {
        **{k: round(v, 5) for k, v in lines.items()},
        "aws_total": round(sum(lines.values()), 5),
        "connect_tasks": tasks,
        "connect_task_fee": "price unverified" if tasks else 0,
        "sms_parts": {c: n * per for c, n in row["sms"]["parts_by_country"].items()},
    }


def run(names: tuple[str, ...] = SCENARIOS) -> dict[str, Any]:
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    prices = load_prices()
    by_name = {s.name: s for s in builtin_scenarios()}
    rows = []
    with MeteredRunner(PARTS_PER_SECOND) as runner:  # one embedded AWS for every scenario, as in the demo
        for name in names:
            row = measure(runner, by_name[name])
            row["usd_per_1000_followups"] = usd_per_1000(row, prices)
            rows.append(row)
    low_limit = None
    if HAPPY_PATH in names:
        with MeteredRunner(LOW_LIMIT_PARTS_PER_SECOND) as runner:
            low_limit = measure(runner, by_name[HAPPY_PATH])
            low_limit["usd_per_1000_followups"] = usd_per_1000(low_limit, prices)
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
            "SNS: publishes of SMS and SES events to our topics; deliveries to Lambda not charged",
            "Step Functions API calls (StartExecution, SendTaskSuccess/Failure) are not charged",
        ],
        "happy_path_goals": goals,
        "sms_parts_per_second": PARTS_PER_SECOND,
        "scenarios": rows,
        "low_limit_parts_per_second": LOW_LIMIT_PARTS_PER_SECOND,
        "happy_path_low_limit": low_limit,
    }
