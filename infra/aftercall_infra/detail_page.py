"""The customer's detail page: the handler behind an HTTP API, behind CloudFront (HTTPS only, no cache).

CloudFront gives HTTPS on a short custom domain (context ``detailDomainName`` with an ACM certificate in
us-east-1, ``detailCertificateArn``) and passes on the viewer's address, which the handler's per-client
rate limit counts; the HTTP API's stage throttling bounds the total across Lambda containers.
"""

from __future__ import annotations

import json

from aws_cdk import Fn, RemovalPolicy
from aws_cdk import aws_apigatewayv2 as apigw
from aws_cdk import aws_apigatewayv2_integrations as integrations
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from aftercall_infra.constants import LOG_RETENTION
from aftercall_infra.nag import acknowledge

# Only what the handler reads: the viewer's address (rate limit) and language (pages without a link).
FORWARDED_HEADERS = ("CloudFront-Viewer-Address", "Accept-Language")
# No path, query or address: the path carries the token, and the address is personal data.
ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId",
    "time": "$context.requestTime",
    "status": "$context.status",
    "latencyMs": "$context.responseLatency",
    "integrationError": "$context.integrationErrorMessage",
}
DEFAULT_RATE_PER_SECOND = 20
DEFAULT_BURST = 40


class DetailPage(Construct):
    """``url`` is the page's base URL (https://domain): detail links are ``{url}/{token}``."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        function: lambda_.IFunction,
        domain_name: str = "",
        certificate_arn: str = "",
        rate_per_second: int = DEFAULT_RATE_PER_SECOND,
        burst: int = DEFAULT_BURST,
    ) -> None:
        super().__init__(scope, construct_id)
        if bool(domain_name) != bool(certificate_arn):
            raise ValueError("detailDomainName and detailCertificateArn go together: set both or neither")
        self.api = self._api(function, rate_per_second, burst)
        self.distribution = self._distribution(domain_name, certificate_arn)
        self.url = f"https://{domain_name or self.distribution.distribution_domain_name}"

    def _api(self, function: lambda_.IFunction, rate_per_second: int, burst: int) -> apigw.HttpApi:
        api = apigw.HttpApi(
            self,
            "Api",
            description="aftercall detail page (reached through CloudFront)",
            create_default_stage=False,
            default_integration=integrations.HttpLambdaIntegration("Page", function),
        )
        stage = apigw.HttpStage(
            self,
            "Stage",
            http_api=api,
            stage_name="$default",
            auto_deploy=True,
            throttle=apigw.ThrottleSettings(rate_limit=rate_per_second, burst_limit=burst),
        )
        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            retention=logs.RetentionDays[LOG_RETENTION],
            removal_policy=RemovalPolicy.DESTROY,
        )
        cfn_stage = stage.node.default_child
        assert isinstance(cfn_stage, apigw.CfnStage)
        cfn_stage.access_log_settings = apigw.CfnStage.AccessLogSettingsProperty(
            destination_arn=access_logs.log_group_arn, format=json.dumps(ACCESS_LOG_FORMAT)
        )
        acknowledge(
            api,
            "AwsSolutions-APIG4",
            "A public page for customers: the unguessable, expiring token in the path is the authorization.",
        )
        return api

    def _distribution(self, domain_name: str, certificate_arn: str) -> cloudfront.Distribution:
        origin = origins.HttpOrigin(
            Fn.select(2, Fn.split("/", self.api.api_endpoint)),  # https://<id>.execute-api.<region>...
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        )
        request_policy = cloudfront.OriginRequestPolicy(
            self,
            "Forwarded",
            comment="aftercall detail page: viewer address and language only",
            header_behavior=cloudfront.OriginRequestHeaderBehavior.allow_list(*FORWARDED_HEADERS),
            query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.none(),
            cookie_behavior=cloudfront.OriginRequestCookieBehavior.none(),
        )
        distribution = cloudfront.Distribution(
            self,
            "Cdn",
            comment="aftercall detail page",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,  # every page is personal
                origin_request_policy=request_policy,
            ),
            domain_names=[domain_name] if domain_name else None,
            certificate=(
                acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
                if certificate_arn
                else None
            ),
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        )
        self._acknowledge_distribution(distribution, custom_domain=bool(domain_name))
        return distribution

    @staticmethod
    def _acknowledge_distribution(distribution: cloudfront.Distribution, *, custom_domain: bool) -> None:
        acknowledge(
            distribution,
            "AwsSolutions-CFR1",
            "Customers may open their link from anywhere (roaming included); no country is excluded.",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR2",
            "No WAF by default (its cost is fixed per month): each request is rate-limited per viewer by the "
            "handler and in total by the HTTP API's stage throttling; tokens carry 128 random bits.",
        )
        acknowledge(
            distribution,
            "AwsSolutions-CFR3",
            "CloudFront access logs would record every URL, and the URL carries the customer's token; the "
            "HTTP API keeps access logs without the path.",
        )
        if not custom_domain:
            acknowledge(
                distribution,
                "AwsSolutions-CFR4",
                "The default *.cloudfront.net certificate fixes the TLS policy; with detailDomainName and "
                "detailCertificateArn the distribution enforces TLSv1.2_2021.",
            )
