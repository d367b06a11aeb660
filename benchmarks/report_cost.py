"""The report's cost sections: cost per follow-up, the prices, the SMS parts."""

from __future__ import annotations

from typing import Any

from benchmarks.prices import load_price_tables
from benchmarks.report_format import table, yes


def cost_section(cost: dict[str, Any]) -> list[str]:
    rows = []
    for s in cost["scenarios"]:
        ddb = s["dynamodb"]
        calls = s["api_calls"]
        sqs = sum(n for k, n in calls.items() if k.startswith("sqs:"))
        parts = ", ".join(f"{c} {n}" for c, n in s["sms"]["parts_by_country"].items()) or "0"
        usd = s["usd_per_1000_followups"]
        rows.append(
            [
                s["scenario"],
                ", ".join(s["outcomes"]) or "–",
                s["lambda_invocations_total"],
                f"{s['lambda_gb_seconds']:.3f} ({s['lambda_gb_seconds_cold']:.2f})",
                s["state_transitions"],
                f"{ddb['write_requests']} / {ddb['read_requests']}",
                f"{ddb['wru']:g} ({ddb.get('index_wru', 0):g}) / {ddb['rru']:g}",
                sqs,
                calls.get("sns:Publish", 0),
                calls.get("sesv2:SendEmail", 0),
                calls.get("connect:StartTaskContact", 0),
                parts,
                f"{usd['aws_total']:.3f}",
            ]
        )
    header = [
        "scenario",
        "outcome",
        "Lambda inv.",
        "GB-s warm (cold)",
        "SFN transitions",
        "DDB writes / reads",
        "WRU (of which index) / RRU",
        "SQS req.",
        "SNS pub.",
        "SES",
        "Connect tasks",
        "SMS parts",
        "AWS USD / 1,000",
    ]
    lines = [
        f"The sending number allows {cost['sms_parts_per_second']:g} parts/s, so each of the two senders "
        "paces a fixed share of it, with no DynamoDB request (docs/workflow.md, Pacing).",
        "",
        *table(header, rows),
    ]
    low = cost.get("happy_path_low_limit")
    if low:
        ddb = low["dynamodb"]
        lines += [
            "",
            f"At {cost['low_limit_parts_per_second']:g} part/s (the default sending number, as a US "
            "10DLC number allows) a sender's share would be smaller than the largest text, so the senders "
            "share one pacing window in DynamoDB: the happy path then makes "
            f"{ddb['write_requests']} DynamoDB writes and {ddb['read_requests']} reads "
            f"({ddb['wru']:g} WRU, {ddb['rru']:g} RRU), "
            f"US$ {low['usd_per_1000_followups']['aws_total']:.3f} per 1,000 follow-ups.",
        ]
    lines += _writes_by_rate(cost)
    lines += _usd_by_region(cost)
    lines += ["", "USD per 1,000 follow-ups by service (SMS apart):", ""]
    services = ["stepfunctions", "lambda_requests", "lambda_duration", "dynamodb", "sqs", "sns", "ses"]
    lines += table(
        ["scenario", *services, "total"],
        [
            [
                s["scenario"],
                *(f"{s['usd_per_1000_followups'][k]:.4f}" for k in services),
                f"{s['usd_per_1000_followups']['aws_total']:.4f}",
            ]
            for s in cost["scenarios"]
        ],
    )
    lines += ["", "Per invocation, CPU ms in-process without client creation (with it):", ""]
    lines += table(
        ["scenario", "handler: ms (cold ms)"],
        [
            [
                s["scenario"],
                "; ".join(
                    f"{fn}: "
                    + ", ".join(
                        f"{w:.0f} ({c:.0f})"
                        for w, c in zip(
                            s["lambda_cpu_ms_without_client_creation"][fn],
                            s["lambda_cpu_ms_in_process"][fn],
                            strict=True,
                        )
                    )
                    for fn in s["lambda_cpu_ms_in_process"]
                ),
            ]
            for s in cost["scenarios"]
        ],
    )
    lines += ["", "DynamoDB write requests by table and operation, and index (GSI) write units by index:", ""]
    lines += table(
        ["scenario", "write requests", "index WRU"],
        [
            [
                s["scenario"],
                ", ".join(f"{k} {n}" for k, n in s["dynamodb"].get("writes_by_table", {}).items()),
                ", ".join(f"{k} {n:g}" for k, n in s["dynamodb"].get("index_wru_by_index", {}).items())
                or "–",
            ]
            for s in cost["scenarios"]
        ],
    )
    lines += ["", "Assumptions:", "", *[f"- {a}" for a in cost["assumptions"]]]
    return lines


