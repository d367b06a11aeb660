"""Detail-link tokens are not stored in clear: the links table is keyed by their hash (issue 13, point 10)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.tables import LinkModel
from aftercall.handlers import detail_page
from aftercall.local.events import http_api_event
from aftercall.local.lambda_context import lambda_context
from tests.integration.aws import MotoAws
from tests.samples import sample_contact_memo, sample_memo

pytestmark = pytest.mark.integration

WEEK = timedelta(days=7)


@pytest.fixture
def links(module_aws: MotoAws) -> LinkStore:
    module_aws.setenv(COMPANY_NAME="Example", CALLBACK_NUMBER="1600-0000", RATE_LIMIT_PER_MINUTE="100")
    record = sample_contact_memo("c-links", memo=sample_memo(purpose="환불 요청"))
    MemoStore().save_if_newer(record, timedelta(days=30), datetime.now(UTC))
    return LinkStore()


def _get(path: str) -> int:
    response = detail_page.handler(http_api_event("GET", path, {}, "203.0.113.9"), lambda_context("page"))
    return int(response["statusCode"])


def test_the_table_holds_the_tokens_hash_never_the_token(links: LinkStore) -> None:
    token = links.issue("fu-1", "c-links", "ko-KR", WEEK, datetime.now(UTC))
    keys = [item.token for item in LinkModel.scan()]
    assert token not in keys
    assert hashlib.sha256(token.encode()).hexdigest() in keys
    assert all(token not in str(item.attribute_values) for item in LinkModel.scan())


def test_the_detail_page_still_opens_with_the_token_the_text_carries(links: LinkStore) -> None:
    token = links.issue("fu-2", "c-links", "ko-KR", WEEK, datetime.now(UTC))
    assert _get(f"/{token}") == 200


def test_a_stored_hash_opens_nothing(links: LinkStore) -> None:
    # Someone who reads the table (or a backup) learns hashes; presented as tokens they open nothing
    links.issue("fu-3", "c-links", "ko-KR", WEEK, datetime.now(UTC))
    for key in [item.token for item in LinkModel.scan()]:
        assert links.resolve(key, datetime.now(UTC)) is None
        assert _get(f"/{key}") == 404


def test_a_link_issued_before_tokens_were_hashed_still_opens_until_it_expires(links: LinkStore) -> None:
    # Given a link stored the old way, keyed by its plain 22-character token
    now = datetime.now(UTC)
    plain = "Ab3dEf9hJk2mNo5qRs7tUv"
    LinkModel(
        plain, followup_id="fu-4", contact_id="c-links", locale="ko-KR", created_at=now, expires_at=now + WEEK
    ).save()
    # Then it still resolves, and stops at its expiry like any other
    link = links.resolve(plain, now)
    assert link is not None
    assert link.followup_id == "fu-4"
    assert links.resolve(plain, now + WEEK) is None
