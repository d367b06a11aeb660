"""docs/performance.md from the results of ``make bench`` (regenerated on every run)."""

from __future__ import annotations

from typing import Any

from benchmarks.cost import load_prices


def _yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _summary(r: dict[str, Any]) -> list[str]:
    cold, cost, comp, burst = r["cold_start"], r["cost"], r["composer"], r["burst"]
    worst = max(cold["handlers"], key=lambda h: h["ratio_to_boto3"])
    best = min(cold["handlers"], key=lambda h: h["ratio_to_boto3"])
    goals = cost["happy_path_goals"] or {}
    rows = [
        [
            "cold start: handler import / boto3 import",
            "≤ 1.5 each",
            f"{best['ratio_to_boto3']}–{worst['ratio_to_boto3']} (worst: {worst['handler']})",
            _yes(cold["all_goals_met"]),
        ],
        *[
            [
                f"happy path at {cost['sms_parts_per_second']:g} parts/s: {k.replace('_', ' ')}",
                f"≤ {g['goal']}",
                g["achieved"],
                _yes(g["met"]),
            ]
            for k, g in goals.items()
        ],
        *_low_limit_summary(cost),
        [
            "composer: texts within their part budget",
            "all",
            f"{comp['within_budget']}/{comp['texts']}",
            _yes(comp["goal_met"]),
        ],
        [
            "burst: most parts in any 1 s window",
            f"≤ {burst['provider_parts_per_second']:g}",
            burst["max_parts_in_any_one_second_window"],
            _yes(burst["limit_respected"]),
        ],
        [
            "burst: time / theoretical minimum",
            f"≤ {burst['goal_ratio']}",
            burst["ratio_to_minimum"],
            _yes(burst["ratio_to_minimum"] is not None and burst["ratio_to_minimum"] <= burst["goal_ratio"]),
        ],
        [
            "burst: texts lost / duplicated",
            "0 / 0",
            f"{burst['texts_lost']} / {burst['texts_duplicated']}",
            _yes(burst["texts_lost"] == 0 and burst["texts_duplicated"] == 0),
        ],
    ]
    return _table(["measure", "goal", "measured", "met"], rows)


def _low_limit_summary(cost: dict[str, Any]) -> list[list[Any]]:
    low = cost.get("happy_path_low_limit")
    if not low:
        return []
    writes = low["dynamodb"]["write_requests"]
    goal = cost["happy_path_goals"]["dynamodb_writes"]["goal"]
    return [
        [
            f"happy path at {cost['low_limit_parts_per_second']:g} part/s (shared pacing window): "
            "dynamodb writes",
            f"≤ {goal}",
            writes,
            _yes(writes <= goal),
        ]
    ]


def _cold(cold: dict[str, Any]) -> list[str]:
    rows = []
    for h in cold["handlers"]:
        top = ", ".join(f"{p['package']} {p['self_ms']:.0f}" for p in h["packages"][:4])
        traced = h.get("detailed_tracing_ratio_to_boto3", "–")
        rows.append(
            [h["handler"], f"{h['median_ms']:.0f}", h["ratio_to_boto3"], _yes(h["goal_met"]), traced, top]
        )
    return [
        f"boto3 alone: median **{cold['boto3_median_ms']:.0f} ms**; "
        f"{cold['runs_per_module']} fresh interpreters "
        f"per module, interleaved with boto3, .pyc present (each module imported once first). "
        f"Environment: {cold['environment']}.",
        "",
        *_table(
            [
                "handler",
                "median import ms",
                "÷ boto3",
                "≤ 1.5",
                "÷ boto3, detailed tracing on",
                "largest self import time (ms, -X importtime)",
            ],
            rows,
        ),
        "",
        "`-X importtime` adds its own overhead: read its milliseconds as shares, not as absolute costs. "
        "Detailed tracing (`-c detailedTracing=true`) is informational: the goal is on the default "
        "deployment.",
    ]


