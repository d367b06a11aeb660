"""The preferences table: opt-out, preferred channel, locale, email and recent sends per customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pynamodb.exceptions import UpdateError

from aftercall.adapters.tables import PreferencesModel
from aftercall.errors import TransientError

MAX_RECENT_SENDS = 50  # far above any sensible cap; keeps the item small whatever the window
_ATTEMPTS = 3  # optimistic retries when two sends to one customer race


@dataclass(frozen=True, slots=True)
class Preferences:
    opted_out: bool = False
    preferred_channel: str | None = None
    locale: str | None = None
    email: str | None = None
    recent_sends: tuple[datetime, ...] = ()


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return at.astimezone(UTC)


def _parse(values: list[str] | None) -> tuple[datetime, ...]:
    return tuple(datetime.fromisoformat(v) for v in values or ())


class PreferencesStore:
    def _item(self, customer_key: str) -> PreferencesModel | None:
        try:
            return PreferencesModel.get(customer_key, consistent_read=True)
        except PreferencesModel.DoesNotExist:
            return None

    def get(self, customer_key: str) -> Preferences:
        """The customer's preferences; the defaults (not opted out, nothing sent) when none are stored."""
        item = self._item(customer_key)
        if item is None:
            return Preferences()
        return Preferences(
            opted_out=bool(item.opted_out),
            preferred_channel=item.preferred_channel,
            locale=item.locale,
            email=item.email,
            recent_sends=_parse(item.recent_sends),
        )

    def record_opt_out(self, customer_key: str, source: str, at: datetime) -> None:
        PreferencesModel(customer_key).update(
            actions=[
                PreferencesModel.opted_out.set(True),
                PreferencesModel.opted_out_at.set(_utc(at)),
                PreferencesModel.opt_out_source.set(source),
                PreferencesModel.updated_at.set(_utc(at)),
            ]
        )

    def record_send(self, customer_key: str, at: datetime, window: timedelta) -> None:
        """Append ``at`` and drop sends older than ``window``, in one conditional UpdateItem.

        DynamoDB cannot filter a list inside an update, so the pruned list is computed from a read and
        written on condition that nobody changed it meanwhile; a lost race is retried.
        """
        sent_at = _utc(at)
        for _ in range(_ATTEMPTS):
            item = self._item(customer_key)
            stored = list(item.recent_sends or []) if item else []
            kept = [v for v in stored if datetime.fromisoformat(v) > sent_at - window]
            fresh = sorted([*kept, sent_at.isoformat()])[-MAX_RECENT_SENDS:]
            unchanged = (
                PreferencesModel.recent_sends == stored
                if stored
                else PreferencesModel.recent_sends.does_not_exist() | (PreferencesModel.recent_sends == [])
            )
            try:
                PreferencesModel(customer_key).update(
                    actions=[
                        PreferencesModel.recent_sends.set(fresh),
                        PreferencesModel.updated_at.set(sent_at),
                    ],
                    condition=unchanged,
                )
            except UpdateError as exc:
                if exc.cause_response_code == "ConditionalCheckFailedException":
                    continue
                raise
            return
        raise TransientError("recent sends kept changing; retry later")

    def put(self, customer_key: str, prefs: Preferences, at: datetime | None = None) -> None:
        """Replace the customer's preferences (demo data and admin tools)."""
        PreferencesModel(
            customer_key,
            opted_out=prefs.opted_out,
            preferred_channel=prefs.preferred_channel,
            locale=prefs.locale,
            email=prefs.email,
            recent_sends=[_utc(s).isoformat() for s in prefs.recent_sends],
            updated_at=_utc(at or datetime.now(UTC)),
        ).save()
