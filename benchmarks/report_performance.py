"""The report's performance sections: cold path, composer, burst and ingest."""

from __future__ import annotations

from typing import Any

from benchmarks.report_format import table, yes


def cold_path_section(cold: dict[str, Any]) -> list[str]:
    rows = []
    for name, h in cold["handlers"].items():
        top = ", ".join(f"{p['package']} {p['self_ms']:.0f}" for p in h.get("packages", [])[:4]) or "–"
        rows.append(
            [
                name,
                ", ".join(h["services"]),
                f"{h['median_ms']:.0f} ({h['import_median_ms']:.0f})",
                f"{h['baseline_median_ms']:.0f} ({h['baseline_import_median_ms']:.0f})",
                f"{h['ratio']:.2f}",
                yes(h["goal_met"]),
                yes(h["stretch_met"]),
                top,
            ]
        )
    return [
        f"Python {cold['python']}: {cold['venv']}. Per handler, the median over "
        f"{cold['samples_per_handler']} fresh interpreters of its import, its settings and every client "
        "and PynamoDB connection its first invocation creates (`aftercall.composition.warm`), over the "
        "median of `import boto3` and one client per service it uses from one boto3 session; both in the "
        "same run, interleaved, .pyc present. "
        f"Environment: {cold['environment']}.",
        "",
        *table(
            [
                "handler",
                "services",
                "cold path ms (imports)",
                "boto3 + clients ms (import)",
                "ratio",
                f"≤ {cold['goal_ratio']}",
                f"≤ {cold['stretch_ratio']}",
                "largest self import time (ms, -X importtime)",
            ],
            rows,
        ),
        "",
        "`-X importtime` adds its own overhead: read its milliseconds as shares, not as absolute costs.",
    ]


def composer_section(comp: dict[str, Any]) -> list[str]:
    rows = [
        [label, t["texts"], t["within_budget"], t["shortened"], t["mean_parts"]]
        for label, t in comp["templates"].items()
    ]
    g = comp["gsm7_normalisation"]
    return [
        f"{comp['texts']} deterministic memos ({', '.join(f'{k} {v}' for k, v in comp['by_size'].items())}); "
        f"within budget: **{comp['within_budget']}/{comp['texts']}** ({comp['share_within_budget']:.0%}).",
        "",
        *table(["template", "texts", "within budget", "shortened", "mean parts"], rows),
        "",
        f"GSM-7 normalisation, {g['english_texts_with_typographic_marks']} English memos typed with curly "
        f"quotes, dashes, ellipses and no-break spaces: the whole rendered texts take "
        f"**{g['full_text_parts_without']} parts without** normalisation and "
        f"**{g['full_text_parts_with']} with** (**{g['full_text_parts_saved']} parts saved**). "
        "Through the composer with normalisation switched off, "
        f"{g['shortened_or_cut_without']} texts must be shortened and {g['not_fitting_without']} do not fit "
        f"at all; with it, {g['shortened_or_cut_with']} are shortened.",
    ]


def burst_section(b: dict[str, Any]) -> list[str]:
    return [
        f"Pacer: `{b.get('pacer', '?')}`. {b['calls']} call endings, "
        f"provider limit {b['provider_parts_per_second']:g} parts/s "
        f"(sliding one-second window), {b['sender_concurrency']} concurrent consumers as deployed, "
        "sharing one pacing window (each may use the whole limit; the settings' defaults), "
        f"{b['texts_sent']} texts = {b['parts_sent']} parts (parts per text: {b['parts_by_text']}).",
        "",
        *table(
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


def burst_variants_section(r: dict[str, Any]) -> list[str]:
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


def ingest_section(i: dict[str, Any]) -> list[str]:
    m, f = i["on_moto"], i["with_fakes"]
    return table(
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
