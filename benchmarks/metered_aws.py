"""The demo's embedded AWS and runner, metered: handler durations, DynamoDB request units and index
writes, non-empty receives; counted only between the end of a scenario's seeding and the start of
collecting its results."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any
from unittest import mock

import botocore.handlers
import botocore.session
from moto.dynamodb.models import dynamodb_backends

from aftercall.local import ACCOUNT
from aftercall.local.demo_runner import DemoRunner
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.scenario import Scenario
from benchmarks.dynamodb_units import WRITES, Item, index_writes, item_size, request_units, write_units

_METER = "aftercall_meter"  # key of the request context that carries a write from before-call to after-call


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
        if model.name in WRITES and context is not None:
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
            "whatsapp": len(aws.whatsapp.sent),
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
            self.window["whatsapp"] = aws.whatsapp.sent[self.window["whatsapp"] :]
            self.window["tasks"] = len(aws.connect.tasks) - self.window["tasks"]
        return super()._collect(scenario, contact_id, sent)
