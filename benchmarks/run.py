"""``make bench``: run every benchmark, write benchmarks/results/latest.json and docs/performance.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
DOC = ROOT / "docs" / "performance.md"


def machine() -> dict[str, Any]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    git = shutil.which("git")
    commit = ""
    if git:
        commit = subprocess.run(  # noqa: S603  (git, a fixed command)
            [git, "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("only", nargs="*", help="run only these sections; the others stay as they are")
    parser.add_argument("--cold-path-samples", type=int, default=10, help="fresh interpreters per handler")
    args = parser.parse_args(argv)
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")  # before any Powertools logger exists
    from benchmarks import (
        burst,
        cold_start,
        composer_corpus,
        cost,
        ingest,
        memo_lint_quality,
        report,
        spelling_quality,
    )

    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine()}
    steps: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        ("cold_path", lambda: cold_start.run(samples=args.cold_path_samples)),
        ("composer", composer_corpus.run),
        ("memo_lint", memo_lint_quality.run),
        ("burst", burst.run),
        ("burst_low_limit", lambda: burst.run(calls=200, parts_per_second=3.0)),
        ("burst_slow_sends", lambda: {"runs": [burst.run(send_seconds=0.1, concurrency=n) for n in (2, 4)]}),
        ("ingest", ingest.run),
        ("cost", cost.run),
        ("spelling", spelling_quality.run),
    ]
    unknown = set(args.only) - {name for name, _ in steps}
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if args.only and RESULTS.exists():  # a partial run replaces its sections only
        results = {**json.loads(RESULTS.read_text(encoding="utf-8")), **results}
    results.pop("cold_start", None)  # replaced by cold_path
    for name, step in steps:
        if args.only and name not in args.only:
            continue
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        began = time.perf_counter()
        results[name] = step()
        print(f"bench: {name} done in {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
        if name == "memo_lint":
            print("\n".join(memo_lint_quality.summary_lines(results[name])), file=sys.stderr, flush=True)
    results["machine"]["bench_seconds"] = round(time.perf_counter() - started, 1)
    if args.only:
        results["machine"]["sections"] = list(args.only)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    missing = [name for name, _ in steps if name not in results]
    if missing:  # a partial run over results from before a section existed
        done = f"bench: wrote {RESULTS.relative_to(ROOT)}, not {DOC.relative_to(ROOT)}"
        print(f"{done} (no {', '.join(missing)} in the results)", file=sys.stderr)
        return 0
    DOC.write_text(report.markdown(results), encoding="utf-8")
    print(f"bench: wrote {RESULTS.relative_to(ROOT)} and {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
