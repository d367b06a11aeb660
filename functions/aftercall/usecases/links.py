"""Detail-page links as a text carries them: issued by the plan, apart from the page's rendering
(the plan step must not load the page's templates)."""

from __future__ import annotations

from datetime import datetime, timedelta

from aftercall.usecases.ports import LinkIssuer


def short_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/{token}"


def issue_link(
    links: LinkIssuer,
    base_url: str,
    followup_id: str,
    contact_id: str,
    locale: str,
    ttl: timedelta,
    now: datetime,
) -> str:
    """Store a new token for the follow-up and return the short URL the text carries."""
    return short_url(base_url, links.issue(followup_id, contact_id, locale, ttl, now))
