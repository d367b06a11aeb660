"""A tiny smoke of each benchmark: shapes and invariants only, never a time."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import pytest
from benchmarks import (
    burst,
    cold_start,
    composer_corpus,
    dynamodb_units,
    ingest,
    memo_lint_quality,
    prices,
    report,
    runtime_venv,
)
from benchmarks.cold_start import HANDLERS, lambda_environment, module_of

from aftercall_infra.function_specs import FUNCTIONS
from aftercall_infra.powertools_env import powertools_environment
from aftercall_infra.settings_env import environment_for, settings_class

pytestmark = pytest.mark.unit


def test_cold_start_environment_has_no_credentials_and_names_every_handler() -> None:
    env = lambda_environment("plan")
    assert not any(k.startswith("AWS_ACCESS_KEY") or k == "AWS_SECRET_ACCESS_KEY" for k in env)
    assert env["POWERTOOLS_SERVICE_NAME"] == "aftercall"
    assert len(HANDLERS) == 16
    assert module_of("plan") == "aftercall.handlers.plan"


def test_cold_path_handlers_are_the_deployed_functions() -> None:
    assert {module_of(h) for h in HANDLERS} == {s.handler.rpartition(".")[0] for s in FUNCTIONS.values()}


def test_cold_path_settings_give_every_function_all_it_requires_and_nothing_unknown() -> None:
    declared: set[str] = set()
    for spec in FUNCTIONS.values():
        environment_for(spec.settings, cold_start.SETTINGS)  # raises when a required setting is missing
        declared |= set(settings_class(spec.settings).model_fields)
    assert set(cold_start.SETTINGS) <= declared


def test_cold_path_environment_has_dummy_credentials_and_the_settings() -> None:
    env = cold_start.cold_path_environment("plan")
    assert env["AWS_ACCESS_KEY_ID"] == env["AWS_SECRET_ACCESS_KEY"] == "testing"
    assert env["MEMO_TABLE"] == cold_start.SETTINGS["memo_table"]
    assert env["AWS_EC2_METADATA_DISABLED"] == "true"


@pytest.mark.parametrize("handler", HANDLERS)
def test_cold_path_harness_measures_a_handler_on_this_interpreter(handler: str) -> None:
    # The harness's own code path, once, on the dev interpreter (not the runtime venv: too slow to
    # build here); shapes only, never a time.
    result = cold_start.run(
        samples=1, handlers=(handler,), interpreter=sys.executable, warm_up=False, attribution=False
    )

    assert (result["goal_ratio"], result["stretch_ratio"], result["samples_per_handler"]) == (1.5, 1.25, 1)
    assert result["python"] == ".".join(map(str, sys.version_info[:3]))
    row = result["handlers"][handler]
    assert row["samples"] == 1
    assert row["services"] or handler == "check_memo"  # the memo check calls no AWS service
    assert all(isinstance(s, str) and s for s in row["services"])
    for key in ("median_ms", "baseline_median_ms", "ratio", "import_median_ms", "baseline_import_median_ms"):
        assert isinstance(row[key], float)
        assert row[key] > 0
    assert row["import_median_ms"] <= row["median_ms"]
    assert isinstance(result["all_goals_met"], bool)


def test_cold_path_attribution_sums_import_time_by_package() -> None:
    found = cold_start.attribute(sys.executable, "outcome")

    packages = {p["package"]: p for p in found["packages"]}
    assert "aftercall" in packages
    assert all(p["self_ms"] > 0 and 0 < p["share"] <= 1 for p in packages.values())
    assert found["modules"]


def test_runtime_venv_pins_what_the_lambda_runtime_provides_as_the_dev_lock_does() -> None:
    pins = runtime_venv.provided_pins()
    assert [p.partition("==")[0].lower() for p in pins] == ["boto3", "botocore", "s3transfer"]
    lock = runtime_venv.DEV_LOCK.read_text(encoding="utf-8").splitlines()
    assert all(p in lock for p in pins)


def test_runtime_venv_without_the_runtime_python_says_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runtime_venv, "runtime_python", lambda: None)
    with pytest.raises(RuntimeError, match=r"needs Python 3\.13"):
        runtime_venv.find_python()


@pytest.mark.parametrize("detailed", [False, True])
def test_cold_start_environment_has_the_deployed_powertools_settings(detailed: bool) -> None:
    env = lambda_environment("plan", detailed_tracing=detailed)

    assert {k: v for k, v in env.items() if k.startswith("POWERTOOLS_")} == powertools_environment(detailed)


def test_composer_corpus_covers_both_locales_and_every_template() -> None:
    cases = composer_corpus.corpus()
    assert len(cases) >= 50
    assert {c.label for c in cases} == {
        f"{p}#{loc}" for p in ("confirm", "detail", "appointment", "reminder") for loc in ("ko-KR", "en-US")
    }
    result = composer_corpus.run(limit=6)
    assert result["texts"] == 6
    assert 0 <= result["within_budget"] <= 6


def test_composer_normalisation_never_costs_parts() -> None:
    g = composer_corpus.run()["gsm7_normalisation"]
    assert g["full_text_parts_with"] <= g["full_text_parts_without"]


def test_burst_small_sends_each_text_once_within_the_limit() -> None:
    result = burst.run(calls=30, parts_per_second=10)
    assert result["texts_sent"] == 30
    assert result["texts_lost"] == 0
    assert result["texts_duplicated"] == 0
    assert result["max_parts_in_any_one_second_window"] <= 10


def test_ingest_with_fakes_saves_plans_and_starts_every_record() -> None:
    result = ingest.with_fakes(20)
    assert (result["memos_saved"], result["followups_planned"], result["executions_started"]) == (20, 20, 20)


def test_request_units_of_writes_reads_and_transactions() -> None:
    assert dynamodb_units.request_units("PutItem", {}, 100) == (0.0, 1.0)
    assert dynamodb_units.request_units("PutItem", {}, 1500) == (0.0, 2.0)
    assert dynamodb_units.request_units("GetItem", {"ConsistentRead": True}) == (1.0, 0.0)
    assert dynamodb_units.request_units("Query", {}) == (0.5, 0.0)
    assert dynamodb_units.request_units("TransactWriteItems", {"TransactItems": [{}, {}]}) == (0.0, 4.0)
    assert dynamodb_units.item_size({"id": {"S": "abc"}, "n": {"N": "12"}}) == 2 + 3 + 1 + 3


KEYS_ONLY = {
    "KeySchema": [
        {"AttributeName": "owner", "KeyType": "HASH"},
        {"AttributeName": "at", "KeyType": "RANGE"},
    ],
    "Projection": {"ProjectionType": "KEYS_ONLY"},
}
ALL = {"KeySchema": [{"AttributeName": "ref", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
BASE = {"id": {"S": "f-1"}, "item": {"S": "attempt#sms#1"}}
TABLE_KEYS = ["id", "item"]


@pytest.mark.parametrize(
    ("index", "before", "after", "units"),
    [
        # the item enters a sparse index (both keys now present), or never is in it
        (KEYS_ONLY, BASE, {**BASE, "owner": {"S": "c"}, "at": {"S": "1"}}, 1.0),
        (KEYS_ONLY, None, {**BASE, "owner": {"S": "c"}}, 0.0),
        # keys-only: a change outside the keys writes nothing to the index; a key change writes twice
        (
            KEYS_ONLY,
            {**BASE, "owner": {"S": "c"}, "at": {"S": "1"}},
            {**BASE, "owner": {"S": "c"}, "at": {"S": "1"}, "x": {"N": "1"}},
            0.0,
        ),
        (
            KEYS_ONLY,
            {**BASE, "owner": {"S": "c"}, "at": {"S": "1"}},
            {**BASE, "owner": {"S": "c"}, "at": {"S": "2"}},
            2.0,
        ),
        # all attributes projected: any change is an index write; leaving the index is one
        (ALL, {**BASE, "ref": {"S": "m"}}, {**BASE, "ref": {"S": "m"}, "x": {"N": "1"}}, 1.0),
        (ALL, {**BASE, "ref": {"S": "m"}}, {**BASE, "ref": {"S": "m"}}, 0.0),
        (ALL, {**BASE, "ref": {"S": "m"}}, None, 1.0),
        (ALL, None, {**BASE, "ref": {"S": "m"}, "big": {"S": "x" * 2000}}, 3.0),  # one write of 3 KB
    ],
)
def test_index_writes_follow_the_developer_guide(
    index: dict[str, Any], before: dynamodb_units.Item | None, after: dynamodb_units.Item | None, units: float
) -> None:
    assert dynamodb_units.index_writes(index, TABLE_KEYS, before, after) == units


def test_usd_per_1000_uses_the_price_table() -> None:
    row = {
        "contacts": 1,
        "state_transitions": 10,
        "lambda_invocations_total": 4,
        "lambda_gb_seconds": 0.1,
        "dynamodb": {"wru": 6.0, "rru": 4.0},
        "api_calls": {"sqs:SendMessage": 1, "sns:Publish": 2},
        "sms": {"parts_by_country": {"KR": 2}},
    }
    usd = prices.usd_per_1000(row, prices.load_prices())
    assert usd["stepfunctions"] == pytest.approx(0.25)
    assert usd["sms_parts"] == {"KR": 2000.0}
    assert usd["aws_total"] > 0
    by_region = prices.usd_by_region(row, prices.load_price_tables())
    assert by_region["us-east-1"] == usd
    assert by_region["ap-northeast-2"]["stepfunctions"] == pytest.approx(0.271)  # Seoul's 0.0271 / 1,000


def test_whatsapp_fees_are_awss_fee_plus_metas_rate_by_category_and_country() -> None:
    table = prices.load_prices()
    known = {
        **table,
        "prices": {
            **table["prices"],
            "whatsapp_aws_per_message": {"usd": 0.005},
            "whatsapp_meta_utility_kr": {"usd": 0.01},
        },
    }
    messages = {"utility:KR": 1000.0, "service:KR": 500.0}
    # 1,000 charged utility templates and 500 free-form replies: AWS on all, Meta on the templates
    assert prices.whatsapp_fees(messages, known) == pytest.approx(1000 * 0.015 + 500 * 0.005)
    assert prices.whatsapp_fees({}, table) == 0
    assert prices.whatsapp_fees(messages, table) == "price unverified"  # the rates are not known offline
    row = {
        "contacts": 1,
        "state_transitions": 8,
        "lambda_invocations_total": 6,
        "lambda_gb_seconds": 0.1,
        "dynamodb": {"wru": 6.0, "rru": 4.0},
        "api_calls": {"sns:Publish": 3},
        "sms": {"parts_by_country": {}},
        "whatsapp": {"messages": 1, "by_category": {"utility:KR": 1}},
    }
    assert prices.usd_per_1000(row, known)["whatsapp_messages"] == {"utility:KR": 1000.0}
    assert prices.usd_per_1000(row, known)["whatsapp_fees"] == pytest.approx(15.0)


@pytest.mark.parametrize("region", ["us-east-1", "ap-northeast-2"])
def test_every_price_names_its_source_and_the_day_it_was_read(region: str) -> None:
    table = prices.load_prices(region)

    assert table["prices"].keys() == prices.load_prices()["prices"].keys()
    for key, p in table["prices"].items():
        meta = key.startswith("whatsapp_meta_")  # Meta's own rates, not AWS's
        assert p["source"].startswith(
            "https://developers.facebook.com/" if meta else "https://aws.amazon.com/"
        ), key
        assert date.fromisoformat(p["read_on"]) <= date.fromisoformat(table["taken_on"]), key
        assert p["status"] in {"verified", "third-party", "stand-in", "unverified"}, key
        assert (p["usd"] is None) == (p["status"] == "unverified"), key
        if p["status"] == "stand-in":  # a figure borrowed from us-east-1 says so
            assert "us-east-1" in p["remark"], key
            assert p["usd"] == prices.load_prices("us-east-1")["prices"][key]["usd"], key


def test_report_renders_every_section() -> None:
    results = {
        "machine": {
            "nproc": 2,
            "cpu_model": "cpu",
            "python": "3.11",
            "platform": "linux",
            "date": "d",
            "commit": "c",
            "bench_seconds": 1.0,
        },
        "cold_path": {
            "python": "3.13.0",
            "venv": "v",
            "samples_per_handler": 1,
            "goal_ratio": 1.5,
            "stretch_ratio": 1.25,
            "environment": "e",
            "handlers": {
                "plan": {
                    "median_ms": 3.0,
                    "baseline_median_ms": 2.0,
                    "ratio": 1.5,
                    "goal_met": True,
                    "stretch_met": False,
                    "samples": 1,
                    "services": ["dynamodb"],
                    "import_median_ms": 1.0,
                    "baseline_import_median_ms": 1.0,
                    "packages": [{"package": "boto3", "self_ms": 1.0, "share": 1.0}],
                }
            },
            "all_goals_met": True,
            "all_stretch_met": False,
        },
        "composer": composer_corpus.run(limit=4),
        "memo_lint": memo_lint_quality.run(),
        "burst": burst.run(calls=5, parts_per_second=5),
        "ingest": {
            "on_moto": {
                "records": 1,
                "batch_size": 1,
                "records_per_second": 1.0,
                "wall_ms_per_record": 1.0,
                "failed_records": 0,
                "executions_started": 1,
            },
            "with_fakes": {"records": 1, "use_case_cpu_ms_per_record": 1.0, "parse_cpu_ms_per_record": 1.0},
        },
        "cost": {
            "happy_path_dynamodb_writes": [
                {"parts_per_second": 1.0, "default": True, "dynamodb_writes": 7, "goal": 6, "met": False}
                | {"writes_by_table": {"t:PutItem": 7}},
                {"parts_per_second": 50.0, "default": False, "dynamodb_writes": 6, "goal": 6, "met": True}
                | {"writes_by_table": {"t:PutItem": 6}},
            ],
            "happy_path_goals": None,
            "sms_parts_per_second": 50.0,
            "scenarios": [],
            "low_limit_parts_per_second": 1.0,
            "happy_path_low_limit": None,
            "assumptions": ["a"],
        },
    }
    text = report.markdown(results)
    for heading in (
        "## Summary",
        "## Cold path",
        "## Cost per follow-up",
        "## Composer",
        "## Burst",
        "## Ingest",
        "## Memo lint quality",
        "## Reproduce",
    ):
        assert heading in text
    assert "| 1 part/s (default) | 7 | ≤ 6 | **no** |" in text
    assert "| 50 parts/s | 6 | ≤ 6 | yes |" in text
    assert "Region **ap-northeast-2**" in text
