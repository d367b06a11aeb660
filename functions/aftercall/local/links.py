"""Detail links of a demo scenario, moved from the scenario's clock to the real one.

A scenario runs on its own clock (its call ends at ``clock``), so the plan issues each link to expire
``LINK_TTL_DAYS`` after that moment, while the local page server (the real detail-page handler) checks
the real clock: a scenario set a week or more in the past printed links that answered 404. After each
scenario the links it issued are shifted by the difference between the two clocks, so each one lives
its whole lifetime from when the demo printed it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from aftercall.adapters.tables import LinkModel


def links_from_now(contact_ids: Iterable[str], scenario_now: datetime) -> int:
    """Shift the links of these contacts from the scenario's clock to the real one; returns how many."""
    shift = datetime.now(UTC) - scenario_now
    wanted = set(contact_ids)
    moved = 0
    for link in LinkModel.scan():  # a demo's handful of links: a scan is fine
        if link.contact_id in wanted:
            link.update(
                actions=[
                    LinkModel.created_at.set(link.created_at + shift),
                    LinkModel.expires_at.set(link.expires_at + shift),
                ]
            )
            moved += 1
    return moved
