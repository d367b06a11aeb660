"""GET /{token} → the detail page; GET /{token}/appointment.ics → the appointment as a calendar file.

Takes API Gateway HTTP API (payload v2) and Lambda function URL events, which share one shape.
Every answer, the 404 and the 429 included, carries the same security headers and is never cached.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.detail_page import detail_pages, viewer_address_trusted
from aftercall.domain.calendar_ics import CALENDAR_FILENAME
from aftercall.events.page_response import CALENDAR, HTML, client_address, respond
from aftercall.observability import lambda_entry
from aftercall.settings.detail import DetailPageSettings

app = APIGatewayHttpResolver()


def _client_address() -> str:
    """CloudFront's viewer address behind the private origin, else the source IP (events/page_response)."""
    event = app.current_event
    source_ip = event.request_context.http.source_ip
    return client_address(event.headers, source_ip, trust_viewer_header=viewer_address_trusted())


def _accept_language() -> str | None:
    return app.current_event.headers.get("accept-language")


@app.get("/<token>")
def page(token: str) -> Response[str]:
    rendered = detail_pages().page(token, _client_address(), _accept_language(), datetime.now(UTC))
    return respond(rendered, HTML)


@app.get(f"/<token>/{CALENDAR_FILENAME}")
def calendar(token: str) -> Response[str]:
    rendered = detail_pages().calendar(token, _client_address(), _accept_language(), datetime.now(UTC))
    return respond(rendered, CALENDAR)


@app.not_found
def not_found(_exc: Exception) -> Response[str]:
    """Any other path (``/``, a deeper path, another method) gets the same page as an unknown token."""
    return page("")


@lambda_entry(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, models=(DetailPageSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    detail_pages()  # settings are validated on the first invocation, before any request is served
    return app.resolve(event, context)
