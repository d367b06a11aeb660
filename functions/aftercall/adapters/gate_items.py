"""The gate's decision on the follow-up item (``gate`` map): classes and fields only, never memo text."""

from __future__ import annotations

from typing import Any

from aftercall.domain.gate_values import Action, Check, GateFinding, GateSummary


def gate_to_map(summary: GateSummary | None) -> dict[str, object] | None:
    if summary is None:
        return None
    return {
        "action": summary.action.value,
        "neutral": summary.neutral,
        "findings": [f.to_dict() for f in summary.findings],
    }


def gate_from_map(data: dict[str, Any] | None) -> GateSummary | None:
    if not data or "action" not in data:
        return None
    findings = []
    for raw in data.get("findings") or []:
        item = raw.as_dict() if hasattr(raw, "as_dict") else dict(raw)
        try:
            findings.append(GateFinding(Check(item["check"]), str(item["field"]), Action(item["action"])))
        except (KeyError, ValueError):
            continue  # a class a later version added: the action above still holds
    return GateSummary(Action(str(data["action"])), bool(data.get("neutral")), tuple(findings))
