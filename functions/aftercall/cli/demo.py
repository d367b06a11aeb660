"""``aftercall demo [--scenario FILE] [--only NAME] [--json]``: the whole system on an embedded AWS."""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from aftercall.errors import InvalidInputError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="run the built-in scenarios (or yours) through the real code on moto"
    )
    parser.add_argument("--scenario", type=Path, action="append", help="a scenario file (JSON or YAML)")
    parser.add_argument("--only", action="append", help="run only the built-in scenario(s) with this name")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary instead")
    parser.add_argument(
        "--serve",
        action="store_true",
        help="afterwards, keep serving the detail pages of the texts on 127.0.0.1 until Ctrl-C",
    )
    parser.add_argument("--port", type=int, default=None, help="port of the detail pages (default: free)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # In Lambda this goes to the function's log; here it would only clutter the demo's output.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    # Imported here: moto and the harness are heavy, and other subcommands do not need them.
    from aftercall.local.builtin_scenarios import builtin_scenarios
    from aftercall.local.demo_report import dumps, render
    from aftercall.local.demo_runner import DemoRunner
    from aftercall.local.scenario import load_scenario

    try:
        scenarios = [load_scenario(p) for p in args.scenario] if args.scenario else builtin_scenarios()
    except InvalidInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.only:
        scenarios = [s for s in scenarios if s.name in set(args.only)]
        if not scenarios:
            print(f"error: no scenario named {', '.join(args.only)}", file=sys.stderr)
            return 2
    started = time.monotonic()
    results = []
    print("starting the embedded AWS (moto) …", file=sys.stderr, flush=True)
    with DemoRunner(port=args.port) as demo:
        for i, scenario in enumerate(scenarios, 1):
            print(f"[{i}/{len(scenarios)}] {scenario.name} …", file=sys.stderr, flush=True)
            results.append(demo.run(scenario))
        elapsed = time.monotonic() - started
        if args.json:
            print(dumps(results))
        else:
            print(render(results))
            print(
                f"\n{len(results)} scenario(s) in {elapsed:.1f} s on an embedded AWS (moto). "
                "Time is compressed: Wait states, quiet-hour deferrals and retry back-offs return at once."
            )
        if args.serve:
            _serve_until_interrupted(demo.page_url)
        elif not args.json:
            print("The detail-page links in these texts are served while it runs: aftercall demo --serve")
    return 0 if all(r.ok for r in results) else 1


def _serve_until_interrupted(url: str) -> None:
    print(f"\nServing the detail pages of these texts at {url}/<token> — Ctrl-C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("stopped")
