"""``detailPageWaf=true``: a CLOUDFRONT-scope web ACL in a us-east-1 companion stack guards the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import assertions

from aftercall_infra.application import AftercallApp, build_app
from aftercall_infra.config import ConfigError
from aftercall_infra.waf import RATE_LIMIT, RATE_WINDOW_SECONDS
from tests.infra.cfn import ACCOUNT, FULL_CONTEXT, Synthesized

pytestmark = [pytest.mark.infra, pytest.mark.xdist_group("infra")]

REGION = "ap-northeast-2"


@pytest.fixture(scope="module")
def with_waf(tmp_path_factory: pytest.TempPathFactory) -> tuple[AftercallApp, dict[str, Any], dict[str, Any]]:
    built = build_app(
        {**FULL_CONTEXT, "detailPageWaf": "true", "aws:cdk:disable-asset-staging": True},
        outdir=str(tmp_path_factory.mktemp("waf.out")),
        environment=cdk.Environment(account=ACCOUNT, region=REGION),
    )
    assert built.waf_stack is not None
    # Template.from_stack synthesizes the app, with cdk-nag: an unacknowledged finding fails here.
    waf = assertions.Template.from_stack(built.waf_stack).to_json()["Resources"]
    main = assertions.Template.from_stack(built.stack).to_json()["Resources"]
    return built, waf, main


def _of_type(resources: dict[str, Any], resource_type: str) -> list[dict[str, Any]]:
    return [r["Properties"] for r in resources.values() if r["Type"] == resource_type]


def test_the_web_acl_is_cloudfront_scoped_in_us_east_1_of_the_same_account(
    with_waf: tuple[AftercallApp, dict[str, Any], dict[str, Any]],
) -> None:
    built, waf, _ = with_waf
    assert built.waf_stack is not None
    (web_acl,) = _of_type(waf, "AWS::WAFv2::WebACL")

    assert (built.waf_stack.region, built.waf_stack.account) == ("us-east-1", ACCOUNT)
    assert (built.stack.region, built.stack.account) == (REGION, ACCOUNT)
    assert web_acl["Scope"] == "CLOUDFRONT"
    assert web_acl["DefaultAction"] == {"Allow": {}}


def test_one_rate_based_rule_blocks_a_viewer_address_over_the_limit(
    with_waf: tuple[AftercallApp, dict[str, Any], dict[str, Any]],
) -> None:
    _, waf, _ = with_waf
    (web_acl,) = _of_type(waf, "AWS::WAFv2::WebACL")
    (rule,) = web_acl["Rules"]

    assert rule["Action"] == {"Block": {}}
    assert rule["Statement"]["RateBasedStatement"] == {
        "AggregateKeyType": "IP",
        "Limit": RATE_LIMIT,
        "EvaluationWindowSec": RATE_WINDOW_SECONDS,
    }
    # Sampled requests would keep request URLs, and a URL carries a customer's token.
    for visibility in (web_acl["VisibilityConfig"], rule["VisibilityConfig"]):
        assert visibility["SampledRequestsEnabled"] is False


def test_the_distribution_uses_the_web_acl_read_across_regions(
    with_waf: tuple[AftercallApp, dict[str, Any], dict[str, Any]],
) -> None:
    _, waf, main = with_waf
    (distribution,) = _of_type(main, "AWS::CloudFront::Distribution")
    reader, exported = distribution["DistributionConfig"]["WebACLId"]["Fn::GetAtt"]
    (writer,) = _of_type(waf, "Custom::CrossRegionExportWriter")

    # CDK's cross-region reference: the us-east-1 stack writes the ARN to an SSM parameter in the
    # application's region, the application stack reads it (and keeps it while it is used).
    assert main[reader]["Type"] == "Custom::CrossRegionExportReader"
    assert exported.startswith("/cdk/exports/Aftercall/")
    assert writer["WriterProps"]["region"] == REGION
    assert exported in json.dumps(writer["WriterProps"]["exports"])


def test_without_the_key_there_is_no_web_acl(synthesized: Synthesized) -> None:
    (distribution,) = synthesized.of_type("AWS::CloudFront::Distribution").values()

    assert synthesized.built.waf_stack is None
    assert "WebACLId" not in distribution["Properties"]["DistributionConfig"]


def test_the_key_without_an_account_and_region_says_how_to_give_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CDK_DEFAULT_ACCOUNT", raising=False)
    monkeypatch.delenv("CDK_DEFAULT_REGION", raising=False)

    with pytest.raises(ConfigError, match="CDK_DEFAULT_ACCOUNT"):
        build_app({"detailPageWaf": "true"}, outdir=str(tmp_path))
