"""The handlers' one entry decorator: the Powertools Tracer, and the X-Ray SDK, only with detailed tracing.

Each case runs in a fresh interpreter: whether the X-Ray SDK is imported is decided by the environment
at import, and an interpreter that has imported it once cannot be asked again.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.cold_start import HANDLERS, lambda_environment, module_of

from aftercall_infra.constants import Fn
from aftercall_infra.function_specs import FUNCTIONS

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]

# A handler decorated like the real ones, invoked once; the Tracer's provider (the X-Ray recorder) is
# spied on, when it exists, to see whether the Tracer opened the handler's subsegment.
_INVOKE = """
import json, sys
from aftercall import observability
from aftercall.local.lambda_context import lambda_context

opened = []
if observability.detailed_tracing():
    provider = observability.tracer().provider
    original = provider.in_subsegment
    def spy(name=None, **kwargs):
        opened.append(name)
        return original(name=name, **kwargs)
    provider.in_subsegment = spy

@observability.lambda_entry(correlation_id_path="followupId")
def handler(event, context):
    return {"correlation_id": observability.logger.get_correlation_id()}

result = handler({"followupId": "f-1"}, lambda_context("aftercall-test"))
print(json.dumps({
    "result": result,
    "subsegments": opened,
    "xray_sdk_loaded": any(name.split(".")[0] == "aws_xray_sdk" for name in sys.modules),
}))
"""


def _run(code: str, trace_disabled: str, *args: str) -> dict[str, object]:
    env = {**lambda_environment("test"), "POWERTOOLS_TRACE_DISABLED": trace_disabled}
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome


def test_the_deployed_default_imports_no_handler_with_the_xray_sdk() -> None:
    code = (
        "import importlib, json, sys\n"
        "for module in sys.argv[1:]:\n"
        "    importlib.import_module(module)\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules if n.startswith('aws_xray_sdk')})))"
    )
    loaded = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", code, *(module_of(h) for h in HANDLERS)],
        env={**lambda_environment("test"), "POWERTOOLS_TRACE_DISABLED": "true"},
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )

    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert json.loads(loaded.stdout.strip().splitlines()[-1]) == []


def test_without_detailed_tracing_the_handler_runs_without_the_tracer() -> None:
    outcome = _run(_INVOKE, "true")

    assert outcome == {"result": {"correlation_id": "f-1"}, "subsegments": [], "xray_sdk_loaded": False}


def test_with_detailed_tracing_the_powertools_tracer_wraps_the_handler() -> None:
    # Outside Lambda (no LAMBDA_TASK_ROOT) the Tracer disables the X-Ray SDK itself, so nothing is
    # sent; it still opens the handler's subsegment, which is what the deployed function does.
    outcome = _run(_INVOKE, "false")

    assert outcome == {
        "result": {"correlation_id": "f-1"},
        "subsegments": ["## handler"],
        "xray_sdk_loaded": True,
    }


# The deferred models (settings, step inputs) each handler's cold start validates: built at import.
BUILT_AT_IMPORT = {
    "ingest_event": {
        "IngestSettings"
    },  # ingest plans the first follow-up, with these (they extend PlanSettings)
    "ingest_records": {"IngestSettings"},
    "plan": {"PlanInput", "PlanSettings"},
    "send_sms": {"TokenStepInput", "SendSmsSettings"},
    "send_email": {"TokenStepInput", "SendEmailSettings"},
    "send_whatsapp": {"TokenStepInput", "SendWhatsAppSettings"},
    "create_task": {"TaskInput", "CreateTaskSettings"},
    "outcome": {"OutcomeInput", "OutcomeSettings"},
    "receipts": {"ReceiptSettings"},
    "detail_page": {"DetailPageSettings"},
    "send_dead_letter": {"TokenStepInput", "SendDeadLetterSettings"},
    "check_memo": {"GateSettings"},
    "customer_history": {"HistorySettings"},
    "inbound_sms": {"InboundSettings"},
    "whatsapp_events": {"InboundSettings", "ReceiptSettings"},  # replies, and statuses as receipts
    "template_validator": {"TemplateCheckSettings"},
}
_BUILT = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
from aftercall.events import workflow
from aftercall.settings import EnvSettings

def family(cls):
    yield cls
    for sub in cls.__subclasses__():
        yield from family(sub)

inputs = sys.modules.get("aftercall.events.step_inputs")  # loaded only by the steps that read them
deferred = {*family(EnvSettings), *family(workflow.StepInput), *([inputs.OutcomeInput] if inputs else [])}
print(json.dumps(sorted(c.__name__ for c in deferred if c.__pydantic_complete__)))
"""


@pytest.mark.parametrize("fn", list(Fn))
def test_a_handler_builds_its_own_models_at_import_and_no_other_handlers(fn: Fn) -> None:
    module = FUNCTIONS[fn].handler.rpartition(".")[0]
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", _BUILT, module],
        env=lambda_environment("test"),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    built = set(json.loads(done.stdout.strip().splitlines()[-1]))

    assert built == BUILT_AT_IMPORT[module.rpartition(".")[2]]
    assert FUNCTIONS[fn].settings.rpartition(":")[2] in built  # the settings infra deploys it with


# Every handler imported in one interpreter: the first as Lambda imports it (the collector is on until
# ``aftercall.handlers`` turns it off), each next one after turning the collector off again, as a fresh
# container would have it. Collections are counted through gc.callbacks.
_COLLECTOR = """
import gc, importlib, json, sys
collections = []
gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
seen = {}
for n, module in enumerate(sys.argv[1:]):
    if n:
        gc.disable()
    before = len(collections)
    importlib.import_module(module)
    seen[module] = {"collections": len(collections) - before, "enabled": gc.isenabled()}
frozen = gc.get_freeze_count()
garbage = []
for _ in range(5000):  # cyclic garbage made after init
    cycle = []
    cycle.append(cycle)
    garbage.append(len(collections))
del cycle
print(json.dumps({"seen": seen, "frozen": frozen, "collected_after": len(collections) - garbage[0]}))
"""


def test_a_handler_import_runs_no_collection_and_leaves_the_collector_on() -> None:
    modules = [module_of(h) for h in HANDLERS]
    done = subprocess.run(  # our own interpreter and script
        [sys.executable, "-c", _COLLECTOR, *modules],
        env=lambda_environment("test"),
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])

    assert outcome["seen"] == {m: {"collections": 0, "enabled": True} for m in modules}
    assert outcome["frozen"] > 10_000  # what the first import built: never scanned again
    assert outcome["collected_after"] > 0  # garbage made by invocations is collected as before
