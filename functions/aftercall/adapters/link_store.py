"""The links table: unguessable tokens that open one follow-up's detail page until they expire.

The table is keyed by the SHA-256 of the token, never the token: the text carries the token, and a
reader of the table, an export, a backup or a point-in-time restore learns only hashes, which open
nothing (a token has 128 random bits, so its hash cannot be reversed by trying tokens). The key
attribute keeps its name, ``token``: renaming a table's key replaces the table.

Links issued before tokens were hashed are keyed by the token itself. They are still found, for as
long as they live (``LINK_TTL_DAYS``), by their length: a plain token has 22 characters, a stored
hash 64, so a hash presented as a token is never looked up as a key.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from aftercall.adapters.aws_errors import dynamodb_errors
from aftercall.adapters.tables import LinkModel
from aftercall.domain.link import Link

TOKEN_BYTES = 16  # 128 bits of randomness; token_urlsafe makes 22 URL-safe characters of them
_PLAIN_TOKEN_LENGTH = 22  # what token_urlsafe(TOKEN_BYTES) returns; a hash key is 64 characters
_MAX_TOKEN_LENGTH = 128  # anything longer is not ours: answer without a table read


def token_key(token: str) -> str:
    """The table key of ``token``: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LinkStore:
    @dynamodb_errors
    def issue(self, followup_id: str, contact_id: str, locale: str, ttl: timedelta, now: datetime) -> str:
        """Store a new link for ``followup_id`` and return its token (the table keeps only its hash).
        Each call makes a different token."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        LinkModel(
            token_key(token),
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
        item = _get(token_key(token))
        if item is None and len(token) == _PLAIN_TOKEN_LENGTH:
            item = _get(token)  # issued before tokens were hashed
        if item is None or item.expires_at <= now:
            return None
        return Link(
            token=token,
            followup_id=item.followup_id,
            contact_id=item.contact_id,
            locale=item.locale,
            created_at=item.created_at,
            expires_at=item.expires_at,
        )


def _get(key: str) -> LinkModel | None:
    try:
        return LinkModel.get(key)
    except LinkModel.DoesNotExist:
        return None
