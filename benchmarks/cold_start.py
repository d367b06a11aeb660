"""Cold path: what a handler's first invocation costs before it does any work, over boto3's own.

For each handler, each sample is two fresh interpreters of the runtime venv (benchmarks/runtime_venv.py:
the Lambda runtime's Python with only the runtime dependencies), timed with ``time.perf_counter``
from their first statement:

- the cold path: ``import aftercall.handlers.<name>`` then ``aftercall.composition.warm(<name>)``,
  which builds the handler's settings and use cases and creates every botocore client and PynamoDB
  connection its first invocation creates;
- the baseline: ``import boto3`` then, from one ``boto3.session.Session()``, one client for each
  service of ``aftercall.composition.services_for(<name>)`` (asked once, in an untimed interpreter).

The two alternate in order from sample to sample and handlers are interleaved, so both see the same
machine. The ratio is the median of the first over the median of the second. Byte code is compiled
first (the layer ships .pyc). The environment is a Lambda function's (region, function name, the
deployed POWERTOOLS_* settings: no Powertools Tracer), every setting the handlers read (dummy values)
and dummy credentials: creating a client makes no request, and no network is used.

Attribution: one ``python -X importtime`` run of the cold path per handler; the self time of every
imported module is summed by top-level package (the standard library as one entry).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks import runtime_venv

HANDLERS: tuple[str, ...] = (
    "ingest_event",
    "ingest_records",
    "plan",
    "send_sms",
    "send_email",
    "send_whatsapp",
    "create_task",
    "outcome",
    "receipts",
    "detail_page",
    "send_dead_letter",
    "check_memo",
    "customer_history",
    "inbound_sms",
    "whatsapp_events",
    "template_validator",
)
GOAL_RATIO = 1.5
STRETCH_RATIO = 1.25
SAMPLES = 10
_ROOT = Path(__file__).resolve().parents[1]
_FUNCTIONS = _ROOT / "functions"
_MARK = "cold-path-seconds"

# Both children print "<mark> <seconds to the end of the imports> <seconds in all>" on their last
# marked line: handlers may log to stdout. sys.argv[1] is the handler, then the services.
_COLD_PATH = f"""\
import time
started = time.perf_counter()
import importlib, sys
importlib.import_module("aftercall.handlers." + sys.argv[1])
imported = time.perf_counter()
from aftercall.composition import warm
warm(sys.argv[1])
print("{_MARK}", imported - started, time.perf_counter() - started)
"""
_BASELINE = f"""\
import time
started = time.perf_counter()
import sys
import boto3
imported = time.perf_counter()
session = boto3.session.Session()
for service in sys.argv[2:]:
    session.client(service)
print("{_MARK}", imported - started, time.perf_counter() - started)
"""
_SERVICES = """\
import json, platform, sys
from aftercall.composition import services_for
print(json.dumps([platform.python_version(), *services_for(sys.argv[1])]))
"""

# Every handler setting the stack offers (infra: LambdaFactory.offer), by field name; dummy values
# that validate. A handler's settings read their own and ignore the rest, as deployed.
SETTINGS: dict[str, str] = {
    "memo_table": "aftercall-memos",
    "followup_table": "aftercall-followups",
    "preferences_table": "aftercall-preferences",
    "template_table": "aftercall-templates",
    "link_table": "aftercall-links",
    "pacing_table": "aftercall-pacing",
    "customer_key_parameter": "/aftercall/customer-key",
    "state_machine_arn": "arn:aws:states:ap-northeast-2:111122223333:stateMachine:Aftercall-followup",
    "ingest_dlq_url": "https://sqs.ap-northeast-2.amazonaws.com/111122223333/Aftercall-IngestDeadLetters",
    "company_name": "Aftercall",
    "callback_number": "1588-0000",
    "detail_base_url": "https://d.example.com",
    "sms_configuration_set": "Aftercall-sms",
    "sms_origination_identity": "+15555550100",
    "sms_parts_per_second": "1",
    "sms_receipt_window_seconds": "14400",
    "email_receipt_window_seconds": "3600",
    "max_receives": "5",
    "sender_concurrency": "2",
    "email_configuration_set": "Aftercall-email",
    "whatsapp_phone_number_id": "phone-number-id-0123456789abcdef0123456789abcdef",
    "whatsapp_waba_id": "waba-0123456789abcdef0123456789abcdef",
    "email_from_address": "followup@example.com",
    "task_contact_flow_id": "5b1d7c1e-0000-4000-8000-00000000f100",
    "connect_instance_id": "0e5c1f7a-0000-4000-8000-000000000001",
}
# What Lambda gives every function (a role's temporary credentials), as dummies.
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}


def module_of(handler: str) -> str:
    return f"aftercall.handlers.{handler}"


def lambda_environment(function: str, detailed_tracing: bool = False) -> dict[str, str]:
    """The variables Lambda and infra/aftercall_infra (``powertools_environment``) set; no credentials.

    tests/integration/test_benchmarks_smoke.py checks the POWERTOOLS_* values against the infra constants."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(_FUNCTIONS),
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
        # No shared files and no instance metadata: nothing outside this environment is read.
        "AWS_CONFIG_FILE": "/nonexistent/aws-config",
        "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def cold_path_environment(handler: str) -> dict[str, str]:
    """A deployed function's environment: Lambda's variables, its settings and (dummy) credentials."""
    settings = {name.upper(): value for name, value in SETTINGS.items()}
    return {**lambda_environment(handler), **settings, **CREDENTIALS}


