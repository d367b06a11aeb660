"""Memo lint quality: precision and recall per rule on a labelled corpus (tests/corpus/memos.jsonl).

Each corpus memo is a set of contact attributes (keys without the ``aftercall_`` prefix) and the
findings a careful reader expects, as ``rule:field`` labels. A memo goes through the real
``memo_from_attributes`` and ``lint_memo``; a finding counts once per (memo, rule, field), whatever
the phrase. Per rule: true positives, false positives, false negatives, precision and recall, for
each part of the corpus (``split``) and for all of it. The parts, in the order they were written:

- ``tune``: looked at while the rules were written and tuned;
- ``holdout``: written with ``tune``, before the rules, and not looked at until they were frozen;
- ``probe``: written after the rules were frozen, deliberately phrased away from the lists; measured
  once, then its misses were used to extend the lists;
- ``fresh``: written after that second freeze; measured once, then its misses extended the lists too.

So no part is untouched any more: the figures that tell how the lists do on phrasing they were not
written for are the first looks at ``probe`` and ``fresh`` (``FIRST_LOOK``), kept here as measured.

A second, separate corpus (``tests/corpus/memos_heldout.jsonl``, 104 memos) was written on 2026-12-05
by another author before reading the lists or the corpus above, committed on its own (c51d19b), and
measured once (``HELDOUT_FIRST_LOOK``); its misses then extended the lists. It is scored on its own
(``run()["heldout"]``) and never mixed into the figures of the main corpus.

``python -m benchmarks.memo_lint_quality [--split tune|holdout] [--errors]`` prints the table and,
with ``--errors``, each memo where the lint and the labels disagree.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aftercall.domain.memo import ATTRIBUTE_PREFIX, memo_from_attributes
from aftercall.domain.memo_findings import Rule
from aftercall.domain.memo_lint import lint_memo
from benchmarks.flow_lambdas import check_memo_warm

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "memos.jsonl"
HELDOUT = CORPUS.with_name("memos_heldout.jsonl")
GOAL_RULES = (Rule.VAGUE, Rule.JUDGING, Rule.MISSING)
# (tp, fp, fn) per rule at the first run of a part written after the rules were frozen (commits
# b5ea419 and 3f90b55): the only measure of phrasing the lists were not tuned on.
FIRST_LOOK: dict[str, dict[str, tuple[int, int, int]]] = {
    "probe": {"vague": (2, 0, 6), "judging": (3, 0, 3), "missing": (6, 0, 0)},
    "fresh": {"vague": (1, 1, 9), "judging": (2, 0, 3), "missing": (6, 0, 0)},
}
# (tp, fp, fn) per rule at the first run of the held-out corpus (commit c51d19b, lint of 372985c).
HELDOUT_FIRST_LOOK: dict[str, tuple[int, int, int]] = {
    "vague": (17, 2, 15),
    "judging": (22, 2, 10),
    "missing": (16, 0, 0),
    "missing_detail": (22, 0, 0),
    "undated": (4, 0, 0),
}
GOAL_PRECISION = 0.95
GOAL_RECALL = 0.9


@dataclass(frozen=True)
class Case:
    id: str
    split: str
    lang: str
    kind: str
    attributes: dict[str, str]
    expect: frozenset[str]


def load(path: Path = CORPUS) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        cases.append(
            Case(
                id=row["id"],
                split=row["split"],
                lang=row["lang"],
                kind=row["kind"],
                attributes={ATTRIBUTE_PREFIX + k: v for k, v in row["attributes"].items()},
                expect=frozenset(row["expect"]),
            )
        )
    return cases


def found(case: Case) -> frozenset[str]:
    return frozenset(f"{f.rule.value}:{f.field}" for f in lint_memo(memo_from_attributes(case.attributes)))


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 3) if den else None


def score(cases: list[Case]) -> dict[str, Any]:
    """Per rule: tp, fp, fn, precision, recall (None when undefined: nothing expected or found)."""
    counts: dict[str, Counter[str]] = {rule.value: Counter() for rule in Rule}
    for case in cases:
        got = found(case)
        for label in got | case.expect:
            rule = label.split(":", 1)[0]
            kind = "tp" if label in got and label in case.expect else ("fp" if label in got else "fn")
            counts[rule][kind] += 1
    rules = {}
    for rule, c in counts.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        rules[rule] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": _ratio(tp, tp + fp),
            "recall": _ratio(tp, tp + fn),
        }
    return {"memos": len(cases), "rules": rules}


def _goals(part: dict[str, Any]) -> dict[str, bool]:
    met = {}
    for rule in GOAL_RULES:
        r = part["rules"][rule.value]
        met[rule.value] = (r["precision"] or 0) >= GOAL_PRECISION and (r["recall"] or 0) >= GOAL_RECALL
    return met


def first_look() -> dict[str, Any]:
    """``FIRST_LOOK`` per part and summed, with precision and recall."""
    parts = {**FIRST_LOOK, "after a freeze": {}}
    for rules in FIRST_LOOK.values():
        for rule, (tp, fp, fn) in rules.items():
            old = parts["after a freeze"].get(rule, (0, 0, 0))
            parts["after a freeze"][rule] = (old[0] + tp, old[1] + fp, old[2] + fn)
    return {
        name: {
            rule: {
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "precision": _ratio(tp, tp + fp),
                "recall": _ratio(tp, tp + fn),
            }
            for rule, (tp, fp, fn) in rules.items()
        }
        for name, rules in parts.items()
    }


def _counts(rules: dict[str, tuple[int, int, int]]) -> dict[str, dict[str, Any]]:
    return {
        rule: {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp), "recall": _ratio(tp, tp + fn)}
        for rule, (tp, fp, fn) in rules.items()
    }


def heldout(path: Path = HELDOUT) -> dict[str, Any]:
    """The held-out corpus on its own: its first look as recorded, and the lint now."""
    cases = load(path)
    now = score(cases)
    return {
        "corpus": str(path.relative_to(path.parents[2])) if len(path.parents) > 2 else str(path),
        "memos": len(cases),
        "by_language": dict(Counter(c.lang for c in cases)),
        "first_look": _counts(HELDOUT_FIRST_LOOK),
        "now": now,
        "by_language_now": {lang: score([c for c in cases if c.lang == lang]) for lang in ("ko", "en")},
        "goals_met": {"first_look": _goals({"rules": _counts(HELDOUT_FIRST_LOOK)}), "now": _goals(now)},
        "disagreements": disagreements(cases),
    }


def summary_lines(result: dict[str, Any]) -> list[str]:
    """What ``make bench`` prints for this section: the main corpus and the held-out one, apart."""
    lines = [f"memo lint, main corpus ({result['memos']} memos, all parts):", *table(result["all"])]
    held = result.get("heldout")
    if held:
        lines += [f"memo lint, held-out corpus ({held['memos']} memos), first look:"]
        lines += table({"rules": held["first_look"]})
        lines += ["memo lint, held-out corpus now (its misses have extended the lists):", *table(held["now"])]
    return lines


def disagreements(cases: list[Case]) -> list[dict[str, Any]]:
    out = []
    for case in cases:
        got = found(case)
        if got != case.expect:
            out.append(
                {"id": case.id, "missed": sorted(case.expect - got), "extra": sorted(got - case.expect)}
            )
    return out


def run(path: Path = CORPUS) -> dict[str, Any]:
    cases = load(path)
    began = time.perf_counter()
    for case in cases:
        lint_memo(memo_from_attributes(case.attributes))
    per_memo_ms = (time.perf_counter() - began) * 1000 / max(len(cases), 1)
    splits = list(dict.fromkeys(c.split for c in cases))
    parts = {split: score([c for c in cases if c.split == split]) for split in splits}
    everything = score(cases)
    return {
        "corpus": str(path.relative_to(path.parents[2])) if len(path.parents) > 2 else str(path),
        "memos": len(cases),
        "composition": {
            "by_split": dict(Counter(c.split for c in cases)),
            "by_language": dict(Counter(c.lang for c in cases)),
            "by_kind": dict(sorted(Counter(c.kind for c in cases).items())),
        },
        "goal": {"rules": [r.value for r in GOAL_RULES], "precision": GOAL_PRECISION, "recall": GOAL_RECALL},
        "splits": parts,
        "all": everything,
        "goals_met": {name: _goals(part) for name, part in (*parts.items(), ("all", everything))},
        "first_look": first_look(),
        "disagreements": {
            split: len(disagreements([c for c in cases if c.split == split])) for split in splits
        },
        "lint_ms_per_memo": round(per_memo_ms, 3),
        "check_memo_warm": check_memo_warm([c.attributes for c in cases]),
        "heldout": heldout(),
    }


def table(part: dict[str, Any]) -> list[str]:
    lines = [f"{'rule':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
    for rule, r in part["rules"].items():
        if r["tp"] or r["fp"] or r["fn"]:
            p = "–" if r["precision"] is None else f"{r['precision']:.3f}"
            rc = "–" if r["recall"] is None else f"{r['recall']:.3f}"
            lines.append(f"{rule:<24}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}{p:>11}{rc:>8}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="tune", help="tune, holdout, probe, fresh, all or heldout-corpus")
    parser.add_argument("--errors", action="store_true", help="list the memos where lint and labels disagree")
    args = parser.parse_args(argv)
    if args.split == "heldout-corpus":
        cases = load(HELDOUT)
    else:
        cases = [c for c in load() if args.split in ("all", c.split)]
    print(f"{args.split}: {len(cases)} memos")
    print("\n".join(table(score(cases))))
    if args.errors:
        for d in disagreements(cases):
            print(f"{d['id']}: missed {d['missed']} extra {d['extra']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
