"""The detail page's HTTP: who is asking (the per-visitor limit's key), and the answers: status,
content type and the same security headers on every one.

Every answer, the 404 and the 429 included, carries the same security headers and is never cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What the page needs of a request: the token, whether the calendar file was asked for, and
    who asks (headers lower-cased, as HTTP API and function URL events give them)."""

    token: str
    calendar: bool
    headers: dict[str, str]
    source_ip: str


def page_request(event: Mapping[str, Any]) -> PageRequest:
    """Route a payload v2 event (function URL or HTTP API): ``GET /{token}``, ``GET
    /{token}/appointment.ics``; any other path or method is the page of an unknown token. Two routes
    do not need a web framework's router, which would cost the page's cold start ~30 ms."""
    http = (event.get("requestContext") or {}).get("http") or {}
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    parts = str(event.get("rawPath") or "/").strip("/").split("/")
    source_ip = str(http.get("sourceIp") or "")
    if http.get("method", "GET") != "GET" or not parts[0]:
        return PageRequest("", False, headers, source_ip)
    if len(parts) == 1:
        return PageRequest(parts[0], False, headers, source_ip)
    if len(parts) == 2 and parts[1] == CALENDAR_FILENAME:
        return PageRequest(parts[0], True, headers, source_ip)
    return PageRequest("", False, headers, source_ip)


def respond(rendered: Rendered, content_type: str) -> dict[str, Any]:
    """The payload v2 response."""
    metrics.add_metric(name=_METRIC[rendered.outcome], unit="Count", value=1)
    headers = dict(SECURITY_HEADERS)
    if rendered.outcome is Outcome.RATE_LIMITED:
        headers["Retry-After"] = "60"
    if rendered.outcome is Outcome.SHOWN and content_type == CALENDAR:
        headers["Content-Disposition"] = f'attachment; filename="{CALENDAR_FILENAME}"'
    else:
        content_type = HTML
    headers["Content-Type"] = content_type
    return {
        "statusCode": _STATUS[rendered.outcome],
        "headers": headers,
        "body": rendered.body,
        "isBase64Encoded": False,
    }


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
