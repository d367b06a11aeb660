"""What every step of the workflow shares: ``WorkflowSettings`` (tables, receipt windows, retention).

Each step's own settings live apart, so that a handler builds only its own class at init:
``settings/plan.py`` (plan, and ingest, which plans), ``settings/sends.py`` (the email and WhatsApp
steps, which compose texts), ``settings/steps.py`` (send SMS, create task, outcome). Environment
variables are the upper-case field names.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import Field

from aftercall.settings import TableSettings


class WorkflowSettings(TableSettings):
    # How long a send waits for a final receipt (the Send* task timeouts, via the plan).
    sms_receipt_window_seconds: int = Field(default=4 * 3600, ge=60, le=3 * 86400)
    email_receipt_window_seconds: int = Field(default=3600, ge=60, le=86400)
    whatsapp_receipt_window_seconds: int = Field(default=3600, ge=60, le=86400)
    followup_retention_days: int = Field(default=400, ge=1)

    def retention(self) -> timedelta:
        return timedelta(days=self.followup_retention_days)
