"""What the demo prints: a timeline per contact, a summary table, or a JSON summary."""

from __future__ import annotations

import json
from collections import Counter
from datetime import tzinfo
from typing import Any

from aftercall.local.demo_runner import ContactResult, ScenarioResult

_MARK = {True: "✓", False: "✗"}


def summary_json(results: list[ScenarioResult]) -> dict[str, Any]:
    """The machine-readable summary: ids and statuses (no number, address or text), and what the
    agent-side flow Lambdas showed the agent (``history``, ``memo_checks``: the scenario's own memos)."""
    api_calls: Counter[str] = Counter()
    invocations: Counter[str] = Counter()
    for r in results:
        api_calls.update(r.api_calls)
        invocations.update(r.lambda_invocations)
    by_service: Counter[str] = Counter()
    for key, n in api_calls.items():
        by_service[key.split(":", 1)[0]] += n
    return {
        "scenarios": [
            {
                "name": r.scenario.name,
                "ok": r.ok,
                "contacts": [_contact_json(c) for c in r.contacts],
                "texts_sent": r.texts_sent,
                "duplicate_texts": r.duplicate_texts,
                "parts_sent": r.parts_sent,
                "provider_throttles": r.provider_throttles,
                "max_parts_per_second": r.max_parts_per_second,
                "state_transitions": r.state_transitions,
                "lambda_invocations": sum(r.lambda_invocations.values()),
            }
            | (
                {"templates": [{"template_id": v.template_id, "status": v.status} for v in r.templates]}
                if r.templates
                else {}
            )
            for r in results
        ],
        "totals": {
            "scenarios": len(results),
            "contacts": sum(len(r.contacts) for r in results),
            "texts_sent": sum(r.texts_sent for r in results),
            "duplicate_texts": sum(r.duplicate_texts for r in results),
            "api_calls": dict(sorted(by_service.items())),
            "api_calls_by_operation": dict(sorted(api_calls.items())),
            "state_transitions": sum(r.state_transitions for r in results),
            "lambda_invocations": sum(invocations.values()),
            "lambda_invocations_by_function": dict(sorted(invocations.items())),
            "ok": all(r.ok for r in results),
        },
        "time_compressed": True,
    }


def _contact_json(c: ContactResult) -> dict[str, Any]:
    return (
        {
            "contact_id": c.contact_id,
            "memo_saved": c.memo_saved,
            "memo_findings": c.memo_findings,
            "plan": c.plan,
            "attempts": [
                {"channel": a.channel, "status": a.status, "parts": a.parts, "encoding": a.encoding}
                for a in c.attempts
            ],
            "outcome": c.outcome,
            "gate": c.gate,
            "texts_sent": c.texts_sent,
            "expected": c.expected,
            "ok": c.ok,
        }
        | ({"reason": c.reason} if c.reason else {})
        | _agent_side_json(c)
    )


def _agent_side_json(c: ContactResult) -> dict[str, Any]:
    """What the agent-side flow Lambdas answered for this contact (the demo's own data only)."""
    out: dict[str, Any] = {}
    if c.history is not None:
        out["history"] = c.history
    if c.replies:
        out["replies"] = [effect for _, effect in c.replies]  # what each reply did, not what it said
    if c.resends:
        out["resends"] = [{"number": r.number, "channel": r.channel, "outcome": r.outcome} for r in c.resends]
    if c.memo_checks:
        out["memo_checks"] = [
            {
                "label": f.label,
                "ok": f.reply.get("ok") == "true",
                "findings": f.reply.get("findings", "").splitlines(),
            }
            for f in c.memo_checks
        ]
    return out


def timeline(result: ScenarioResult) -> str:
    s = result.scenario
    lines = [f"━━ {s.name} ━━ {s.description}", f"   call ended {s.clock.isoformat()}"]
    for verdict in result.templates:  # typed in the console before the calls, judged by the validator
        why = f": {'; '.join(verdict.reasons)}" if verdict.reasons else ""
        lines.append(f"   template {verdict.template_id} typed in the console → {verdict.status}{why}")
    many = len(result.contacts) > 5
    for c in result.contacts if not many else result.contacts[:2]:
        lines.extend(_contact_lines(c, s.clock.tzinfo))
    if many:
        outcomes = Counter(c.outcome for c in result.contacts)
        lines.append(
            f"   … {len(result.contacts)} contacts: "
            + ", ".join(f"{n}× {o}" for o, n in outcomes.items())
            + f"; {result.texts_sent} texts, {result.parts_sent} parts, {result.duplicate_texts} duplicates"
        )
    if s.parts_per_second:
        lines.append(
            f"   pacing: at most {result.max_parts_per_second} part(s) in any second (limit "
            f"{s.parts_per_second:g}/s); {result.provider_throttles} throttled by the provider and retried"
        )
    if result.retry_delays:
        waited = sum(result.retry_delays)
        lines.append(
            f"   ⏱  {len(result.retry_delays)} retry back-off(s), {waited:,.0f} s in all, compressed to none"
        )
    return "\n".join(lines)


