"""The app around the stack: the CDK CLI through cdk.json, cfn-lint, context keys, the layer recipe, docs."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import aws_cdk as cdk
import pytest
from layers import build as layer_build

from aftercall_infra import assets, constants
from aftercall_infra.config import ConfigError, DeployConfig
from aftercall_infra.constants import Fn
from aftercall_infra.context_keys import CONTEXT_KEYS
from aftercall_infra.function_specs import FUNCTIONS
from aftercall_infra.powertools_env import powertools_environment
from tests.infra.cfn import OVERLAP_IN_ONE_PROCESS, Background, CliSynth, Synthesized, cfn_lint_command

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.xdist_group("infra-cli")  # with --dist loadgroup it runs beside the in-process synth
def test_cdk_cli_synthesizes_through_cdk_json_without_any_context(request: pytest.FixtureRequest) -> None:
    if OVERLAP_IN_ONE_PROCESS:
        request.getfixturevalue("synthesized")  # starts the CLI synth first, then synthesizes beside it
    cli: CliSynth = request.getfixturevalue("cli_synth")
    status, output = cli.run.wait()
    tmp_path = cli.outdir

    assert status == 0, output[-3000:]
    template = json.loads((tmp_path / "Aftercall.template.json").read_text(encoding="utf-8"))
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    metadata_file = manifest["artifacts"]["Aftercall"]["additionalMetadataFile"]
    metadata = json.loads((tmp_path / metadata_file).read_text(encoding="utf-8"))
    warnings = [
        entry["data"]
        for entries in metadata.values()
        for entry in entries
        if entry["type"] == "aws:cdk:warning"
    ]
    types = {resource["Type"] for resource in template["Resources"].values()}
    (rule,) = [r for r in template["Resources"].values() if r["Type"] == "AWS::Events::Rule"]

    assert "instanceArn" not in rule["Properties"]["EventPattern"]["detail"]
    # The send queue, its dead-letter queue and the templates table's stream; no contact-record stream
    assert "AWS::Lambda::EventSourceMapping" in types
    assert sum(r["Type"] == "AWS::Lambda::EventSourceMapping" for r in template["Resources"].values()) == 3
    (plan,) = [
        r["Properties"]
        for r in template["Resources"].values()
        if r["Type"] == "AWS::Lambda::Function" and r["Properties"]["Handler"] == FUNCTIONS[Fn.PLAN].handler
    ]
    assert "DomainName" in json.dumps(
        plan["Environment"]["Variables"]["DETAIL_BASE_URL"]
    )  # the stack's own page
    for key in (k.name for k in CONTEXT_KEYS if k.required_for_deploy):
        assert any(f"context key {key} is not set" in str(w) for w in warnings), key
    assert any("requireConsent is true" in str(w) for w in warnings)  # nothing deployed asks for consent
    functions = [
        r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"
    ]
    assert len(functions) == len(Fn) - 1  # no contact-record stream: no IngestRecords function
    for function in functions:  # detailedTracing off: Lambda's tracing only, no Powertools Tracer
        assert function["TracingConfig"] == {"Mode": "Active"}
        assert function["Environment"]["Variables"]["POWERTOOLS_TRACE_DISABLED"] == "true"


def test_cfn_lint_finds_nothing_in_the_template(synthesized: Synthesized) -> None:
    lint = (
        synthesized.lint[0] if synthesized.lint else Background(cfn_lint_command(synthesized.template_file))
    )

    status, output = lint.wait()

    assert status == 0, output


# Context ----------------------------------------------------------------------------------------


def test_unknown_context_keys_are_refused() -> None:
    app = cdk.App(context={"originationIdentiy": "phone-1"})

    with pytest.raises(ConfigError, match="originationIdentiy"):
        DeployConfig.from_node(app.node)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("connectInstanceArn", "arn:aws:kinesis:ap-northeast-2:111122223333:stream/x"),
        ("contactRecordStreamArn", "my-stream"),
        ("customerKeyParameter", "aftercall/customer-key"),
        ("smsPartsPerSecond", "0"),
        ("senderAddress", "not-an-address"),
        ("detailDomainName", "d.example.kr"),
        ("detailBaseUrl", "http://d.example.kr"),
        ("detailedTracing", "yes"),
        ("detailPageWaf", "on"),
    ],
)
def test_malformed_context_values_are_refused_with_the_key_named(key: str, value: str) -> None:
    with pytest.raises(ConfigError, match=key):
        DeployConfig.from_mapping({key: value})


def test_unset_deploy_keys_use_placeholders_and_are_reported() -> None:
    config = DeployConfig.from_mapping({"companyName": "Example Co"})

    assert "companyName" not in config.missing_for_deploy()
    assert "originationIdentity" in config.missing_for_deploy()
    assert config.settings()["sms_origination_identity"] == config["originationIdentity"]


@pytest.mark.parametrize(
    ("given", "detailed"),
    [({}, False), ({"detailedTracing": "false"}, False), ({"detailedTracing": True}, True)],
)
def test_detailed_tracing_is_off_unless_asked_for(given: dict[str, object], detailed: bool) -> None:
    config = DeployConfig.from_mapping(given)

    assert config.detailed_tracing is detailed
    assert (
        powertools_environment(config.detailed_tracing)["POWERTOOLS_TRACE_DISABLED"]
        == str(not detailed).lower()
    )


def test_deploy_guide_documents_every_context_key() -> None:
    guide = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")

    for key in CONTEXT_KEYS:
        assert f"`{key.name}`" in guide, key.name


# Layer ------------------------------------------------------------------------------------------


def test_layer_is_built_for_the_lambda_runtime() -> None:
    command = layer_build.pip_command(Path("out"))

    assert layer_build.PYTHON_VERSION == constants.PYTHON_VERSION
    assert command[command.index("--python-version") + 1] == constants.PYTHON_VERSION
    assert "--only-binary=:all:" in command
    assert {"manylinux2014_aarch64", "manylinux_2_28_aarch64"} <= set(command)
    assert layer_build.STAMP == assets.LAYER_STAMP_FILE


def test_layer_rebuilds_only_when_the_requirements_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    requirements = tmp_path / "runtime.txt"
    requirements.write_text("pynamodb==6.1.0\n", encoding="utf-8")
    monkeypatch.setattr(layer_build, "REQUIREMENTS", requirements)
    monkeypatch.setattr(layer_build, "STAMP", tmp_path / "stamp")
    layer_build.STAMP.write_text(layer_build.recipe_hash(), encoding="utf-8")

    assert layer_build.is_current()
    requirements.write_text("pynamodb==6.2.0\n", encoding="utf-8")
    assert not layer_build.is_current()


def test_layer_drops_what_the_runtime_provides(tmp_path: Path) -> None:
    for name in ("boto3", "botocore", "s3transfer", "pynamodb", "pynamodb/__pycache__"):
        (tmp_path / name).mkdir(parents=True, exist_ok=True)
    (tmp_path / "botocore-1.44.8.dist-info").mkdir()

    layer_build.remove_runtime_packages(tmp_path)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["pynamodb"]
    assert not (tmp_path / "pynamodb" / "__pycache__").exists()


# Handlers ---------------------------------------------------------------------------------------


def test_every_handler_module_is_deployed_as_a_function() -> None:
    modules = {
        p.stem for p in (REPO / "functions" / "aftercall" / "handlers").glob("*.py") if p.stem != "__init__"
    }
    deployed = {spec.handler.split(".")[2] for spec in FUNCTIONS.values()}

    assert deployed == modules


@pytest.mark.parametrize("fn", list(Fn))
def test_function_handler_is_a_callable_of_the_code_asset(fn: Fn) -> None:
    module_name, _, function_name = FUNCTIONS[fn].handler.rpartition(".")

    assert callable(getattr(importlib.import_module(module_name), function_name))
