"""The preferences table: opt-out, preferred channel, locale, email and WhatsApp opt-in per customer.

Nothing here is written per text: the frequency cap counts the customer's SMS claims on the
followups table (``FollowupStore.recent_texts``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pynamodb.exceptions import UpdateError

from aftercall.adapters.aws_errors import condition_failed, dynamodb_errors
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
            whatsapp_opt_in=item.whatsapp_opt_in,
            whatsapp_inbound_at=item.whatsapp_inbound_at,
        )

    @dynamodb_errors
    def record_opt_out(self, customer_key: str, source: str, at: datetime) -> None:
        """No more messages on any channel; a WhatsApp opt-in is withdrawn with it (asked again after)."""
        PreferencesModel(customer_key).update(
            actions=[
                PreferencesModel.opted_out.set(True),
                PreferencesModel.opted_out_at.set(_utc(at)),
                PreferencesModel.opt_out_source.set(source),
                PreferencesModel.updated_at.set(_utc(at)),
                *_whatsapp_opt_in(False, source, at),
            ]
        )

    @dynamodb_errors
    def record_whatsapp_opt_in(self, customer_key: str, opted_in: bool, source: str, at: datetime) -> None:
        """The customer's WhatsApp opt-in (or its withdrawal) and who recorded it."""
        PreferencesModel(customer_key).update(
            actions=[*_whatsapp_opt_in(opted_in, source, at), PreferencesModel.updated_at.set(_utc(at))]
        )

    @dynamodb_errors
    def record_whatsapp_inbound(self, customer_key: str, at: datetime) -> None:
        """The customer wrote to us on WhatsApp at ``at`` (a copy delivered late never moves it back)."""
        newer = PreferencesModel.whatsapp_inbound_at.does_not_exist() | (
            PreferencesModel.whatsapp_inbound_at < _utc(at)
        )
        try:
            PreferencesModel(customer_key).update(
                actions=[PreferencesModel.whatsapp_inbound_at.set(_utc(at))], condition=newer
            )
        except UpdateError as exc:
            if not condition_failed(exc):
                raise

    @dynamodb_errors
    def record_opt_in(self, customer_key: str, source: str, at: datetime) -> None:
        """The customer asked to be texted again (an admin records it): the opt-out is lifted."""
        PreferencesModel(customer_key).update(
            actions=[
                PreferencesModel.opted_out.set(False),
                PreferencesModel.opted_out_at.remove(),
                PreferencesModel.opt_out_source.set(source),
                PreferencesModel.updated_at.set(_utc(at)),
            ]
        )

    @dynamodb_errors
    def record(self, customer_key: str) -> dict[str, Any] | None:
        """Everything stored for the customer, for an admin's eyes (``aftercall preferences show``)."""
        item = self._item(customer_key)
        return None if item is None else dict(item.attribute_values)

    @dynamodb_errors
    def record_choices(
        self, customer_key: str, channel: str | None, email: str | None, source: str, at: datetime
    ) -> bool:
        """The channel and email the customer gave an agent, unless a newer choice is stored (a copy
        of an older contact delivered late). False when an equal or newer choice was kept."""
        actions: list[Any] = [
            PreferencesModel.choice_at.set(_utc(at)),
            PreferencesModel.choice_source.set(source),
            PreferencesModel.updated_at.set(_utc(at)),
        ]
        if channel:
            actions.append(PreferencesModel.preferred_channel.set(channel))
        if channel == "whatsapp":  # choosing WhatsApp with an agent is an opt-in (Meta accepts one by phone)
            actions.extend(_whatsapp_opt_in(True, source, at))
        if email:
            actions.append(PreferencesModel.email.set(email))
        newer = PreferencesModel.choice_at.does_not_exist() | (PreferencesModel.choice_at < _utc(at))
        try:
            PreferencesModel(customer_key).update(actions=actions, condition=newer)
        except UpdateError as exc:
            if condition_failed(exc):
                return False
            raise
        return True

    @dynamodb_errors
    def put(self, customer_key: str, prefs: Preferences, at: datetime | None = None) -> None:
        """Replace the customer's preferences (demo data and admin tools)."""
        PreferencesModel(
            customer_key,
            opted_out=prefs.opted_out,
            preferred_channel=prefs.preferred_channel,
            locale=prefs.locale,
            email=prefs.email,
            whatsapp_opt_in=prefs.whatsapp_opt_in,
            whatsapp_inbound_at=prefs.whatsapp_inbound_at,
            updated_at=_utc(at or datetime.now(UTC)),
        ).save()


def _whatsapp_opt_in(opted_in: bool, source: str, at: datetime) -> list[Any]:
    return [
        PreferencesModel.whatsapp_opt_in.set(opted_in),
        PreferencesModel.whatsapp_opt_in_at.set(_utc(at)),
        PreferencesModel.whatsapp_opt_in_source.set(source),
    ]
