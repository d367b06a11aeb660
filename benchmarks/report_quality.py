"""The report's quality section: the memo lint's precision and recall per rule on the labelled corpus."""

from __future__ import annotations

from typing import Any

from benchmarks.report_format import table, yes

_ABOUT = {
    "tune": "looked at while the rules were tuned",
    "holdout": "written with the tuning part, not looked at until the rules were frozen",
    "probe": "written after the first freeze, phrased away from the lists; its misses then extended them",
    "fresh": "written after the second freeze; its misses then extended the lists too",
}


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _look(r: dict[str, Any]) -> str:
    return f"{r['tp']}/{r['fp']}/{r['fn']}, {_cell(r['precision'])}, {_cell(r['recall'])}"


def _met(r: dict[str, Any], goal: dict[str, Any]) -> bool:
    return (r["precision"] or 0) >= goal["precision"] and (r["recall"] or 0) >= goal["recall"]


def memo_lint_summary(q: dict[str, Any]) -> list[list[Any]]:
    """Summary rows: the goal rules on all memos now, and at the first look after a freeze."""
    goal = q["goal"]
    rows = []
    sources: list[tuple[str, Any]] = [
        (f"all {q['all']['memos']} memos", q["all"]["rules"]),
        ("first look at memos written after a freeze", q["first_look"]["after a freeze"]),
    ]
    held = q.get("heldout")
    if held:
        sources += [
            (f"held-out corpus ({held['memos']} memos), first look", held["first_look"]),
            (f"held-out corpus ({held['memos']} memos), now", held["now"]["rules"]),
        ]
    for name, rules in sources:
        for rule in goal["rules"]:
            r = rules[rule]
            rows.append(
                [
                    f"memo lint `{rule}`, {name}: precision / recall",
                    f"≥ {goal['precision']} / ≥ {goal['recall']}",
                    f"{_cell(r['precision'])} / {_cell(r['recall'])}",
                    yes(_met(r, goal)),
                ]
            )
    return rows


def memo_lint_section(q: dict[str, Any]) -> list[str]:
    comp = q["composition"]
    splits = list(q["splits"])
    header = ["rule"]
    for split in splits:
        header += [f"{split} tp/fp/fn", "P", "R"]
    rows = []
    for rule in q["all"]["rules"]:
        parts = [q["splits"][s]["rules"][rule] for s in splits]
        if not any(p[k] for p in parts for k in ("tp", "fp", "fn")):
            continue
        row: list[Any] = [f"`{rule}`"]
        for p in parts:
            row += [f"{p['tp']}/{p['fp']}/{p['fn']}", _cell(p["precision"]), _cell(p["recall"])]
        rows.append(row)
    kinds = ", ".join(f"{k} {v}" for k, v in comp["by_kind"].items())
    about = [f"- `{s}` ({q['splits'][s]['memos']} memos): {_ABOUT.get(s, '')}" for s in splits]
    return [
        f"{q['memos']} hand-written memos in `{q['corpus']}` "
        f"({', '.join(f'{k} {v}' for k, v in comp['by_language'].items())}), each labelled with the "
        "findings a careful reader expects (`rule:field`). A finding counts once per memo, rule and field. "
        "The corpus and the rules have one author: read the figures as a regression measure, not as the "
        "lint's accuracy on real agents' memos. The parts:",
        "",
        *about,
        "",
        *table(header, rows),
        "",
        "First look at the parts written after a freeze, before their misses extended the lists "
        "(tp/fp/fn, precision, recall):",
        "",
        *table(
            ["part", *[f"`{rule}`" for rule in q["goal"]["rules"]]],
            [
                [name, *[_look(rules[rule]) for rule in q["goal"]["rules"]]]
                for name, rules in q["first_look"].items()
            ],
        ),
        "",
        *heldout_section(q),
        f"Kinds of memo: {kinds}. Lint time: {q['lint_ms_per_memo']} ms a memo (read and lint, in process). "
        + _check_memo_line(q)
        + f"Goal for {', '.join(q['goal']['rules'])}: precision ≥ {q['goal']['precision']}, "
        + f"recall ≥ {q['goal']['recall']}.",
    ]


def heldout_section(q: dict[str, Any]) -> list[str]:
    """The held-out corpus of 2026-12-05, apart from the main corpus: first look, now, by language."""
    held = q.get("heldout")
    if not held:
        return []
    rules = [r for r in held["now"]["rules"] if r in held["first_look"]]
    langs = ", ".join(f"{k} {v}" for k, v in held["by_language"].items())
    by_lang = held["by_language_now"]
    return [
        f"**Held-out corpus.** {held['memos']} memos in `{held['corpus']}` ({langs}), written by another "
        "author before reading the lists or the corpus above and committed on their own; measured once "
        "(first look), then their misses extended the lists (now). Only the first look measures phrasing "
        "the lists were not written for (tp/fp/fn, precision, recall):",
        "",
        *table(
            ["rule", "first look", "now", "now, Korean", "now, English"],
            [
                [
                    f"`{rule}`",
                    _look(held["first_look"][rule]),
                    _look(held["now"]["rules"][rule]),
                    _look(by_lang["ko"]["rules"][rule]),
                    _look(by_lang["en"]["rules"][rule]),
                ]
                for rule in rules
            ],
        ),
        "",
        f"Memos where the lint and the labels still disagree: {len(held['disagreements'])}"
        + "".join(
            f"; `{d['id']}` {'missed ' + ', '.join(d['missed']) if d['missed'] else ''}"
            f"{'extra ' + ', '.join(d['extra']) if d['extra'] else ''}"
            for d in held["disagreements"]
        )
        + ".",
        "",
    ]


def _check_memo_line(q: dict[str, Any]) -> str:
    """The memo form's check_memo Lambda, warm (benchmarks/flow_lambdas.py)."""
    warm = q.get("check_memo_warm")
    if not warm:
        return ""
    return (
        f"The memo form's `check_memo` Lambda, warm, on the same memos as flow events: median "
        f"{warm['median_ms']} ms, p99 {warm['p99_ms']} ms, max {warm['max_ms']} ms over "
        f"{warm['invocations']} invocations (Connect's limit: 8 s; its cold path is in the cold-path table). "
    )
