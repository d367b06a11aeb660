"""Settings of the send queue's dead-letter consumer (handlers/send_dead_letter.py)."""

from __future__ import annotations

from aftercall.settings import TableSettings


class SendDeadLetterSettings(TableSettings):
    """Only the tables: the attempt decides, and the Step Functions client needs no setting."""
