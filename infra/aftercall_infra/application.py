"""Build the CDK app: read the context, compose the stack, and check it with cdk-nag on every synth."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import aws_cdk as cdk

from aftercall_infra.config import DeployConfig
from aftercall_infra.nag import check_with_cdk_nag
from aftercall_infra.stack import AftercallStack

STACK_ID = "Aftercall"


@dataclass(frozen=True, slots=True)
class AftercallApp:
    app: cdk.App
    stack: AftercallStack


def build_app(context: Mapping[str, object] | None = None, outdir: str | None = None) -> AftercallApp:
    app = cdk.App(context=dict(context) if context else None, outdir=outdir)
    config = DeployConfig.from_node(app.node)
    stack = AftercallStack(app, STACK_ID, config=config)
    check_with_cdk_nag(app)
    return AftercallApp(app, stack)
