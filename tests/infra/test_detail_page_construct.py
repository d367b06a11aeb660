"""The DetailPage construct on its own: CloudFront (HTTPS only, no cache) → HTTP API (throttled) → Lambda."""

from __future__ import annotations

import json
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_lambda as lambda_
from cdk_nag import AwsSolutionsChecks

from aftercall_infra.detail_page import DetailPage
from aftercall_infra.nag import acknowledge

pytestmark = pytest.mark.infra

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # the managed CachingDisabled policy
BASIC_EXECUTION = "arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


def synth(**options: Any) -> assertions.Template:
    app = cdk.App()
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    stack = cdk.Stack(app, "Detail", env=cdk.Environment(account="123456789012", region="ap-northeast-2"))
    function = lambda_.Function(
        stack,
        "Handler",
        runtime=lambda_.Runtime.PYTHON_3_13,
        handler="index.handler",
        code=lambda_.Code.from_inline("def handler(event, context): ..."),
    )
    for rule in (f"AwsSolutions-IAM4[Policy::{BASIC_EXECUTION}]", "AwsSolutions-L1"):
        acknowledge(
            function, rule, "A stand-in function: the stack builds the real one with the Lambda helper."
        )
    DetailPage(stack, "DetailPage", function=function, **options)
    return assertions.Template.from_stack(stack)  # raises on unacknowledged cdk-nag findings


@pytest.fixture(scope="module")
def template() -> assertions.Template:
    return synth()


@pytest.fixture(scope="module")
def custom_domain() -> assertions.Template:
    return synth(domain_name="d.example.com", certificate_arn=CERTIFICATE)


def only(template: assertions.Template, resource_type: str) -> dict[str, Any]:
    resources = list(template.find_resources(resource_type).values())
    assert len(resources) == 1
    return resources[0]["Properties"]


def test_viewers_get_https_only_and_nothing_is_cached(template: assertions.Template) -> None:
    behavior = only(template, "AWS::CloudFront::Distribution")["DistributionConfig"]["DefaultCacheBehavior"]

    assert behavior["ViewerProtocolPolicy"] == "https-only"
    assert behavior["CachePolicyId"] == CACHING_DISABLED
    assert behavior["AllowedMethods"] == ["GET", "HEAD"]


def test_origin_gets_the_viewer_address_and_language_only(template: assertions.Template) -> None:
    config = only(template, "AWS::CloudFront::OriginRequestPolicy")["OriginRequestPolicyConfig"]

    assert config["HeadersConfig"]["Headers"] == ["CloudFront-Viewer-Address", "Accept-Language"]
    assert config["CookiesConfig"]["CookieBehavior"] == "none"
    assert config["QueryStringsConfig"]["QueryStringBehavior"] == "none"


def test_origin_is_reached_over_https(template: assertions.Template) -> None:
    origin = only(template, "AWS::CloudFront::Distribution")["DistributionConfig"]["Origins"][0]

    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_api_stage_is_throttled(template: assertions.Template) -> None:
    settings = only(template, "AWS::ApiGatewayV2::Stage")["DefaultRouteSettings"]

    assert settings == {"ThrottlingBurstLimit": 40, "ThrottlingRateLimit": 20}


def test_access_logs_leave_out_the_path_and_the_address(template: assertions.Template) -> None:
    log_format = only(template, "AWS::ApiGatewayV2::Stage")["AccessLogSettings"]["Format"]

    fields = json.loads(log_format).values()
    assert not any(f.startswith(("$context.path", "$context.identity", "$context.http")) for f in fields)


def test_every_request_reaches_the_handler(template: assertions.Template) -> None:
    template.has_resource_properties("AWS::ApiGatewayV2::Route", {"RouteKey": "$default"})
    template.has_resource_properties("AWS::Lambda::Permission", {"Principal": "apigateway.amazonaws.com"})


def test_custom_domain_uses_its_certificate_and_tls_1_2(custom_domain: assertions.Template) -> None:
    config = only(custom_domain, "AWS::CloudFront::Distribution")["DistributionConfig"]

    assert config["Aliases"] == ["d.example.com"]
    assert config["ViewerCertificate"]["AcmCertificateArn"] == CERTIFICATE
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"


def test_domain_without_certificate_is_refused() -> None:
    with pytest.raises(ValueError, match="set both or neither"):
        synth(domain_name="d.example.com")
