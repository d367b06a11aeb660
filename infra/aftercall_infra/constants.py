"""Every name the CDK app uses, in one place: the runtime, service and stack names, the Connect event
names, the tables and the functions."""

from __future__ import annotations

from enum import StrEnum

PYTHON_VERSION = "3.13"  # the Lambda runtime; layers/build.py builds for the same version
SERVICE_NAME = "aftercall"  # POWERTOOLS_SERVICE_NAME, as in aftercall.observability
METRICS_NAMESPACE = "Aftercall"  # POWERTOOLS_METRICS_NAMESPACE, as in aftercall.observability
DEFAULT_STACK_NAME = "Aftercall"
LOG_RETENTION = "ONE_MONTH"  # aws_logs.RetentionDays member

# Amazon Connect contact events that start a follow-up (see docs/architecture.md).
CONNECT_EVENT_SOURCE = "aws.connect"
CONNECT_EVENT_DETAIL_TYPE = "Amazon Connect Contact Event"
CONNECT_FOLLOWED_EVENT_TYPE = "COMPLETED"
CONNECT_FOLLOWED_CHANNEL = "VOICE"

# Event types routed to the receipt handler.
SMS_EVENT_TYPES = ("TEXT_ALL",)


class Table(StrEnum):
    """The application tables; each one mirrors a PynamoDB model (see storage.py)."""

    MEMOS = "memos"
    FOLLOWUPS = "followups"
    PREFERENCES = "preferences"
    TEMPLATES = "templates"
    LINKS = "links"
    PACING = "pacing"


class Access(StrEnum):
    READ = "read"
    WRITE = "write"
    READ_WRITE = "read_write"


class Fn(StrEnum):
    """The Lambda functions, by construct id."""

    INGEST_EVENT = "IngestEvent"
    INGEST_RECORDS = "IngestRecords"
    PLAN = "Plan"
    SEND_SMS = "SendSms"
    SEND_EMAIL = "SendEmail"
    SEND_WHATSAPP = "SendWhatsApp"
    CREATE_TASK = "CreateTask"
    OUTCOME = "Outcome"
    RECEIPTS = "Receipts"
    DETAIL_PAGE = "DetailPage"
    SEND_DEAD_LETTER = "SendDeadLetter"
    CHECK_MEMO = "CheckMemo"
    CUSTOMER_HISTORY = "CustomerHistory"
    INBOUND_SMS = "InboundSms"
    WHATSAPP_EVENTS = "WhatsAppEvents"
    TEMPLATE_VALIDATOR = "TemplateValidator"
