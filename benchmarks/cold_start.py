"""Cold start proxy: the time to import each handler module in a fresh interpreter, over boto3's.

Each sample is a new ``python -c`` process that times ``import <module>`` with ``time.perf_counter``;
boto3 alone is measured in the same loop, interleaved, so both see the same machine state. Byte code
(.pyc) is present: every module is imported once before measuring. The environment is what Lambda
and the CDK helper give a function by default (region, function name, the POWERTOOLS_* settings of
``aftercall_infra.constants.powertools_environment(detailed_tracing=False)``: the Powertools Tracer
off) and no AWS credentials at all: importing a handler must not need them. The same import with
detailed tracing on (``-c detailedTracing=true``: POWERTOOLS_TRACE_DISABLED=false) is measured in the
same loop and reported beside it, for information: the goal is on the default.

Attribution: one ``python -X importtime`` run per handler; the self time of every imported module is
summed by top-level package (the standard library as one entry).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HANDLERS: tuple[str, ...] = (
    "ingest_event",
    "ingest_records",
    "plan",
    "send_sms",
    "send_email",
    "create_task",
    "outcome",
    "receipts",
    "detail_page",
    "send_dead_letter",
)
BASELINE = "boto3"
GOAL_RATIO = 1.5
_TIMER = "import time, importlib, sys; t = time.perf_counter(); importlib.import_module(sys.argv[1]); " + (
    "print(time.perf_counter() - t)"
)
_ROOT = Path(__file__).resolve().parents[1]


def module_of(handler: str) -> str:
    return f"aftercall.handlers.{handler}"


def lambda_environment(function: str, detailed_tracing: bool = False) -> dict[str, str]:
    """The variables Lambda and infra/aftercall_infra (``powertools_environment``) set; no credentials.

    tests/unit/test_benchmarks_smoke.py checks the POWERTOOLS_* values against the infra constants."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(_ROOT / "functions"),
        "AWS_REGION": "ap-northeast-2",
        "AWS_DEFAULT_REGION": "ap-northeast-2",
        "AWS_LAMBDA_FUNCTION_NAME": f"aftercall-{function}",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "POWERTOOLS_SERVICE_NAME": "aftercall",
        "POWERTOOLS_METRICS_NAMESPACE": "Aftercall",
        "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
        "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
        "POWERTOOLS_TRACE_DISABLED": "false" if detailed_tracing else "true",
        # No credentials anywhere: no variables, no files, no instance metadata.
        "AWS_CONFIG_FILE": "/nonexistent/aws-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def time_import(module: str, function: str = "bench", detailed_tracing: bool = False) -> float:
    """Seconds to import ``module`` in a fresh interpreter (raises if the import fails)."""
    done = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-c", _TIMER, module],
        env=lambda_environment(function, detailed_tracing),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"importing {module} failed: {done.stderr.strip().splitlines()[-1:]}")
    return float(done.stdout.strip().splitlines()[-1])


def attribute(module: str, function: str = "bench", top: int = 6) -> dict[str, list[dict[str, Any]]]:
    """Self import time by top-level package and the heaviest single modules (``-X importtime``), in ms."""
    done = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        env=lambda_environment(function),
        capture_output=True,
        text=True,
        check=True,
    )
    by_package: dict[str, int] = defaultdict(int)
    by_module: dict[str, int] = {}
    stdlib = sys.stdlib_module_names
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        fields = line.removeprefix("import time:").split("|")
        name = fields[2].strip()
        root = name.split(".")[0]
        by_module[name] = int(fields[0])
        by_package["(stdlib)" if root in stdlib or root.startswith("_") else root] += int(fields[0])
    total = sum(by_package.values())
    ranked = sorted(by_package.items(), key=lambda kv: -kv[1])[:top]
    heaviest = sorted(by_module.items(), key=lambda kv: -kv[1])[:top]
    return {
        "packages": [
            {"package": name, "self_ms": round(us / 1000, 1), "share": round(us / total, 3)}
            for name, us in ranked
        ],
        "modules": [{"module": name, "self_ms": round(us / 1000, 1)} for name, us in heaviest],
    }


def run(runs: int = 10, handlers: tuple[str, ...] = HANDLERS) -> dict[str, Any]:
    modules = {h: module_of(h) for h in handlers}
    for handler, module in modules.items():  # warm the byte-code cache (writes .pyc where missing)
        time_import(module, handler)
        time_import(module, handler, detailed_tracing=True)
    time_import(BASELINE)
    samples: dict[str, list[float]] = {BASELINE: [], **{h: [] for h in handlers}}
    traced: dict[str, list[float]] = {h: [] for h in handlers}
    for _ in range(runs):
        samples[BASELINE].append(time_import(BASELINE))
        for handler, module in modules.items():
            samples[handler].append(time_import(module, handler))
            traced[handler].append(time_import(module, handler, detailed_tracing=True))
    baseline_ms = statistics.median(samples[BASELINE]) * 1000
    rows = []
    for handler in handlers:
        median_ms = statistics.median(samples[handler]) * 1000
        traced_ms = statistics.median(traced[handler]) * 1000
        ratio = median_ms / baseline_ms
        rows.append(
            {
                "handler": handler,
                "median_ms": round(median_ms, 1),
                "ratio_to_boto3": round(ratio, 2),
                "goal_met": ratio <= GOAL_RATIO,
                "detailed_tracing_median_ms": round(traced_ms, 1),
                "detailed_tracing_ratio_to_boto3": round(traced_ms / baseline_ms, 2),
                **attribute(modules[handler], handler),
            }
        )
    return {
        "runs_per_module": runs,
        "pyc_present": True,
        "environment": "Lambda-like: region, function name, POWERTOOLS_* as deployed by default "
        "(POWERTOOLS_TRACE_DISABLED=true: no Powertools Tracer; Lambda's own X-Ray tracing needs no "
        "import), no AWS credentials; detailed tracing (POWERTOOLS_TRACE_DISABLED=false, "
        "-c detailedTracing=true) measured in the same loop, for information",
        "boto3_median_ms": round(baseline_ms, 1),
        "goal_ratio": GOAL_RATIO,
        "handlers": rows,
        "all_goals_met": all(r["goal_met"] for r in rows),
    }
