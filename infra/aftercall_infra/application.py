"""Build the CDK app: read the context, compose the stack, and check it with cdk-nag on every synth.

With ``detailPageWaf=true`` the app also holds the detail page's web ACL stack in us-east-1 (waf.py);
both stacks then need the account and region, which ``cdk deploy`` takes from the profile
(``CDK_DEFAULT_ACCOUNT``, ``CDK_DEFAULT_REGION``). Without it the stack stays environment-agnostic.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import aws_cdk as cdk

from aftercall_infra.config import ConfigError, DeployConfig
from aftercall_infra.nag import check_with_cdk_nag
from aftercall_infra.stack import AftercallStack
from aftercall_infra.waf import WAF_REGION, DetailPageWafStack

STACK_ID = "Aftercall"
WAF_STACK_ID = "AftercallDetailPageWaf"


@dataclass(frozen=True, slots=True)
class AftercallApp:
    app: cdk.App
    stack: AftercallStack
    waf_stack: DetailPageWafStack | None = None


def build_app(
    context: Mapping[str, object] | None = None,
    outdir: str | None = None,
    environment: cdk.Environment | None = None,
) -> AftercallApp:
    """``environment``: the account and region to deploy to; only needed (and then read from the
    CDK CLI's variables when not given) with ``detailPageWaf=true``."""
    app = cdk.App(context=dict(context) if context else None, outdir=outdir)
    config = DeployConfig.from_node(app.node)
    waf_stack = None
    if config.detail_page_waf:
        environment = environment or _cli_environment()
        waf_stack = DetailPageWafStack(
            app,
            WAF_STACK_ID,
            stack_name=f"{config.stack_name}-detail-page-waf",
            env=cdk.Environment(account=environment.account, region=WAF_REGION),
            metric_prefix=config.stack_name,
        )
    stack = AftercallStack(
        app,
        STACK_ID,
        config=config,
        web_acl_arn=waf_stack.web_acl_arn if waf_stack else None,
        env=environment if waf_stack else None,
        cross_region_references=bool(waf_stack),
    )
    check_with_cdk_nag(app)
    return AftercallApp(app, stack, waf_stack)


def _cli_environment() -> cdk.Environment:
    account, region = os.environ.get("CDK_DEFAULT_ACCOUNT"), os.environ.get("CDK_DEFAULT_REGION")
    if not account or not region:
        raise ConfigError(
            "detailPageWaf=true needs the account and region: run cdk with a profile (it sets "
            "CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION) or set both variables"
        )
    return cdk.Environment(account=account, region=region)
