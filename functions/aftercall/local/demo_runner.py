"""Runs scenarios through the whole system on the embedded AWS and collects what happened.

Everything goes through the real code path: the payloads go to the ingest handlers, the real state
machine definition runs on moto's interpreter, its tasks call the real handlers, texts go to the
carrier simulator, receipts come back through SNS to the receipt handler, emails go through SES on
moto, tasks to the Connect stand-in. Only time is compressed: waits and back-offs return at once.
Scenarios share one embedded AWS (set up once); each one's counts are the difference it made.

Whatever the input, a scenario ends: only contacts whose trigger was ingested get an execution to
wait for, and that wait is bounded (``wait_seconds``); a contact that was ignored or rejected is
reported with its reason, one still running when the wait ends as ``unfinished``.
"""

from __future__ import annotations

import socket
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aftercall import container
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.workflow_starter import execution_name
from aftercall.domain.call import instance_id_from_arn
from aftercall.domain.gate import GateSummary
from aftercall.local.admin_resends import ResendResult, run_resends
from aftercall.local.agent_flows import FlowResult, run_flows
from aftercall.local.carrier import max_parts_in_one_second
from aftercall.local.customer_replies import seed_preferences, send_replies
from aftercall.local.embedded import EmbeddedAws
from aftercall.local.links import links_from_now
from aftercall.local.resources import TABLES
from aftercall.local.scenario import Scenario
from aftercall.local.template_edits import TemplateVerdict, type_templates
from aftercall.local.triggers import Fate, dispatch, event_contact, event_instance_arn, record_contact
from aftercall.local.whatsapp_demo import duplicate_messages, seed_whatsapp, whatsapp_texts

_DEFAULT_INSTANCE_ID = "12345678-1234-1234-1234-123456789012"
REMINDER_SUFFIX = "_reminder"
WAIT_SECONDS = 45.0  # for a scenario's executions; the demo then reports what is still running
UNFINISHED = "unfinished"


@dataclass(frozen=True)
class Attempt:
    channel: str
    status: str
    parts: int | None = None
    encoding: str | None = None
    statuses: tuple[str, ...] = ()


@dataclass
class ContactResult:
    contact_id: str
    memo_saved: bool
    memo_findings: list[str]
    skip_reason: str | None
    plan: dict[str, Any]
    attempts: list[Attempt]
    outcome: str
    texts_sent: int
    expected: str | None
    texts: list[str] = field(default_factory=list)  # shown in the human timeline only, never logged
    send_at: datetime | None = None
    tasks: int = 0
    emails: int = 0
    gate: str | None = None  # the gate's decision: action and classes by field, never text
    task_texts: list[str] = field(default_factory=list)  # what an agent's task says (human timeline only)
    reason: str | None = None  # why there is no follow-up: "ignored:<event type>", "rejected:<error>"
    history: dict[str, str] | None = None  # what customer_history answered for this contact's agent
    memo_checks: list[FlowResult] = field(default_factory=list)  # the memo form's checks, in order
    replies: list[tuple[str, str]] = field(default_factory=list)  # (what the customer wrote, what it did)
    resends: list[ResendResult] = field(default_factory=list)  # an operator's, after the outcome

    @property
    def ok(self) -> bool:
        """As expected: the outcome, or the outcome with its detail (``skipped:landline``)."""
        detail = self.reason.partition(":")[2] if self.reason else self.skip_reason
        as_expected = self.expected is None or self.expected in {self.outcome, f"{self.outcome}:{detail}"}
        return as_expected and all(r.ok for r in self.resends)


@dataclass
class ScenarioResult:
    scenario: Scenario
    contacts: list[ContactResult]
    api_calls: Counter[str]
    state_transitions: int
    lambda_invocations: Counter[str]
    texts_sent: int
    parts_sent: int
    duplicate_texts: int
    provider_throttles: int  # ThrottlingException answers from the carrier (retried later)
    max_parts_per_second: int  # the most parts accepted in any one-second window
    retry_delays: list[float]
    real_seconds: float
    templates: list[TemplateVerdict] = field(default_factory=list)  # typed in the console, judged

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.contacts) and self.duplicate_texts == 0


def _instance_of(scenario: Scenario, contact_id: str) -> str:
    for i, event in enumerate(scenario.events):
        if event_contact(event, i) == contact_id and event_instance_arn(event):
            return instance_id_from_arn(event_instance_arn(event))
    for i, record in enumerate(scenario.records):
        if record_contact(record, i) == contact_id and isinstance(record.get("InstanceARN"), str):
            return instance_id_from_arn(record["InstanceARN"])
    return _DEFAULT_INSTANCE_ID