def _writes_by_rate(cost: dict[str, Any]) -> list[str]:
    """The happy path's DynamoDB writes at each sending rate measured, against their goal."""
    runs = cost.get("happy_path_dynamodb_writes") or []
    if not runs:
        return []
    rows = [
        [
            f"{w['parts_per_second']:g} {'part/s' if w['parts_per_second'] == 1 else 'parts/s'}"
            + (" (default)" if w["default"] else ""),
            w["dynamodb_writes"],
            f"≤ {w['goal']}",
            yes(w["met"]),
            ", ".join(f"{k} {n}" for k, n in w["writes_by_table"].items()),
        ]
        for w in runs
    ]
    return [
        "",
        "DynamoDB writes per delivered follow-up (the happy path) at each sending number measured:",
        "",
        *table(["sending number", "DynamoDB writes", "goal", "met", "write requests by table"], rows),
    ]


def _usd_by_region(cost: dict[str, Any]) -> list[str]:
    """AWS USD of each scenario (and of the happy path at the default rate) under each region's prices."""
    rows = [(s["scenario"], s) for s in cost["scenarios"]]
    if low := cost.get("happy_path_low_limit"):
        rows.append((f"{low['scenario']} at {cost['low_limit_parts_per_second']:g} part/s (default)", low))
    rows = [(name, s) for name, s in rows if "usd_per_1000_followups_by_region" in s]
    if not rows:
        return []
    regions = list(rows[0][1]["usd_per_1000_followups_by_region"])
    last = regions[-1]
    header = ["scenario", *(f"{r} USD / 1,000" for r in regions), f"{last} USD / follow-up"]
    body = [
        [
            name,
            *(f"{s['usd_per_1000_followups_by_region'][r]['aws_total']:.4f}" for r in regions),
            f"{s['usd_per_1000_followups_by_region'][last]['aws_total'] / 1000:.7f}",
        ]
        for name, s in rows
    ]
    return [
        "",
        "AWS USD per follow-up by price region (SMS apart; which regional prices are stand-ins: see Prices):",
        "",
        *table(header, body),
    ]


def prices_section() -> list[str]:
    tables = load_price_tables()
    note = next(iter(tables.values()))["note"]
    lines = [f"`benchmarks/prices.json`. {note}"]
    for region, prices in tables.items():
        rows = [
            [key, "–" if p["usd"] is None else p["usd"], p["status"], p["read_on"], p["source"]]
            for key, p in prices["prices"].items()
        ]
        remarks = [f"- {key}: {p['remark']}" for key, p in prices["prices"].items() if p.get("remark")]
        lines += [
            "",
            f"Region **{region}**, taken on {prices['taken_on']}:",
            "",
            *table(["price", "USD", "status", "read on", "source"], rows),
            *(["", *remarks] if remarks else []),
        ]
    return lines


def sms_section(cost: dict[str, Any]) -> list[str]:
    rows = [
        [
            s["scenario"],
            s["sms"]["texts"],
            s["sms"]["parts"],
            ", ".join(s["sms"]["encodings"]) or "–",
            ", ".join(f"{c}: {n:g}" for c, n in s["usd_per_1000_followups"]["sms_parts"].items()) or "0",
        ]
        for s in cost["scenarios"]
    ]
    return [
        "SMS fees are per message part and depend on the destination country and the origination identity; "
        "the prices could not be confirmed from reachable sources, so the fee is `parts × price per part` "
        "with the parts below (KR: UCS-2 Hangul; US: GSM-7 when the text allows).",
        "",
        *table(["scenario", "texts", "parts", "encoding", "parts per 1,000 follow-ups"], rows),
    ]


def whatsapp_section(cost: dict[str, Any]) -> list[str]:
    rows = [
        [
            s["scenario"],
            s.get("whatsapp", {}).get("messages", 0),
            ", ".join(f"{k}: {n:g}" for k, n in s["usd_per_1000_followups"]["whatsapp_messages"].items())
            or "0",
            s["usd_per_1000_followups"]["whatsapp_fees"],
        ]
        for s in cost["scenarios"]
    ]
    return [
        "WhatsApp fees are per message: AWS's fee for each message plus Meta's rate for its category and "
        "the recipient's country (a template outside the customer's 24-hour window is a utility message; "
        "a free-form text inside it is a service message, free of Meta's fee). The rates could not be "
        "confirmed offline (see the price table), so the fee is `messages × (AWS fee + Meta rate)` with "
        "the messages below.",
        "",
        *table(["scenario", "messages", "by category:country per 1,000 follow-ups", "USD per 1,000"], rows),
    ]
