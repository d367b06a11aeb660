"""The detail page handler and the link store on moto: tokens, expiry, rate limit, and the 404 page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from aftercall import container
from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.composition import common
from aftercall.composition.detail_page import detail_pages
from aftercall.domain.memo import Appointment, Memo
from aftercall.handlers import detail_page
from aftercall.local.events import http_api_event
from aftercall.local.lambda_context import lambda_context
from aftercall.usecases.links import issue_link
from tests.integration.aws import MotoAws
from tests.samples import sample_contact_memo, sample_memo

PHONE = "+821023456789"
PURPOSE = "중복 청구 12,000원 환불 요청"
COMPANY = "Aftercall Telecom"
LIMIT = 3
WEEK = timedelta(days=7)


@dataclass
class Site:
    links: LinkStore

    def get(self, path: str, ip: str = "203.0.113.7", **headers: str) -> dict[str, Any]:
        return detail_page.handler(http_api_event("GET", path, headers, ip), lambda_context("detail-page"))

    def issue(self, contact_id: str = "c-1", locale: str = "ko-KR", now: datetime | None = None) -> str:
        return self.links.issue(f"fu-{contact_id}", contact_id, locale, WEEK, now or datetime.now(UTC))


def save_memo(contact_id: str, memo: Memo) -> None:
    record = sample_contact_memo(contact_id, PHONE, memo)
    MemoStore().save_if_newer(record, retention=timedelta(days=30), now=datetime.now(UTC))


@pytest.fixture(scope="module")
def _tables(module_aws: MotoAws) -> None:
    """The page's settings and the memo most tests link to, on the module's one moto account."""
    module_aws.setenv(COMPANY_NAME=COMPANY, CALLBACK_NUMBER="1600-0000", RATE_LIMIT_PER_MINUTE=str(LIMIT))
    save_memo("c-1", sample_memo(purpose=PURPOSE, status="접수 완료", agent_note="agent-only remark"))


@pytest.fixture
def site(_tables: None) -> Site:
    # A fresh container's rate-limit counts; the settings (and their table bindings) stay cached.
    container.forget(detail_pages)
    return Site(LinkStore())


# --- the link store ------------------------------------------------------------------------------


def test_tokens_carry_at_least_128_bits(site: Site) -> None:
    token = site.issue()

    assert len(token) >= 22  # 22 URL-safe base64 characters = 132 bits ≥ 16 random bytes
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_every_issue_makes_a_new_token(site: Site) -> None:
    assert site.issue() != site.issue()


def test_resolve_returns_the_followup_before_expiry(site: Site) -> None:
    now = datetime.now(UTC)
    token = site.issue(now=now)

    link = site.links.resolve(token, now + WEEK - timedelta(seconds=1))

    assert link is not None
    assert (link.followup_id, link.contact_id, link.locale) == ("fu-c-1", "c-1", "ko-KR")


def test_resolve_checks_the_time_even_before_dynamodb_deletes_the_item(site: Site) -> None:
    now = datetime.now(UTC)
    token = site.issue(now=now)

    assert site.links.resolve(token, now + WEEK) is None


def test_resolve_unknown_token_is_none(site: Site) -> None:
    assert site.links.resolve("not-a-token", datetime.now(UTC)) is None


def test_issue_link_returns_a_short_url_that_resolves(site: Site) -> None:
    now = datetime.now(UTC)

    url = issue_link(site.links, "https://d.example/", "fu-c-1", "c-1", "ko-KR", WEEK, now)

    assert url.startswith("https://d.example/")
    assert site.links.resolve(url.removeprefix("https://d.example/"), now) is not None


# --- the handler ---------------------------------------------------------------------------------


def test_page_shows_the_memo_in_html(site: Site) -> None:
    response = site.get(f"/{site.issue()}")

    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/html; charset=utf-8"
    assert PURPOSE in response["body"]


def test_page_masks_the_phone_number(site: Site) -> None:
    body = site.get(f"/{site.issue()}")["body"]

    assert "+82******6789" in body
    assert PHONE not in body


def test_page_never_shows_the_agent_note(site: Site) -> None:
    assert "agent-only remark" not in site.get(f"/{site.issue()}")["body"]


def test_every_answer_carries_the_security_headers(site: Site) -> None:
    for response in (site.get(f"/{site.issue()}"), site.get("/unknown-token")):
        headers = response["headers"]
        assert headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'unsafe-inline'")
        assert headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store"


def test_page_is_in_the_locale_of_the_link(site: Site) -> None:
    body = site.get(f"/{site.issue(locale='en-US')}")["body"]

    assert '<html lang="en">' in body


def test_expired_token_gets_a_404_page_with_no_data(site: Site) -> None:
    token = site.issue(now=datetime.now(UTC) - WEEK - timedelta(minutes=1))

    response = site.get(f"/{token}")

    assert response["statusCode"] == 404
    for private in (PURPOSE, "접수 완료", "6789", COMPANY, "1600-0000"):
        assert private not in response["body"]


def test_unknown_and_expired_tokens_look_the_same(site: Site) -> None:
    expired = site.issue(now=datetime.now(UTC) - WEEK - timedelta(minutes=1))

    assert site.get(f"/{expired}")["body"] == site.get("/no-such-token")["body"]


def test_other_paths_get_the_unavailable_page(site: Site) -> None:
    response = site.get("/")

    assert response["statusCode"] == 404
    assert "<h1>" in response["body"]


def test_unavailable_page_follows_accept_language(site: Site) -> None:
    body = site.get("/no-such-token", **{"Accept-Language": "en-US,en;q=0.9"})["body"]

    assert '<html lang="en">' in body


def test_link_to_a_memo_that_is_gone_is_unavailable(site: Site) -> None:
    token = site.links.issue("fu-gone", "gone", "ko-KR", WEEK, datetime.now(UTC))

    assert site.get(f"/{token}")["statusCode"] == 404


def test_calendar_file_for_an_appointment(site: Site) -> None:
    save_memo(
        "c-2", sample_memo(purpose="방문 예약", appointment=Appointment(at="2026-12-03T14:30:00+09:00"))
    )

    response = site.get(f"/{site.issue('c-2')}/appointment.ics")

    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["headers"]["Content-Disposition"] == 'attachment; filename="appointment.ics"'
    assert "DTSTART:20261203T053000Z\r\n" in response["body"]


def test_no_calendar_file_without_an_appointment(site: Site) -> None:
    response = site.get(f"/{site.issue()}/appointment.ics")

    assert response["statusCode"] == 404
    assert response["headers"]["Content-Type"] == "text/html; charset=utf-8"


def test_too_many_requests_from_one_client_get_429(site: Site) -> None:
    token = site.issue()
    for _ in range(LIMIT):
        site.get(f"/{token}")

    response = site.get(f"/{token}")

    assert response["statusCode"] == 429
    assert response["headers"]["Retry-After"] == "60"
    assert PURPOSE not in response["body"]


def test_rate_limit_is_per_client(site: Site) -> None:
    token = site.issue()
    for _ in range(LIMIT + 1):
        site.get(f"/{token}", ip="198.51.100.1")

    assert site.get(f"/{token}", ip="198.51.100.2")["statusCode"] == 200


@pytest.fixture
def behind_cloudfront(site: Site, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The deployed page: a function URL that only CloudFront can call (TRUST_VIEWER_ADDRESS=true)."""
    monkeypatch.setenv("TRUST_VIEWER_ADDRESS", "true")
    container.forget(common.settings, detail_pages)
    yield site
    container.forget(common.settings, detail_pages)


