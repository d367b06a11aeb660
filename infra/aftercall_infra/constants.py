"""Every name the CDK app uses, in one place: paths, the functions and their handlers, context keys."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS_DIR = REPO_ROOT / "functions"
LAYER_BUILD_DIR = REPO_ROOT / "layers" / "build"
LAYER_PLACEHOLDER_DIR = REPO_ROOT / "layers" / "placeholder"
# Written by layers/build.py once the layer is complete; its absence means "not built".
LAYER_STAMP_FILE = LAYER_BUILD_DIR / ".requirements.sha256"

# Everything under functions/ that a Lambda never imports.
CODE_ASSET_EXCLUDES = (
    "**/__pycache__",
    "**/*.pyc",
    "*.egg-info",
    "**/.pytest_cache",
    "**/.mypy_cache",
    "aftercall/local",
    "aftercall/cli",
)

PYTHON_VERSION = "3.13"  # the Lambda runtime; layers/build.py builds for the same version
SERVICE_NAME = "aftercall"  # POWERTOOLS_SERVICE_NAME, as in aftercall.observability
METRICS_NAMESPACE = "Aftercall"  # POWERTOOLS_METRICS_NAMESPACE, as in aftercall.observability
DEFAULT_STACK_NAME = "Aftercall"
LOG_RETENTION = "ONE_MONTH"  # aws_logs.RetentionDays member

# Powertools settings that are the same for every function. Capturing responses would put
# customer data into X-Ray traces, so it is off everywhere.
POWERTOOLS_ENVIRONMENT = {
    "POWERTOOLS_SERVICE_NAME": SERVICE_NAME,
    "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
    "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
    "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
}


def powertools_environment(detailed_tracing: bool) -> dict[str, str]:
    """Every function's Powertools settings. The Powertools Tracer (X-Ray SDK subsegments for the
    handler and each AWS call) runs only with detailed tracing: it costs about 0.25 s of every cold
    start (aftercall.observability). Lambda's active tracing is on either way."""
    return {**POWERTOOLS_ENVIRONMENT, "POWERTOOLS_TRACE_DISABLED": "false" if detailed_tracing else "true"}


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
    CREATE_TASK = "CreateTask"
    OUTCOME = "Outcome"
    RECEIPTS = "Receipts"
    DETAIL_PAGE = "DetailPage"


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """What the Lambda helper needs to know about one function besides its grants."""

    handler: str  # module.function inside the code asset
    settings: str  # "module:Class" of the Pydantic settings the handler validates at cold start
    description: str
    tables: dict[Table, Access] = field(default_factory=dict)
    timeout_seconds: int = 30
    memory_mb: int = 512


# What planning a follow-up touches; ingest plans each contact's first follow-up, so it has the same.
PLAN_TABLES: dict[Table, Access] = {
    Table.MEMOS: Access.READ,
    Table.FOLLOWUPS: Access.READ_WRITE,
    Table.PREFERENCES: Access.READ,
    Table.TEMPLATES: Access.READ,
    Table.LINKS: Access.WRITE,
}
INGEST_TABLES: dict[Table, Access] = {**PLAN_TABLES, Table.MEMOS: Access.READ_WRITE}

FUNCTIONS: dict[Fn, FunctionSpec] = {
    Fn.INGEST_EVENT: FunctionSpec(
        handler="aftercall.handlers.ingest_event.handler",
        settings="aftercall.settings.ingest:IngestSettings",
        description="Contact event (COMPLETED) -> memo -> first plan -> follow-up execution",
        tables=INGEST_TABLES,
    ),
    Fn.INGEST_RECORDS: FunctionSpec(
        handler="aftercall.handlers.ingest_records.handler",
        settings="aftercall.settings.ingest:IngestSettings",
        description="Contact records (Kinesis) -> memo -> first plan -> follow-up execution",
        tables=INGEST_TABLES,
        timeout_seconds=120,
    ),
    Fn.PLAN: FunctionSpec(
        handler="aftercall.handlers.plan.handler",
        settings="aftercall.settings.workflow:PlanSettings",
        description="Send policy and composed texts for one follow-up",
        tables=PLAN_TABLES,
    ),
    Fn.SEND_SMS: FunctionSpec(
        handler="aftercall.handlers.send_sms.handler",
        settings="aftercall.settings.workflow:SendSmsSettings",
        description="Paced SMS sender: claims the attempt, calls SendTextMessage",
        tables={
            Table.MEMOS: Access.READ,
            Table.FOLLOWUPS: Access.READ_WRITE,
            Table.PREFERENCES: Access.READ_WRITE,
            Table.PACING: Access.READ_WRITE,
        },
    ),
    Fn.SEND_EMAIL: FunctionSpec(
        handler="aftercall.handlers.send_email.handler",
        settings="aftercall.settings.workflow:SendEmailSettings",
        description="Email fallback through SES v2",
        tables={Table.MEMOS: Access.READ, Table.FOLLOWUPS: Access.READ_WRITE, Table.PREFERENCES: Access.READ},
    ),
    Fn.CREATE_TASK: FunctionSpec(
        handler="aftercall.handlers.create_task.handler",
        settings="aftercall.settings.workflow:CreateTaskSettings",
        description="Amazon Connect task for an agent callback",
        tables={Table.MEMOS: Access.READ, Table.FOLLOWUPS: Access.READ_WRITE},
    ),
    Fn.OUTCOME: FunctionSpec(
        handler="aftercall.handlers.outcome.handler",
        settings="aftercall.settings.workflow:OutcomeSettings",
        description="Receipt timeouts and the recorded outcome of a follow-up",
        tables={Table.FOLLOWUPS: Access.READ_WRITE},
    ),
    Fn.RECEIPTS: FunctionSpec(
        handler="aftercall.handlers.receipts.handler",
        settings="aftercall.settings.receipts:ReceiptSettings",
        description="SMS and email delivery receipts -> attempt history -> task token",
        tables={Table.FOLLOWUPS: Access.READ_WRITE, Table.PREFERENCES: Access.READ_WRITE},
    ),
    Fn.DETAIL_PAGE: FunctionSpec(
        handler="aftercall.handlers.detail_page.handler",
        settings="aftercall.settings.detail:DetailPageSettings",
        description="The customer's detail page behind the link in a text",
        tables={Table.LINKS: Access.READ, Table.MEMOS: Access.READ},
        timeout_seconds=10,
        memory_mb=256,
    ),
}

