"""GET /{token} → the detail page; GET /{token}/appointment.ics → the appointment as a calendar file.

Takes Lambda function URL and API Gateway HTTP API (payload v2) events, which share one shape.
Every answer, the 404 and the 429 included, carries the same security headers and is never cached.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.detail_page import detail_pages, viewer_address_trusted
from aftercall.events.page_response import CALENDAR, HTML, client_address, page_request, respond
from aftercall.observability import lambda_entry
from aftercall.settings.detail import DetailPageSettings


@lambda_entry(correlation_id_path=correlation_paths.API_GATEWAY_HTTP, models=(DetailPageSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    pages = detail_pages()  # settings are validated on the first invocation, before any request
    request = page_request(event)
    visitor = client_address(request.headers, request.source_ip, trust_viewer_header=viewer_address_trusted())
    language = request.headers.get("accept-language")
    now = datetime.now(UTC)
    if request.calendar:
        return respond(pages.calendar(request.token, visitor, language, now), CALENDAR)
    return respond(pages.page(request.token, visitor, language, now), HTML)
