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
from tests.infra.cfn import FULL_CONTEXT, Synthesized


@pytest.fixture(scope="session")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    outdir = tmp_path_factory.mktemp("cdk.out")
    # Staging would copy the code and the layer (tens of MB) into outdir: not needed to read the template.
    built = build_app({**FULL_CONTEXT, "aws:cdk:disable-asset-staging": True}, outdir=str(outdir))
    template = assertions.Template.from_stack(built.stack)  # synthesizes into outdir
    return Synthesized(built, template, template.to_json()["Resources"], outdir)