def _free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class DemoRunner:
    """``with DemoRunner() as demo: demo.run(scenario)`` — one embedded AWS for every scenario.

    The customer's detail page is served on 127.0.0.1 against the same embedded AWS, so the links in
    the detail texts open while the runner is alive (``aftercall demo --serve`` keeps it alive).
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int | None = None, wait_seconds: float = WAIT_SECONDS
    ) -> None:
        self.page_url = f"http://{host}:{port or _free_port(host)}"
        self._host = host
        self._wait_seconds = wait_seconds
        self._fates: dict[str, Fate] = {}  # of the scenario being run: what became of its triggers
        self._running: set[str] = set()  # its executions still running when the wait ended
        self._flows: list[FlowResult] = []  # its agent-side flow calls and their answers
        self._replies: list[tuple[str, str, str]] = []  # (contact, reply, what it did)
        self._resends: list[ResendResult] = []
        self._whatsapp_start = 0  # the WhatsApp messages sent before the scenario
        self.aws = EmbeddedAws(
            environment={
                "SMS_PARTS_PER_SECOND": "3",  # the toll-free starting rate; bursts set the carrier to it
                "DETAIL_BASE_URL": self.page_url,
            }
        )
        self._server: Any = None

    def __enter__(self) -> DemoRunner:
        from aftercall.local.page_server import serve_in_thread  # the page's modules: not needed elsewhere

        self.aws.__enter__()
        try:
            port = int(self.page_url.rsplit(":", 1)[1])
            self._server, _ = serve_in_thread(TABLES, port=port, host=self._host)
        except BaseException:
            self.aws.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self.aws.__exit__(*exc)

    def run(self, scenario: Scenario) -> ScenarioResult:
        aws = self.aws
        started = time.monotonic()
        # The plan decides against the scenario's clock (quiet hours, caps, reminders), moving on in
        # real time from the call's end.
        container.clocks.wall = lambda: scenario.clock + timedelta(seconds=time.monotonic() - started)
        typed = type_templates(aws, scenario)  # an admin's edit before the calls: not counted with them
        seed_whatsapp(aws, scenario)  # the account's templates, the customers' messages before the calls
        with _delta(aws) as before:
            self._whatsapp_start = before.whatsapp
            self._seed(scenario)
            flows = scenario.agent_flows
            # The agent checks the memo before it is saved; the next agent's history is asked for once
            # the earlier follow-ups have ended.
            self._flows = run_flows(aws.invoke, [f for f in flows if f.function == "check_memo"])
            fates = dispatch(aws, scenario)
            names = tuple(execution_name(cid) for cid, fate in fates.items() if fate.ingested)
            executions = [e for e in self._wait(names) if e["name"] in names]
            self._replies = send_replies(aws, scenario)
            self._resends = run_resends(aws, scenario, self._wait_seconds)
            self._flows += run_flows(aws.invoke, [f for f in flows if f.function == "customer_history"])
            transitions = sum(len(aws.states_entered(e["executionArn"])) for e in executions)
            counts = aws.counts
            api_calls = (
                Counter({f"{s}:{o}": n - before.api_calls[(s, o)] for (s, o), n in counts.api_calls.items()})
                - Counter()
            )  # taken before reading the results back, which makes calls of its own
            invocations = Counter(counts.invocations) - before.invocations
            sent = aws.carrier.sent[before.texts :]
            self._fates = fates
            self._running = {e["name"] for e in executions if e["status"] == "RUNNING"}
            contacts = [self._collect(scenario, cid, sent) for cid in fates]
            links_from_now(fates, container.clocks.now())  # the page server checks the real clock
            attempts = Counter((t.context.get("followup_id"), t.context.get("attempt")) for t in sent)
            return ScenarioResult(
                scenario=scenario,
                contacts=contacts,
                api_calls=api_calls,
                state_transitions=transitions,
                lambda_invocations=invocations,
                texts_sent=len(sent),
                parts_sent=sum(t.parts for t in sent),
                duplicate_texts=sum(n - 1 for n in attempts.values() if n > 1)
                + duplicate_messages(aws, before.whatsapp),
                provider_throttles=aws.carrier.throttled - before.throttled,
                max_parts_per_second=max_parts_in_one_second(sent),
                retry_delays=counts.retry_delays[before.retry_delays :],
                real_seconds=time.monotonic() - started,
                templates=typed,
            )

    def _wait(self, names: tuple[str, ...]) -> list[dict[str, Any]]:
        """The executions once ``names`` have ended, or as they are when the wait runs out."""
        if not names:
            return []
        try:
            return self.aws.wait_for_executions(timeout=self._wait_seconds, names=names)
        except TimeoutError:
            return self.aws.executions()

    def _seed(self, scenario: Scenario) -> None:
        aws = self.aws
        for seed in scenario.contacts:
            aws.connect.add_contact(
                _instance_of(scenario, seed.contact_id),
                seed.contact_id,
                customer_number=seed.customer_number,
                attributes=seed.attributes,
                transferred_to=seed.transferred_to,
            )
        aws.carrier.scripts.default = scenario.sms_default
        aws.carrier.limit_parts_per_second(scenario.parts_per_second)
        for destination, outcomes in scenario.sms.items():
            aws.carrier.script(destination, outcomes)
        for address, outcomes in scenario.email.items():
            aws.email.script(address, outcomes)
        seed_preferences(scenario)

    def _collect(self, scenario: Scenario, contact_id: str, sent: list[Any]) -> ContactResult:
        aws = self.aws
        fate = self._fates.get(contact_id, Fate(ingested=True))
        memo = MemoStore().get(contact_id)
        followup = aws.followup(contact_id)
        reminder_id = contact_id + REMINDER_SUFFIX
        followup_ids = {contact_id, reminder_id}
        attempts = [*aws.attempts(contact_id), *aws.attempts(reminder_id)]
        texts = [t for t in sent if t.context.get("followup_id") in followup_ids]
        # By the Context the sender passed: an attempt holds the message id only once a receipt came.
        by_attempt = {(t.context.get("followup_id"), t.context.get("attempt")): t for t in texts}
        shown = []
        for a in attempts:
            text = by_attempt.get((a.followup_id, a.item))
            shown.append(
                Attempt(
                    channel=a.channel,
                    status=a.final_status or a.state,
                    parts=text.parts if text else None,
                    encoding=text.encoding if text else None,
                    statuses=tuple(u.status for u in a.history),
                )
            )
        recorded = followup.outcome if followup else None
        if recorded is None:
            recorded = "skipped" if memo and memo.skip_reason else "failed"
        no_followup = fate.reason or (UNFINISHED if execution_name(contact_id) in self._running else None)
        if no_followup:
            recorded = no_followup
        outcome, _, reason = recorded.partition(":")
        skip_reason = (reason or (memo.skip_reason if memo else None)) if outcome == "skipped" else None
        route = [c for c in (followup.route if followup else ()) if c != "none"]
        return ContactResult(
            contact_id=contact_id,
            memo_saved=memo is not None,
            memo_findings=sorted({f.rule.value for f in memo.findings}) if memo else [],
            skip_reason=skip_reason,
            plan=({"skip": skip_reason} if skip_reason else {"channels": route})
            | ({"channel_skip": followup.channel_skip} if followup and followup.channel_skip else {}),
            attempts=shown,
            outcome=outcome,
            texts_sent=len(texts),
            expected=scenario.expect.get(contact_id),
            texts=[t.text for t in texts] + whatsapp_texts(aws, followup_ids, self._whatsapp_start),
            send_at=followup.send_at if followup else None,
            tasks=sum(1 for t in aws.connect.tasks if t.previous_contact_id == contact_id),
            gate=_gate_line(followup.gate) if followup and followup.gate else None,
            task_texts=[
                f"{t.name}\n{t.description}" for t in aws.connect.tasks if t.previous_contact_id == contact_id
            ],
            emails=sum(1 for e in aws.email.sent if e.tags.get("followup_id") in followup_ids),
            reason=no_followup,
            history=next(
                (
                    f.reply
                    for f in self._flows
                    if f.contact_id == contact_id and f.function == "customer_history"
                ),
                None,
            ),
            memo_checks=[f for f in self._flows if f.contact_id == contact_id and f.function == "check_memo"],
            replies=[(body, effect) for cid, body, effect in self._replies if cid == contact_id],
            resends=[r for r in self._resends if r.contact_id == contact_id],
        )


def _gate_line(summary: GateSummary) -> str | None:
    acted = [f"{f.check.value} in {f.field}" for f in summary.findings if f.action.value != "send"]
    if not acted:
        return None
    neutral = ", the generic text" if summary.neutral and not summary.held else ""
    return f"{summary.action.value} ({', '.join(acted)}{neutral})"


@dataclass(frozen=True)
class _Before:
    api_calls: Counter[tuple[str, str]]
    invocations: Counter[str]
    texts: int
    throttled: int
    retry_delays: int
    whatsapp: int  # messages the WhatsApp stand-in had sent


@contextmanager
def _delta(aws: EmbeddedAws) -> Iterator[_Before]:
    counts = aws.counts
    yield _Before(
        api_calls=Counter(counts.api_calls),
        invocations=Counter(counts.invocations),
        texts=len(aws.carrier.sent),
        throttled=aws.carrier.throttled,
        retry_delays=len(counts.retry_delays),
        whatsapp=len(aws.whatsapp.sent),
    )