def test_behind_cloudfront_the_limit_counts_the_viewer_address_cloudfront_sets(
    behind_cloudfront: Site,
) -> None:
    site = behind_cloudfront
    token = site.issue()
    viewer = {"CloudFront-Viewer-Address": "192.0.2.10:51234"}
    for _ in range(LIMIT):  # two CloudFront edge addresses, one viewer
        site.get(f"/{token}", ip="10.0.0.1", **viewer)

    assert site.get(f"/{token}", ip="10.0.0.2", **viewer)["statusCode"] == 429
    assert (
        site.get(f"/{token}", ip="10.0.0.2", **{"CloudFront-Viewer-Address": "2001:db8::7:443"})["statusCode"]
        == 200
    )


def test_a_viewer_address_the_caller_set_is_not_trusted_off_cloudfront(site: Site) -> None:
    # Given a caller that reaches the handler directly (not through the private origin) and sets the
    # header itself, a new address on every request
    token = site.issue()
    for n in range(LIMIT):
        site.get(f"/{token}", ip="203.0.113.50", **{"CloudFront-Viewer-Address": f"192.0.2.{n}:1"})

    # Then its own address is counted: the made-up ones spread nothing
    forged = {"CloudFront-Viewer-Address": "192.0.2.99:1"}
    assert site.get(f"/{token}", ip="203.0.113.50", **forged)["statusCode"] == 429
    # and it cannot spend someone else's count either
    assert site.get(f"/{token}", ip="203.0.113.51", **forged)["statusCode"] == 200
