"""The detail page: built once per container, so the rate limiter's counts live as long as it does."""

from __future__ import annotations

from aftercall import container
from aftercall.adapters.link_store import LinkStore
from aftercall.adapters.memo_store import MemoStore
from aftercall.composition import common
from aftercall.settings.detail import DetailPageSettings
from aftercall.usecases.detail_page import Brand, DetailPages, FixedWindowLimiter


@container.once
def detail_pages() -> DetailPages:
    s = common.settings(DetailPageSettings)
    common.tables(s)
    brand = Brand(
        company_name=s.company_name,
        callback_number=s.callback_number,
        time_zone=s.zone(),
        default_locale=s.default_locale,
    )
    limiter = FixedWindowLimiter(s.rate_limit_per_minute)
    return DetailPages(LinkStore(), MemoStore(), limiter, brand, s.gate_policy())


def warm(handler: str) -> None:
    detail_pages()


def viewer_address_trusted() -> bool:
    """Whether CloudFront-Viewer-Address is CloudFront's own (settings: ``trust_viewer_address``)."""
    return common.settings(DetailPageSettings).trust_viewer_address
