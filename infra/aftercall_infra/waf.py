"""The detail page's optional AWS WAF web ACL (context ``detailPageWaf=true``).

A web ACL for a CloudFront distribution has the scope CLOUDFRONT, and AWS only creates those in
us-east-1; the application stack lives in its own region. So the web ACL gets a companion stack pinned
to us-east-1 (same account), and the application stack reads its ARN through CDK's cross-region
references (``cross_region_references``: a small custom resource in each stack copies the ARN into an
SSM parameter of the application's region and keeps it from being deleted while it is used). Both
stacks then need a concrete account and region; ``cdk deploy --all`` deploys the companion first.

One rule: a rate-based block per viewer address (CloudFront gives WAF the viewer's address). It stops a
flood at the edge, before it costs a Lambda invocation; the handler's per-visitor limit (30 a minute per
container, a friendly 429 page) stays the finer one, so the WAF limit is set above it. Mobile carriers
put many customers behind one address (carrier-grade NAT), which is why the limit is not tighter.
Sampled requests are off: they would store request URLs, and a URL carries a customer's token.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

WAF_REGION = "us-east-1"  # CLOUDFRONT-scope web ACLs exist only there
RATE_LIMIT = 300  # requests from one viewer address...
RATE_WINDOW_SECONDS = 300  # ...in any five minutes (WAF allows 60, 120, 300 or 600)


class DetailPageWafStack(Stack):
    """us-east-1: the web ACL the detail page's distribution uses; ``web_acl_arn`` is its ARN."""

    def __init__(self, scope: Construct, construct_id: str, *, metric_prefix: str, **kwargs: Any) -> None:
        super().__init__(
            scope,
            construct_id,
            description="aftercall: the detail page's AWS WAF web ACL (CloudFront scope, so in us-east-1)",
            cross_region_references=True,
            **kwargs,
        )
        web_acl = wafv2.CfnWebACL(
            self,
            "DetailPage",
            scope="CLOUDFRONT",
            description="aftercall detail page: a rate limit per viewer address",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(f"{metric_prefix}-detail-page"),
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name="RatePerViewer",
                    priority=0,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            aggregate_key_type="IP",
                            limit=RATE_LIMIT,
                            evaluation_window_sec=RATE_WINDOW_SECONDS,
                        )
                    ),
                    visibility_config=_visibility(f"{metric_prefix}-detail-page-rate"),
                )
            ],
        )
        self.web_acl_arn = web_acl.attr_arn
        CfnOutput(self, "DetailPageWebAclArn", value=web_acl.attr_arn)


def _visibility(metric_name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    # CloudWatch metrics (counts only); no sampled requests: they would keep URLs, i.e. tokens.
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric_name, sampled_requests_enabled=False
    )
