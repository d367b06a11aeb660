"""What each Lambda function is: its handler, settings class, limits, and what it may touch."""

from __future__ import annotations

from dataclasses import dataclass, field

from aftercall_infra.constants import Access, Fn, Table


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
# Ingest also writes the customer's choices the agent recorded (no more texts, channel, email).
INGEST_TABLES: dict[Table, Access] = {
    **PLAN_TABLES,
    Table.MEMOS: Access.READ_WRITE,
    Table.PREFERENCES: Access.READ_WRITE,
}

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
        settings="aftercall.settings.plan:PlanSettings",
        description="Send policy and composed texts for one follow-up",
        tables=PLAN_TABLES,
    ),
    Fn.SEND_SMS: FunctionSpec(
        handler="aftercall.handlers.send_sms.handler",
        settings="aftercall.settings.steps:SendSmsSettings",
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
        settings="aftercall.settings.sends:SendEmailSettings",
        description="Email fallback through SES v2",
        tables={Table.MEMOS: Access.READ, Table.FOLLOWUPS: Access.READ_WRITE, Table.PREFERENCES: Access.READ},
    ),
    Fn.SEND_WHATSAPP: FunctionSpec(
        handler="aftercall.handlers.send_whatsapp.handler",
        settings="aftercall.settings.sends:SendWhatsAppSettings",
        description="WhatsApp through End User Messaging Social: free-form in the window, else a template",
        tables={
            Table.MEMOS: Access.READ,
            Table.FOLLOWUPS: Access.READ_WRITE,
            Table.PREFERENCES: Access.READ,
            Table.PACING: Access.READ_WRITE,
        },
    ),
    Fn.CREATE_TASK: FunctionSpec(
        handler="aftercall.handlers.create_task.handler",
        settings="aftercall.settings.steps:CreateTaskSettings",
        description="Amazon Connect task for an agent callback",
        tables={Table.MEMOS: Access.READ, Table.FOLLOWUPS: Access.READ_WRITE},
    ),
    Fn.OUTCOME: FunctionSpec(
        handler="aftercall.handlers.outcome.handler",
        settings="aftercall.settings.steps:OutcomeSettings",
        description="Receipt timeouts and the recorded outcome of a follow-up",
        tables={Table.FOLLOWUPS: Access.READ_WRITE},
    ),
    Fn.RECEIPTS: FunctionSpec(
        handler="aftercall.handlers.receipts.handler",
        settings="aftercall.settings.receipts:ReceiptSettings",
        description="SMS and email delivery receipts -> attempt history -> task token",
        # Receipts only touch attempts: no access to the preferences table (opt-outs are recorded by
        # the sender, from the provider's refusal), so a forged receipt cannot change a preference.
        tables={Table.FOLLOWUPS: Access.READ_WRITE},
    ),
    Fn.DETAIL_PAGE: FunctionSpec(
        handler="aftercall.handlers.detail_page.handler",
        settings="aftercall.settings.detail:DetailPageSettings",
        description="The customer's detail page behind the link in a text",
        tables={Table.LINKS: Access.READ, Table.MEMOS: Access.READ},
        timeout_seconds=10,
        memory_mb=256,
    ),
    Fn.SEND_DEAD_LETTER: FunctionSpec(
        handler="aftercall.handlers.send_dead_letter.handler",
        settings="aftercall.settings.dead_letters:SendDeadLetterSettings",
        description="Send queue's dead letters -> the waiting task fails (SendDeadLetteredError)",
        tables={Table.FOLLOWUPS: Access.READ_WRITE},
        timeout_seconds=15,  # below the dead-letter queue's visibility timeout (30 s)
        memory_mb=256,
    ),
    # Connect flow Lambdas: Connect waits at most 8 seconds for an answer.
    Fn.CHECK_MEMO: FunctionSpec(
        handler="aftercall.handlers.check_memo.handler",
        settings="aftercall.settings.gate:GateSettings",
        description="Connect flow: the agent's memo checked before it is saved",
        timeout_seconds=8,
        memory_mb=512,
    ),
    Fn.CUSTOMER_HISTORY: FunctionSpec(
        handler="aftercall.handlers.customer_history.handler",
        settings="aftercall.settings.history:HistorySettings",
        description="Connect flow: the caller's last calls for the next agent",
        tables={Table.MEMOS: Access.READ, Table.FOLLOWUPS: Access.READ},
        timeout_seconds=8,
        memory_mb=512,
    ),
    Fn.INBOUND_SMS: FunctionSpec(
        handler="aftercall.handlers.inbound_sms.handler",
        settings="aftercall.settings.inbound:InboundSettings",
        description="Two-way SMS: a customer's reply -> opt-out, appointment confirmed, or an agent task",
        tables={
            Table.MEMOS: Access.READ,
            Table.FOLLOWUPS: Access.READ_WRITE,
            Table.PREFERENCES: Access.READ_WRITE,
        },
        timeout_seconds=30,
        memory_mb=512,
    ),
    Fn.WHATSAPP_EVENTS: FunctionSpec(
        handler="aftercall.handlers.whatsapp_events.handler",
        settings="aftercall.settings.inbound:InboundSettings",
        description="WhatsApp events: statuses -> attempts -> task tokens; customers' messages -> replies",
        tables={
            Table.MEMOS: Access.READ,
            Table.FOLLOWUPS: Access.READ_WRITE,
            Table.PREFERENCES: Access.READ_WRITE,
        },
        timeout_seconds=30,
        memory_mb=512,
    ),
    Fn.TEMPLATE_VALIDATOR: FunctionSpec(
        handler="aftercall.handlers.template_validator.handler",
        settings="aftercall.settings.templates:TemplateCheckSettings",
        description="Templates table stream -> each override checked as the functions check it",
        tables={Table.TEMPLATES: Access.READ_WRITE},
        timeout_seconds=30,
        memory_mb=256,
    ),
}

# Functions allowed to resolve task tokens, and how: the receipt handler; the sender when a send fails
# for good; both send steps when a workflow retry finds the earlier attempt already settled
# (aftercall.usecases.carry_over); the send queue's dead-letter consumer only fails them.
TOKEN_RESOLVERS: dict[Fn, tuple[str, ...]] = {
    Fn.RECEIPTS: ("states:SendTaskSuccess", "states:SendTaskFailure"),
    Fn.SEND_SMS: ("states:SendTaskSuccess", "states:SendTaskFailure"),
    Fn.SEND_EMAIL: ("states:SendTaskSuccess", "states:SendTaskFailure"),
    Fn.SEND_WHATSAPP: ("states:SendTaskSuccess", "states:SendTaskFailure"),
    Fn.WHATSAPP_EVENTS: ("states:SendTaskSuccess", "states:SendTaskFailure"),  # WhatsApp statuses
    Fn.SEND_DEAD_LETTER: ("states:SendTaskFailure",),
}
