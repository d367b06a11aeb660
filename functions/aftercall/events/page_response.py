"""The detail page's HTTP: who is asking (the per-visitor limit's key), and the answers: status,
content type and the same security headers on every one.

Every answer, the 404 and the 429 included, carries the same security headers and is never cached.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_lambda_powertools.event_handler import Response

from aftercall.domain.calendar_ics import CALENDAR_FILENAME
from aftercall.observability import metrics
from aftercall.usecases.detail_page import Outcome, Rendered

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",  # the token is in the path: never pass it to an attached link
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex, nofollow",
    "Strict-Transport-Security": "max-age=63072000",
    "Cache-Control": "no-store",
}
HTML = "text/html; charset=utf-8"
CALENDAR = "text/calendar; charset=utf-8"
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"  # "ip:port", set by CloudFront (origin request policy)
_STATUS = {Outcome.SHOWN: 200, Outcome.UNAVAILABLE: 404, Outcome.RATE_LIMITED: 429}
_METRIC = {
    Outcome.SHOWN: "DetailPageShown",
    Outcome.UNAVAILABLE: "DetailPageUnavailable",
    Outcome.RATE_LIMITED: "DetailPageRateLimited",
}


def respond(rendered: Rendered, content_type: str) -> Response[str]:
    metrics.add_metric(name=_METRIC[rendered.outcome], unit="Count", value=1)
    headers = dict(SECURITY_HEADERS)
    if rendered.outcome is Outcome.RATE_LIMITED:
        headers["Retry-After"] = "60"
    if rendered.outcome is Outcome.SHOWN and content_type == CALENDAR:
        headers["Content-Disposition"] = f'attachment; filename="{CALENDAR_FILENAME}"'
    else:
        content_type = HTML
    return Response(_STATUS[rendered.outcome], content_type, rendered.body, headers)


def client_address(headers: Mapping[str, str], source_ip: str, *, trust_viewer_header: bool) -> str:
    """The address the per-visitor limit counts.

    Behind the stack's private origin (``trust_viewer_header``) every request came through CloudFront,
    which sets ``CloudFront-Viewer-Address`` itself, replacing any copy the viewer sent; the source IP
    is then one of CloudFront's. Anywhere else (the local page server, a function URL without Origin
    Access Control) the header is the caller's own and is ignored: a caller could otherwise spread its
    count over made-up addresses, or spend someone else's.
    """
    viewer = headers.get(VIEWER_ADDRESS_HEADER) if trust_viewer_header else None
    if viewer:
        return viewer.rsplit(":", 1)[0]  # IPv4 "a.b.c.d:port" and IPv6 "x:...:y:port" alike
    return source_ip
