"""The detail page's two routes, read from function URL / HTTP API (payload v2) events."""

from __future__ import annotations

from typing import Any

import pytest

from aftercall.events.page_response import page_request


def event(path: str, method: str = "GET", **headers: str) -> dict[str, Any]:
    return {
        "rawPath": path,
        "headers": headers,
        "requestContext": {"http": {"method": method, "sourceIp": "203.0.113.9"}},
    }


def test_a_token_path_asks_for_the_page() -> None:
    request = page_request(event("/AbC-12_x"))
    assert (request.token, request.calendar, request.source_ip) == ("AbC-12_x", False, "203.0.113.9")


def test_the_calendar_path_asks_for_the_calendar_file() -> None:
    request = page_request(event("/AbC-12_x/appointment.ics"))
    assert (request.token, request.calendar) == ("AbC-12_x", True)


@pytest.mark.parametrize(
    ("path", "method"),
    [("/", "GET"), ("", "GET"), ("/t/other.ics", "GET"), ("/t/appointment.ics/x", "GET"), ("/t", "POST")],
)
def test_any_other_path_or_method_is_the_page_of_an_unknown_token(path: str, method: str) -> None:
    request = page_request(event(path, method))
    assert (request.token, request.calendar) == ("", False)


def test_headers_are_read_lower_cased() -> None:
    assert page_request(event("/t", **{"Accept-Language": "en-US"})).headers["accept-language"] == "en-US"


def test_an_event_without_request_context_or_headers_is_still_answered() -> None:
    request = page_request({"rawPath": "/t"})
    assert (request.token, request.headers, request.source_ip) == ("t", {}, "")
