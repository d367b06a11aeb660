"""The kinds of follow-up: the call's own, and an appointment's reminder (apart from the policy, so
that a template can name them without loading the send policy)."""

from __future__ import annotations

FOLLOWUP = "followup"
REMINDER = "reminder"
