"""A detail-page link: an unguessable token that opens one follow-up's page until it expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Link:
    """A detail-page link: its token and the follow-up it opens."""

    token: str
    followup_id: str
    contact_id: str
    locale: str
    created_at: datetime
    expires_at: datetime