_NO_FOLLOWUP = {
    "ignored": "{detail} event: only COMPLETED starts a follow-up; nothing stored",
    "rejected": "{detail}: dead-lettered with metadata only (ids, error, where to find it); nothing stored",
    "unfinished": "still running when the demo stopped waiting",
}


def _contact_lines(c: ContactResult, zone: tzinfo | None) -> list[str]:
    out = [f"   {_MARK[c.ok]} contact {c.contact_id}"]
    if c.reason and not c.memo_saved:
        outcome, _, detail = c.reason.partition(":")
        expected = f" (expected {c.expected})" if c.expected and not c.ok else ""
        out.append(f"      {outcome}: {_NO_FOLLOWUP[outcome].format(detail=detail)}{expected}")
        return out
    out.extend(_agent_side_lines(c))
    findings = ", ".join(c.memo_findings) or "none"
    out.append(f"      memo {'saved' if c.memo_saved else 'NOT saved'}; lint findings: {findings}")
    if c.skip_reason:
        out.append(f"      plan: skip ({c.skip_reason})")
    else:
        when = f", send at {c.send_at.astimezone(zone):%Y-%m-%d %H:%M %z}" if c.send_at else ""
        out.append(f"      plan: {' → '.join(c.plan.get('channels', [])) or '-'}{when}")
    if c.plan.get("channel_skip"):
        out.append(f"      whatsapp skipped: {c.plan['channel_skip']}")
    for a in c.attempts:
        detail = f" {a.parts} part(s) {a.encoding}" if a.parts else ""
        statuses = " → ".join(a.statuses) if a.statuses else a.status
        out.append(f"      {a.channel:<5}{detail}: {statuses}")
    if c.gate:
        out.append(f"      gate: {c.gate}")
    for text in c.texts:
        out.append("      ✉ " + text.replace("\n", "\n        "))
    if c.gate and c.gate.startswith("hold"):
        out.extend("      ☎ " + task.replace("\n", "\n        ") for task in c.task_texts)
    expected = f" (expected {c.expected})" if c.expected and not c.ok else ""
    out.append(f"      outcome: {c.outcome}{expected}")
    for r in c.resends:  # an operator's, once the outcome was known
        wanted = f" (expected {r.expected})" if not r.ok else ""
        out.append(f"      ↻ aftercall resend: resend {r.number} by {r.channel}: {r.outcome}{wanted}")
    return out


def _agent_side_lines(c: ContactResult) -> list[str]:
    """The memo form's checks and the history shown to the agent, as the agent reads them."""
    out: list[str] = []
    for check in c.memo_checks:
        verdict = (
            "nothing to fix" if check.reply.get("ok") == "true" else f"{check.reply.get('count')} finding(s)"
        )
        out.append(f"      ✎ memo check ({check.label or 'draft'}): {verdict}")
        out.extend(f"        · {line}" for line in check.reply.get("findings", "").splitlines())
    out.extend(f"      ↩ the customer replied {body!r}: {effect}" for body, effect in c.replies)
    if c.history is not None:
        out.append(
            f"      ☷ history shown to the agent: {c.history.get('history_count', '0')} earlier call(s)"
        )
        out.extend(f"        {line}" for line in c.history.get("history_summary", "").splitlines())
    return out


def table(results: list[ScenarioResult]) -> str:
    width = max([26, *(len(r.scenario.name) for r in results)])  # the longest name sets the column
    header = (
        f"{'scenario':<{width + 2}}{'contacts':>9}  {'outcomes':<32}{'texts':>6}{'parts':>6}{'dup':>5}"
        f"{'transitions':>12}{'lambdas':>8}{'secs':>6}"
    )
    rows = [header, "─" * len(header)]
    for r in results:
        outcomes = Counter(c.outcome for c in r.contacts)
        text = ", ".join(f"{o}" if n == 1 else f"{n}× {o}" for o, n in outcomes.items())
        rows.append(
            f"{_MARK[r.ok]} {r.scenario.name:<{width}}{len(r.contacts):>9}  {text:<32}{r.texts_sent:>6}"
            f"{r.parts_sent:>6}{r.duplicate_texts:>5}{r.state_transitions:>12}"
            f"{sum(r.lambda_invocations.values()):>8}{r.real_seconds:>6.1f}"
        )
    return "\n".join(rows)


def render(results: list[ScenarioResult]) -> str:
    blocks = [timeline(r) for r in results]
    return "\n\n".join([*blocks, table(results)])


def dumps(results: list[ScenarioResult]) -> str:
    return json.dumps(summary_json(results), ensure_ascii=False, indent=2)
