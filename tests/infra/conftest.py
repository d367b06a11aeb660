"""The stack is built once per test process, with every context key set (the CLI test covers none).

``Template.from_stack`` synthesizes the app, which runs cdk-nag: an unacknowledged finding fails the
fixture and so every test that uses it.
"""

from __future__ import annotations

import os

# jsii prints a Node end-of-life banner unless this names the Node major version; set before aws_cdk loads.
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import pytest
from aws_cdk import assertions

from aftercall_infra.application import build_app
from tests.infra.cfn import (
    CDK_CLI,
    FULL_CONTEXT,
    OVERLAP_IN_ONE_PROCESS,
    REPO,
    Background,
    CliSynth,
    Synthesized,
    cdk_cli_command,
    cfn_lint_command,
)


@pytest.fixture(scope="session")
def cli_synth(tmp_path_factory: pytest.TempPathFactory) -> CliSynth:
    """``cdk synth`` by the pinned CLI through cdk.json, without any context, started now."""
    if not CDK_CLI.exists():
        pytest.skip("node_modules not installed (make node)")
    outdir = tmp_path_factory.mktemp("cli.out")
    return CliSynth(outdir, Background(cdk_cli_command(outdir), cwd=REPO))


@pytest.fixture(scope="session")
def synthesized(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    if OVERLAP_IN_ONE_PROCESS and CDK_CLI.exists():
        request.getfixturevalue("cli_synth")  # the CLI synth runs beside this one
    outdir = tmp_path_factory.mktemp("cdk.out")
    # Staging would copy the code and the layer (tens of MB) into outdir: not needed to read the template.
    built = build_app({**FULL_CONTEXT, "aws:cdk:disable-asset-staging": True}, outdir=str(outdir))
    template = assertions.Template.from_stack(built.stack)  # synthesizes into outdir
    synthesized = Synthesized(built, template, template.to_json()["Resources"], outdir)
    if OVERLAP_IN_ONE_PROCESS:
        synthesized.lint.append(Background(cfn_lint_command(synthesized.template_file)))
    return synthesized
