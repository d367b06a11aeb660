"""The links table: unguessable tokens that open one follow-up's detail page until they expire."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from aftercall.adapters.aws_errors import dynamodb_errors
from aftercall.adapters.tables import LinkModel
from aftercall.domain.link import Link

TOKEN_BYTES = 16  # 128 bits of randomness; token_urlsafe makes 22 URL-safe characters of them
_MAX_TOKEN_LENGTH = 128  # anything longer is not ours: answer without a table read


class LinkStore:
    @dynamodb_errors
    def issue(self, followup_id: str, contact_id: str, locale: str, ttl: timedelta, now: datetime) -> str:
        """Store a new token for ``followup_id`` and return it. Each call makes a different token."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        LinkModel(
            token,
            followup_id=followup_id,
            contact_id=contact_id,
            locale=locale,
            created_at=now,
            expires_at=now + ttl,
        ).save(condition=LinkModel.token.does_not_exist())
        return token

    @dynamodb_errors
    def resolve(self, token: str, now: datetime) -> Link | None:
        """The link behind ``token``; None when unknown or expired (DynamoDB's TTL deletion is lazy)."""
        if not token or len(token) > _MAX_TOKEN_LENGTH:
            return None
        try:
            item = LinkModel.get(token)
        except LinkModel.DoesNotExist:
            return None
        if item.expires_at <= now:
            return None
        return Link(
            token=item.token,
            followup_id=item.followup_id,
            contact_id=item.contact_id,
            locale=item.locale,
            created_at=item.created_at,
            expires_at=item.expires_at,
        )
