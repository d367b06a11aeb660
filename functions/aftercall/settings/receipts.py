"""Settings of the receipt handler (SMS and SES delivery events from SNS)."""

from __future__ import annotations

from aftercall.settings import TableSettings


class ReceiptSettings(TableSettings):
    """Only the tables: the Step Functions client needs no setting (the token names the execution)."""
