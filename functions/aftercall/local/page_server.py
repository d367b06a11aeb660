"""The customer's detail page on 127.0.0.1, through the same Lambda handler as in AWS.

Each HTTP request becomes an API Gateway HTTP API (payload v2) event for the detail-page handler.
``serve_in_thread`` serves against an AWS that is already mocked: the demo's embedded AWS (so the
links the demo prints open here), or the one ``aftercall serve`` starts with sample follow-ups
(``page_samples``).
"""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aftercall import container
from aftercall.adapters.tables import TableNames
from aftercall.composition import common
from aftercall.composition.detail_page import detail_pages
from aftercall.handlers import detail_page
from aftercall.local.events import http_api_event
from aftercall.local.lambda_context import lambda_context
from aftercall.settings import table_environment

LOCAL_TABLES = TableNames(
    memos="aftercall-memos",
    followups="aftercall-followups",
    preferences="aftercall-preferences",
    templates="aftercall-templates",
    links="aftercall-links",
)
# Defaults for a local run; anything already in the environment wins.
LOCAL_ENV: dict[str, str] = {
    "AWS_DEFAULT_REGION": "ap-northeast-2",
    "AWS_REGION": "ap-northeast-2",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "COMPANY_NAME": "Aftercall Telecom",
    "CALLBACK_NUMBER": "1600-0000",
    "POWERTOOLS_METRICS_DISABLED": "true",  # no metric blobs on the terminal
    "POWERTOOLS_TRACE_DISABLED": "true",
}


def configure(tables: TableNames, overrides: Mapping[str, str] | None = None) -> None:
    """Set the page's settings for a local run (explicit overrides win, then the environment)."""
    for name, value in {**LOCAL_ENV, **table_environment(tables)}.items():
        os.environ.setdefault(name, value)
    os.environ.update(overrides or {})
    # The page's settings and rate limiter are built again from this environment; the rest of a
    # local run (the demo's stand-ins and clocks) is left as it is.
    container.forget(common.settings, detail_pages)


class _PageRequestHandler(BaseHTTPRequestHandler):
    server_version = "aftercall-serve"
    _one_at_a_time = threading.Lock()  # a Lambda container serves one request at a time

    def do_GET(self) -> None:
        event = http_api_event("GET", self.path, dict(self.headers.items()), self.client_address[0])
        with self._one_at_a_time:
            context = lambda_context(
                "aftercall-detail-page-local",
                request_id=event["requestContext"]["requestId"],
                remaining_millis=30_000,
            )
            response = detail_page.handler(event, context)
        body: str = response.get("body") or ""
        payload = base64.b64decode(body) if response.get("isBase64Encoded") else body.encode()
        self.send_response(response["statusCode"])
        for name, value in (response.get("headers") or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines carry tokens, and the handler already logs each outcome."""


def serve_in_thread(
    tables: TableNames = LOCAL_TABLES, port: int = 0, host: str = "127.0.0.1"
) -> tuple[ThreadingHTTPServer, str]:
    """Serve the page in a daemon thread against the already-mocked AWS; ``port=0`` picks a free port.

    Returns the server (call ``shutdown()`` then ``server_close()``) and its base URL.
    """
    configure(tables)
    server = ThreadingHTTPServer((host, port), _PageRequestHandler)
    threading.Thread(target=server.serve_forever, name="aftercall-serve", daemon=True).start()
    return server, f"http://{host}:{server.server_port}"