def _child(python: str | Path, code: str, args: list[str], env: dict[str, str], *flags: str) -> str:
    """The standard output (with ``flags``, e.g. ``-X importtime``: the error output) of one fresh
    interpreter running ``code``; raises with its error output if it fails."""
    done = subprocess.run(  # noqa: S603  (a local interpreter and our own script)
        [str(python), *flags, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{python} -c ... {' '.join(args)} failed:\n{done.stderr.strip()[-3000:]}")
    return done.stderr if flags else done.stdout


def timed(python: str | Path, code: str, args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(seconds to the end of the imports, seconds in all) of one fresh interpreter running ``code``."""
    lines = [line for line in _child(python, code, args, env).splitlines() if line.startswith(_MARK)]
    if not lines:
        raise RuntimeError(f"no timing printed by {python} -c ... {' '.join(args)}")
    _, imported, total = lines[-1].split()
    return float(imported), float(total)


def probe(python: str | Path, handler: str) -> tuple[str, tuple[str, ...]]:
    """The interpreter's version and ``aftercall.composition.services_for(handler)``, untimed."""
    out = _child(python, _SERVICES, [handler], cold_path_environment(handler))
    version, *services = json.loads(out.strip().splitlines()[-1])
    return version, tuple(services)


def attribute(python: str | Path, handler: str, top: int = 6) -> dict[str, list[dict[str, Any]]]:
    """Self import time of the cold path by top-level package and the heaviest modules, in ms."""
    stderr = _child(python, _COLD_PATH, [handler], cold_path_environment(handler), "-X", "importtime")
    by_package: dict[str, int] = defaultdict(int)
    by_module: dict[str, int] = {}
    stdlib = sys.stdlib_module_names
    for line in stderr.splitlines():
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


def _ms(values: list[float]) -> float:
    return round(statistics.median(values) * 1000, 1)


def run(
    samples: int = SAMPLES,
    handlers: tuple[str, ...] = HANDLERS,
    interpreter: str | Path | None = None,
    warm_up: bool = True,
    attribution: bool = True,
) -> dict[str, Any]:
    """Measure every handler; ``interpreter`` None means the runtime venv (built if needed)."""
    if samples < 1:
        raise ValueError("at least one sample per handler")
    if interpreter is None:
        python: str | Path = runtime_venv.ensure()
        runtime_venv.compile_tree(python, runtime_venv.VENV_DIR, _FUNCTIONS)
    else:
        python = interpreter
        runtime_venv.compile_tree(python, _FUNCTIONS)
    probed = {h: probe(python, h) for h in handlers}
    services = {h: probed[h][1] for h in handlers}
    envs = {h: cold_path_environment(h) for h in handlers}
    children = {
        h: {"cold_path": (_COLD_PATH, [h]), "baseline": (_BASELINE, [h, *services[h]])} for h in handlers
    }
    if warm_up:  # fills the OS file cache; also fails early if a handler cannot start
        for h in handlers:
            for code, args in children[h].values():
                timed(python, code, args, envs[h])
    raw: dict[str, dict[str, list[tuple[float, float]]]] = {
        h: {"cold_path": [], "baseline": []} for h in handlers
    }
    for sample in range(samples):
        order = ("cold_path", "baseline") if sample % 2 == 0 else ("baseline", "cold_path")
        for h in handlers:
            for kind in order:
                code, args = children[h][kind]
                raw[h][kind].append(timed(python, code, args, envs[h]))
    rows = {}
    for h in handlers:
        cold = [total for _, total in raw[h]["cold_path"]]
        base = [total for _, total in raw[h]["baseline"]]
        ratio = statistics.median(cold) / statistics.median(base)
        rows[h] = {
            "median_ms": _ms(cold),
            "baseline_median_ms": _ms(base),
            "ratio": round(ratio, 3),
            "goal_met": ratio <= GOAL_RATIO,
            "stretch_met": ratio <= STRETCH_RATIO,
            "samples": samples,
            "services": list(services[h]),
            # Where the time goes: the handler's import (boto3's for the baseline), then the rest.
            "import_median_ms": _ms([imported for imported, _ in raw[h]["cold_path"]]),
            "baseline_import_median_ms": _ms([imported for imported, _ in raw[h]["baseline"]]),
            "raw_ms": {kind: [round(total * 1000, 1) for _, total in raw[h][kind]] for kind in raw[h]},
            **(attribute(python, h) if attribution else {}),
        }
    return {
        "python": probed[handlers[0]][0],
        "venv": runtime_venv.describe(python),
        "samples_per_handler": samples,
        "goal_ratio": GOAL_RATIO,
        "stretch_ratio": STRETCH_RATIO,
        "environment": "a deployed function's: region, function name, POWERTOOLS_* as deployed by default "
        "(no Powertools Tracer), every handler setting (dummy values), dummy credentials; no network",
        "handlers": rows,
        "all_goals_met": all(r["goal_met"] for r in rows.values()),
        "all_stretch_met": all(r["stretch_met"] for r in rows.values()),
    }
