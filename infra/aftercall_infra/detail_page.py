"""The customer's detail page: the handler behind a private Lambda function URL, behind CloudFront.

CloudFront gives HTTPS on a short custom domain (context ``detailDomainName`` with an ACM certificate in
us-east-1, ``detailCertificateArn``) and passes on the viewer's address, which the handler's per-visitor
limit counts. The origin is private: the function URL takes only requests signed with IAM, and CloudFront
signs them through Origin Access Control (OAC); only this distribution may invoke it. So every request
the handler sees came through CloudFront, which sets ``CloudFront-Viewer-Address`` itself: the handler
trusts that header (``TRUST_VIEWER_ADDRESS``) because of this construct, and nowhere else. The function's
reserved concurrency bounds the total across Lambda containers. An optional AWS WAF web ACL
(``web_acl_arn``, scope CLOUDFRONT, created in us-east-1: see waf.py) adds a rate-based rule per viewer.
"""

from __future__ import annotations

from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from aftercall_infra.nag import acknowledge

# Only what the handler reads: the viewer's address (rate limit) and language (pages without a link).
FORWARDED_HEADERS = ("CloudFront-Viewer-Address", "Accept-Language")
# The setting (aftercall.settings.detail.DetailPageSettings.trust_viewer_address) this construct makes true.
TRUST_VIEWER_ADDRESS = "TRUST_VIEWER_ADDRESS"
# Concurrent page renders across containers (a page takes tens of milliseconds: some hundred pages/s);
# beyond it Lambda answers 429 and CloudFront passes it on. The per-visitor limit is the handler's.
DETAIL_PAGE_CONCURRENCY = 10


class DetailPage(Construct):
    """``url`` is the page's base URL (https://domain): detail links are ``{url}/{token}``.

    ``function`` gets a function URL (IAM auth) that only this distribution can invoke, and the
    ``TRUST_VIEWER_ADDRESS`` setting that follows from it.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        function: lambda_.Function,
        domain_name: str = "",
        certificate_arn: str = "",
        web_acl_arn: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        if bool(domain_name) != bool(certificate_arn):
            raise ValueError("detailDomainName and detailCertificateArn go together: set both or neither")
        self.function_url = function.add_function_url(auth_type=lambda_.FunctionUrlAuthType.AWS_IAM)
        function.add_environment(TRUST_VIEWER_ADDRESS, "true")
        self.distribution = self._distribution(domain_name, certificate_arn, web_acl_arn)
        self.url = f"https://{domain_name or self.distribution.distribution_domain_name}"

    def _distribution(
        self, domain_name: str, certificate_arn: str, web_acl_arn: str | None
    ) -> cloudfront.Distribution:
        # Signed with SigV4 by CloudFront (OAC); the function's resource policy names this distribution.
        origin = origins.FunctionUrlOrigin.with_origin_access_control(self.function_url)
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
            web_acl_id=web_acl_arn,
        )
        self._acknowledge_distribution(distribution, custom_domain=bool(domain_name), waf=bool(web_acl_arn))
        return distribution

    @staticmethod
    def _acknowledge_distribution(
        distribution: cloudfront.Distribution, *, custom_domain: bool, waf: bool
    ) -> None:
        acknowledge(
            distribution,
            "AwsSolutions-CFR1",
            "Customers may open their link from anywhere (roaming included); no country is excluded.",
        )
        if not waf:
            acknowledge(
                distribution,
                "AwsSolutions-CFR2",
                "No WAF by default (its cost is fixed per month; -c detailPageWaf=true adds one): each "
                "request is rate-limited per viewer by the handler and in total by the function's reserved "
                "concurrency; tokens carry 128 random bits.",
            )
        acknowledge(
            distribution,
            "AwsSolutions-CFR3",
            "CloudFront access logs would record every URL, and the URL carries the customer's token; the "
            "function logs each request's outcome without the path or the address.",
        )
        if not custom_domain:
            acknowledge(
                distribution,
                "AwsSolutions-CFR4",
                "The default *.cloudfront.net certificate fixes the TLS policy; with detailDomainName and "
                "detailCertificateArn the distribution enforces TLSv1.2_2021.",
            )
