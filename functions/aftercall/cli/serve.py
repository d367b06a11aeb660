"""``aftercall serve``: the customer's detail page on 127.0.0.1, against an embedded AWS (moto).

Requests go through the same Lambda handler as in AWS: each HTTP request becomes an API Gateway
HTTP API (payload v2) event. By itself the command starts moto, creates the tables, seeds sample
follow-ups and prints their links; ``serve_in_thread`` serves against an AWS that is already mocked
(the demo's), so links the demo prints open here.
"""

from __future__ import annotations

import argparse
import base64
import os
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.tables import TableNames, create_tables
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.memo import Appointment, Memo, Strategy
from aftercall.domain.phone import LineType, PhoneNumber
from aftercall.handlers import detail_page
from aftercall.local.lambda_context import lambda_context
from aftercall.settings import table_environment
from aftercall.usecases.detail_page import issue_link

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
    detail_page.reset()


def http_api_event(method: str, target: str, headers: Mapping[str, str], source_ip: str) -> dict[str, Any]:
    """An API Gateway HTTP API payload v2 event for one request (also the function URL shape)."""
    parts = urlsplit(target)
    now = datetime.now(UTC)
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": parts.path,
        "rawQueryString": parts.query,
        "headers": {name.lower(): value for name, value in headers.items()},
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": headers.get("Host", "127.0.0.1"),
            "http": {
                "method": method,
                "path": parts.path,
                "protocol": "HTTP/1.1",
                "sourceIp": source_ip,
                "userAgent": headers.get("User-Agent", ""),
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": "$default",
            "stage": "$default",
            "time": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
            "timeEpoch": int(now.timestamp() * 1000),
        },
        "isBase64Encoded": False,
    }


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


@dataclass(frozen=True, slots=True)
class SampleLink:
    label: str
    url: str


def _sample_memos(now: datetime) -> list[tuple[str, Memo, PhoneNumber]]:
    appointment_day = (now + timedelta(days=3)).astimezone(ZoneInfo("Asia/Seoul")).date()
    korean = Memo(
        purpose="11월 인터넷 요금이 두 번 출금된 건",
        status="중복 출금을 확인했고 환불 요청을 접수했습니다.",
        desired_outcome="중복으로 출금된 33,000원 환불",
        occurred_at="2026년 11월 5일 자동이체",
        problem="11월 요금 33,000원이 같은 날 두 번 출금되었습니다.",
        progress="환불 요청 접수 완료(접수 번호 R-1120-07). 영업일 기준 3일 안에 환불됩니다.",
        strategy=Strategy.DETAIL,
        appointment=Appointment(
            at=f"{appointment_day.isoformat()}T14:00:00+09:00",
            place="강남 고객센터 3층 상담 창구",
            bring="신분증, 출금 내역이 보이는 통장 사본",
        ),
        links=("https://example.com/help/refund",),
        locale="ko-KR",
    )
    english = Memo(
        purpose="The home Wi-Fi keeps dropping",
        status="A replacement router has been ordered.",
        desired_outcome="A stable connection at home",
        occurred_at="Since November 18, several times a day",
        problem="Wi-Fi disconnects every few hours; the wired connection is fine.",
        progress="Remote diagnostics found a faulty router. The replacement ships within 2 business days.",
        strategy=Strategy.DETAIL,
        links=("https://example.com/help/router-setup", "https://example.com/docs/warranty.pdf"),
        locale="en-US",
    )
    return [
        ("sample-ko", korean, PhoneNumber("+821012345678", "KR", LineType.MOBILE)),
        ("sample-en", english, PhoneNumber("+12025550143", "US", LineType.MOBILE)),
    ]


def seed_samples(base_url: str, now: datetime) -> list[SampleLink]:
    """Store two sample follow-ups (ko-KR, en-US) and an expired link; return their links."""
    memos, links = MemoStore(), LinkStore()
    samples = []
    for contact_id, memo, phone in _sample_memos(now):
        record = ContactMemo(
            contact_id=contact_id,
            instance_id="local",
            channel="VOICE",
            initiation_method="INBOUND",
            ended_at=now,
            last_update=now,
            source="sample",
            memo=memo,
            phone=phone,
        )
        memos.save_if_newer(record, retention=timedelta(days=30), now=now)
        locale = memo.locale or "ko-KR"
        url = issue_link(links, base_url, f"fu-{contact_id}", contact_id, locale, timedelta(days=7), now)
        samples.append(SampleLink(f"{locale} follow-up", url))
    expired = issue_link(
        links, base_url, "fu-sample-ko", "sample-ko", "ko-KR", timedelta(days=7), now - timedelta(days=8)
    )
    samples.append(SampleLink("expired link", expired))
    return samples


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the customer's detail page locally, with sample follow-ups (embedded AWS)"
    )
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1", help="keep 127.0.0.1 unless you mean to expose it")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from moto import mock_aws  # a development dependency: imported only when serving locally

    for name, value in LOCAL_ENV.items():
        os.environ.setdefault(name, value)  # moto needs a region and placeholder credentials first
    with mock_aws():
        create_tables(LOCAL_TABLES, os.environ["AWS_REGION"])
        server, base_url = serve_in_thread(LOCAL_TABLES, args.port, args.host)
        print(f"aftercall detail page on {base_url} (embedded AWS; Ctrl-C stops it)")
        for sample in seed_samples(base_url, datetime.now(UTC)):
            print(f"  {sample.label:<18} {sample.url}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("stopped")
        finally:
            server.shutdown()
            server.server_close()
    return 0
