"""The DetailPage construct on its own: CloudFront (HTTPS only, no cache) → a private function URL (OAC)."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_lambda as lambda_
from cdk_nag import AwsSolutionsChecks

from aftercall_infra.detail_page import DetailPage
from aftercall_infra.nag import acknowledge, as_text

pytestmark = pytest.mark.infra

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # the managed CachingDisabled policy
BASIC_EXECUTION = "arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/aftercall-detail-page/aaaa-bbbb"


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


def test_origin_is_a_function_url_that_takes_only_signed_requests(template: assertions.Template) -> None:
    origin = only(template, "AWS::CloudFront::Distribution")["DistributionConfig"]["Origins"][0]
    control = only(template, "AWS::CloudFront::OriginAccessControl")["OriginAccessControlConfig"]

    assert only(template, "AWS::Lambda::Url")["AuthType"] == "AWS_IAM"  # unsigned requests get 403
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert "OriginAccessControlId" in origin
    assert (control["OriginAccessControlOriginType"], control["SigningBehavior"]) == ("lambda", "always")


def test_only_this_distribution_may_invoke_the_page(template: assertions.Template) -> None:
    (distribution_id,) = template.find_resources("AWS::CloudFront::Distribution")
    permissions = [p["Properties"] for p in template.find_resources("AWS::Lambda::Permission").values()]

    assert {p["Action"] for p in permissions} == {"lambda:InvokeFunctionUrl", "lambda:InvokeFunction"}
    for permission in permissions:
        assert permission["Principal"] == "cloudfront.amazonaws.com"
        assert as_text(permission["SourceArn"]).endswith(f":distribution/<{distribution_id}>")
    assert not template.find_resources("AWS::ApiGatewayV2::Api")  # no public endpoint beside it


def test_the_handler_trusts_the_viewer_address_because_the_origin_is_private(
    template: assertions.Template,
) -> None:
    function = only(template, "AWS::Lambda::Function")

    assert function["Environment"]["Variables"] == {"TRUST_VIEWER_ADDRESS": "true"}


def test_no_web_acl_unless_given(template: assertions.Template) -> None:
    config = only(template, "AWS::CloudFront::Distribution")["DistributionConfig"]

    assert "WebACLId" not in config


def test_a_given_web_acl_guards_the_distribution() -> None:
    config = only(synth(web_acl_arn=WEB_ACL), "AWS::CloudFront::Distribution")["DistributionConfig"]

    assert config["WebACLId"] == WEB_ACL  # cdk-nag's CFR2 passes without an acknowledgment


def test_custom_domain_uses_its_certificate_and_tls_1_2(custom_domain: assertions.Template) -> None:
    config = only(custom_domain, "AWS::CloudFront::Distribution")["DistributionConfig"]

    assert config["Aliases"] == ["d.example.com"]
    assert config["ViewerCertificate"]["AcmCertificateArn"] == CERTIFICATE
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"


def test_domain_without_certificate_is_refused() -> None:
    with pytest.raises(ValueError, match="set both or neither"):
        synth(domain_name="d.example.com")