def _cost(cost: dict[str, Any]) -> list[str]:
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
        *_table(header, rows),
    ]
    low = cost.get("happy_path_low_limit")
    if low:
        ddb = low["dynamodb"]
        lines += [
            "",
            f"At {cost['low_limit_parts_per_second']:g} part/s (a US 10DLC number) a sender's share would be "
            "smaller than the largest text, so the senders share one pacing window in DynamoDB: the happy "
            f"path then makes {ddb['write_requests']} DynamoDB writes and {ddb['read_requests']} reads "
            f"({ddb['wru']:g} WRU, {ddb['rru']:g} RRU), "
            f"US$ {low['usd_per_1000_followups']['aws_total']:.3f} per 1,000 follow-ups.",
        ]
    lines += ["", "USD per 1,000 follow-ups by service (SMS apart):", ""]
    services = ["stepfunctions", "lambda_requests", "lambda_duration", "dynamodb", "sqs", "sns", "ses"]
    lines += _table(
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
    lines += _table(
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
    lines += _table(
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


def _prices() -> list[str]:
    prices = load_prices()
    rows = [
        [key, "–" if p["usd"] is None else p["usd"], p["status"], p["source"]]
        for key, p in prices["prices"].items()
    ]
    return [
        f"Region **{prices['region']}**, taken on {prices['taken_on']} (`benchmarks/prices.json`). "
        f"{prices['note']}",
        "",
        *_table(["price", "USD", "status", "source"], rows),
    ]


def _sms(cost: dict[str, Any]) -> list[str]:
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
        *_table(["scenario", "texts", "parts", "encoding", "parts per 1,000 follow-ups"], rows),
    ]


def _composer(comp: dict[str, Any]) -> list[str]:
    rows = [
        [label, t["texts"], t["within_budget"], t["shortened"], t["mean_parts"]]
        for label, t in comp["templates"].items()
    ]
    g = comp["gsm7_normalisation"]
    return [
        f"{comp['texts']} deterministic memos ({', '.join(f'{k} {v}' for k, v in comp['by_size'].items())}); "
        f"within budget: **{comp['within_budget']}/{comp['texts']}** ({comp['share_within_budget']:.0%}).",
        "",
        *_table(["template", "texts", "within budget", "shortened", "mean parts"], rows),
        "",
        f"GSM-7 normalisation, {g['english_texts_with_typographic_marks']} English memos typed with curly "
        f"quotes, dashes, ellipses and no-break spaces: the whole rendered texts take "
        f"**{g['full_text_parts_without']} parts without** normalisation and "
        f"**{g['full_text_parts_with']} with** (**{g['full_text_parts_saved']} parts saved**). "
        "Through the composer with normalisation switched off, "
        f"{g['shortened_or_cut_without']} texts must be shortened and {g['not_fitting_without']} do not fit "
        f"at all; with it, {g['shortened_or_cut_with']} are shortened.",
    ]


def _burst(b: dict[str, Any]) -> list[str]:
    return [
        f"Pacer: `{b.get('pacer', '?')}`. {b['calls']} call endings, "
        f"provider limit {b['provider_parts_per_second']:g} parts/s "
        f"(sliding one-second window), {b['sender_concurrency']} concurrent consumers as deployed, "
        "sharing one pacing window (each may use the whole limit; the settings' defaults), "
        f"{b['texts_sent']} texts = {b['parts_sent']} parts (parts per text: {b['parts_by_text']}).",
        "",
        *_table(
            ["measure", "value"],
            [
                ["most parts in any one-second window", b["max_parts_in_any_one_second_window"]],
                ["virtual seconds, first to last send", b["virtual_seconds_first_to_last_send"]],
                ["theoretical minimum (last part's earliest second)", b["theoretical_minimum_seconds"]],
                ["ratio (goal ≤ 1.2)", b["ratio_to_minimum"]],
                ["provider refusals", b["provider_refusals"] or 0],
                [
                    "messages postponed to the queue / handed back to the workflow",
                    f"{b['postponed_to_queue']} / {b['handed_back_to_workflow']}",
                ],
                ["texts lost / duplicated", f"{b['texts_lost']} / {b['texts_duplicated']}"],
            ],
        ),
    ]


def _burst_variants(r: dict[str, Any]) -> list[str]:
    out = []
    if low := r.get("burst_low_limit"):
        out += [
            "",
            f"A low limit ({low['calls']} calls, {low['provider_parts_per_second']:g} parts/s, where one "
            f"text may hold more parts than a share of the limit would): most parts in a window "
            f"{low['max_parts_in_any_one_second_window']}, provider refusals "
            f"{sum(low['provider_refusals'].values())}, postponed {low['postponed_to_queue']}, "
            f"lost/duplicated {low['texts_lost']}/{low['texts_duplicated']}, "
            f"{low['virtual_seconds_first_to_last_send']} s.",
        ]
    slow = r.get("burst_slow_sends", {}).get("runs", [])
    if slow:
        runs = "; ".join(
            f"{s['sender_concurrency']} consumers: {s['virtual_seconds_first_to_last_send']} s, "
            f"ratio {s['ratio_to_minimum']}, most parts in a window {s['max_parts_in_any_one_second_window']}"
            for s in slow
        )
        out += [
            "",
            f"If every text kept its consumer busy {slow[0]['send_seconds']:g} s (DynamoDB and provider "
            f"round trips; an assumption, not a measurement): {runs}. One consumer sends at most one "
            "text per round trip, whatever the limit: more consumers add room for that time, never "
            "parts per second, since they share the window.",
        ]
    return out


def _ingest(i: dict[str, Any]) -> list[str]:
    m, f = i["on_moto"], i["with_fakes"]
    return _table(
        ["measure", "value"],
        [
            [
                f"records/s through the Kinesis handler on moto ({m['records']} records, "
                f"batches of {m['batch_size']})",
                m["records_per_second"],
            ],
            ["wall ms per record on moto (moto's own work included)", m["wall_ms_per_record"]],
            [
                "wall ms per record, first and last batch (moto slows as its tables and executions grow)",
                " / ".join(str(v) for v in m.get("first_and_last_batch_ms_per_record", [])),
            ],
            ["failed records / executions started", f"{m['failed_records']} / {m['executions_started']}"],
            [
                f"CPU ms per record, use case with in-memory fakes ({f['records']} records)",
                f["use_case_cpu_ms_per_record"],
            ],
            ["CPU ms per record, parsing the contact record", f["parse_cpu_ms_per_record"]],
        ],
    )


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    out = [
        "# Performance and cost",
        "",
        "Generated by `make bench` (`python -m benchmarks.run`); the raw figures are in "
        "`benchmarks/results/latest.json`. Do not edit by hand: rerun.",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu_model']}, Python {m['python']} ({m['platform']}); run on "
        f"{m['date']} at commit {m['commit']}; the whole run took {m['bench_seconds']} s.",
        "",
        "## Summary",
        "",
        *_summary(r),
        "",
        "## Cold start proxy",
        "",
        *_cold(r["cold_start"]),
        "",
        "## Cost per follow-up",
        "",
        "Counted from the demo's built-in scenarios run on the embedded AWS (`benchmarks/cost.py`), not "
        "estimated by hand. One follow-up per scenario.",
        "",
        *_cost(r["cost"]),
        "",
        "### Prices",
        "",
        *_prices(),
        "",
        "### SMS parts",
        "",
        *_sms(r["cost"]),
        "",
        "## Composer",
        "",
        *_composer(r["composer"]),
        "",
        "## Burst",
        "",
        "Real: the send use case, its pacer and the settings' defaults, the SMS adapter and the "
        "carrier simulator's rate limit. Simulated: the follow-up store and callbacks (in-memory fakes), "
        "the pacing table's item (the pacer's in-memory window, same versioned writes), the send queue "
        "and its consumers as deployed (batches of 10, running concurrently), and time (one virtual "
        "clock shared by the consumers, their pacers and the carrier). See `benchmarks/burst.py`.",
        "",
        *_burst(r["burst"]),
        *_burst_variants(r),
        "",
        "## Ingest",
        "",
        *_ingest(r["ingest"]),
        "",
        "## Reproduce",
        "",
        "`make bench` (a few minutes on 2 cores). Benchmarks are not tests: `make test` only runs a small "
        "smoke of each (`tests/unit/test_benchmarks_smoke.py`) that never asserts a time.",
        "",
    ]
    return "\n".join(out)
