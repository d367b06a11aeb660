"""The preferences table: opt-out, preferred channel, locale and email per customer.

Nothing here is written per text: the frequency cap counts the customer's SMS claims on the
followups table (``FollowupStore.recent_texts``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from aftercall.adapters.aws_errors import dynamodb_errors
from aftercall.adapters.tables import PreferencesModel
from aftercall.domain.preferences import Preferences


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return at.astimezone(UTC)


class PreferencesStore:
    def _item(self, customer_key: str) -> PreferencesModel | None:
        try:
            return PreferencesModel.get(customer_key, consistent_read=True)
        except PreferencesModel.DoesNotExist:
            return None

    @dynamodb_errors
    def get(self, customer_key: str) -> Preferences:
        """The customer's preferences; the defaults (not opted out) when none are stored."""
        item = self._item(customer_key)
        if item is None:
            return Preferences()
        return Preferences(
            opted_out=bool(item.opted_out),
            preferred_channel=item.preferred_channel,
            locale=item.locale,
            email=item.email,
        )

    @dynamodb_errors
    def record_opt_out(self, customer_key: str, source: str, at: datetime) -> None:
        PreferencesModel(customer_key).update(
            actions=[
                PreferencesModel.opted_out.set(True),
                PreferencesModel.opted_out_at.set(_utc(at)),
                PreferencesModel.opt_out_source.set(source),
                PreferencesModel.updated_at.set(_utc(at)),
            ]
        )

    @dynamodb_errors
    def put(self, customer_key: str, prefs: Preferences, at: datetime | None = None) -> None:
        """Replace the customer's preferences (demo data and admin tools)."""
        PreferencesModel(
            customer_key,
            opted_out=prefs.opted_out,
            preferred_channel=prefs.preferred_channel,
            locale=prefs.locale,
            email=prefs.email,
            updated_at=_utc(at or datetime.now(UTC)),
        ).save()