# Functions allowed to resolve task tokens (states:SendTaskSuccess / SendTaskFailure): the receipt
# handler, and the sender when a send fails for good or finds an early final receipt.
TOKEN_RESOLVERS: tuple[Fn, ...] = (Fn.RECEIPTS, Fn.SEND_SMS)


@dataclass(frozen=True, slots=True)
class ContextKey:
    name: str
    default: str  # for keys required for deploy: a placeholder that synthesizes, with a warning
    meaning: str
    setting: str | None = None  # the handler settings field it feeds, if any
    required_for_deploy: bool = False


CONTEXT_KEYS: tuple[ContextKey, ...] = (
    ContextKey("stackName", DEFAULT_STACK_NAME, "CloudFormation stack name; also prefixes physical names"),
    ContextKey(
        "originationIdentity",
        "phone-unset",
        "End User Messaging SMS origination identity: a phone number or pool id (phone-..., pool-...) or "
        "the ARN of a phone number, pool or sender ID",
        setting="sms_origination_identity",
        required_for_deploy=True,
    ),
    ContextKey(
        "senderAddress",
        "unset@example.invalid",
        "From address of fallback emails; the address or its domain must be a verified SES identity",
        setting="email_from_address",
        required_for_deploy=True,
    ),
    ContextKey(
        "connectInstanceArn",
        "",
        "Amazon Connect instance ARN: limits the contact-event rule, the record filter and the Connect "
        "permissions to it, and is the instance of callback tasks (empty: every instance of the account)",
    ),
    ContextKey(
        "connectTaskFlowId",
        "unset",
        "Id of the contact flow that routes callback tasks (StartTaskContact ContactFlowId)",
        setting="task_contact_flow_id",
        required_for_deploy=True,
    ),
    ContextKey(
        "contactRecordStreamArn",
        "",
        "Kinesis stream ARN of the instance's contact records (empty: contact events only)",
    ),
    ContextKey(
        "contactRecordStreamKeyArn",
        "",
        "KMS key ARN of that stream when it is encrypted with a customer-managed key",
    ),
    ContextKey(
        "customerKeyParameter",
        "/aftercall/customer-key",
        "Name of the SSM SecureString holding the HMAC secret of customer keys (the admin creates it)",
        setting="customer_key_parameter",
    ),
    ContextKey(
        "customerKeyParameterKeyArn",
        "",
        "KMS key ARN of that SecureString when it is not the AWS managed key aws/ssm",
    ),
    ContextKey(
        "companyName",
        "UNSET company name",
        "Company name used in texts, emails and the detail page",
        setting="company_name",
        required_for_deploy=True,
    ),
    ContextKey(
        "callbackNumber",
        "0000",
        "Number customers may call back, used in texts and the detail page",
        setting="callback_number",
        required_for_deploy=True,
    ),
    ContextKey(
        "detailBaseUrl",
        "",
        "https base URL of detail-page links, when the page is served elsewhere (empty: the stack's own "
        "detail page, on detailDomainName or its CloudFront domain)",
        setting="detail_base_url",
    ),
    ContextKey(
        "detailDomainName",
        "",
        "Short custom domain of the detail page, e.g. d.example.kr (empty: the CloudFront domain)",
    ),
    ContextKey(
        "detailCertificateArn",
        "",
        "ACM certificate in us-east-1 covering detailDomainName (set both or neither)",
    ),
    ContextKey(
        "smsPartsPerSecond",
        "1",
        "Message parts per second the origination identity allows (US 10DLC 1, toll-free 3, short code 100)",
        setting="sms_parts_per_second",
    ),
    ContextKey(
        "receiptWindowSeconds",
        "14400",
        "How long a text waits for its final delivery receipt before the workflow decides (60-259200)",
        setting="sms_receipt_window_seconds",
    ),
    ContextKey(
        "emailReceiptWindowSeconds",
        "3600",
        "How long an email waits for its delivery or bounce event (60-86400)",
        setting="email_receipt_window_seconds",
    ),
    ContextKey("alarmEmail", "", "Email address subscribed to the alarm topic (empty: no subscription)"),
    ContextKey(
        "detailedTracing",
        "false",
        "true: the Powertools Tracer in every function (X-Ray subsegments for the handler and each AWS "
        "call, about 0.25 s more per cold start); Lambda and Step Functions tracing are on either way",
    ),
)
