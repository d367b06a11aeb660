"""The embedded AWS's resources: their names, the functions' environment, and their creation on moto.

The same resources as the deployed stack, under fixed local names: the tables, the customer-key
parameter, the SNS topics of SMS, SES and WhatsApp events, the send queue and its dead-letter queue,
the ingest and receipt dead-letter queues, the SES identity, one Lambda function per handler (its code is a
placeholder: the handlers run in-process) and the state machine.
"""

from __future__ import annotations

import io
import json
import os
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import boto3

from aftercall import statemachine
from aftercall.adapters.tables import TableNames, create_pacing_table, create_tables
from aftercall.local import ACCOUNT
from aftercall.local.whatsapp_events import PHONE_NUMBER_ID, WABA_ID
from aftercall.settings import table_environment

# Function name → handler, "module:attribute" (imported on first invocation).
HANDLERS: dict[str, str] = {
    "ingest-event": "aftercall.handlers.ingest_event:handler",
    "ingest-records": "aftercall.handlers.ingest_records:handler",
    "plan": "aftercall.handlers.plan:handler",
    "send-sms": "aftercall.handlers.send_sms:handler",
    "send-email": "aftercall.handlers.send_email:handler",
    "send-whatsapp": "aftercall.handlers.send_whatsapp:handler",
    "create-task": "aftercall.handlers.create_task:handler",
    "outcome": "aftercall.handlers.outcome:handler",
    "receipts": "aftercall.handlers.receipts:handler",
    "send-dead-letter": "aftercall.handlers.send_dead_letter:handler",
    "check-memo": "aftercall.handlers.check_memo:handler",
    "customer-history": "aftercall.handlers.customer_history:handler",
    "inbound-sms": "aftercall.handlers.inbound_sms:handler",
    "whatsapp-events": "aftercall.handlers.whatsapp_events:handler",
    "template-validator": "aftercall.handlers.template_validator:handler",
}
# Debian's Hunspell dictionaries (make spelling): the files the stack's spelling layer pins.
HUNSPELL_FILES = Path("/usr/share/hunspell")


def function_environment(name: str) -> dict[str, str]:
    """What the stack sets on one function only: the memo check's spelling (agent_side.py), where the
    dictionaries are installed (otherwise it answers without spelling, as without its layer)."""
    if name == "check-memo" and (HUNSPELL_FILES / "ko.aff").is_file():
        return {"SPELL_CHECK": "true", "SPELL_DICTIONARIES": str(HUNSPELL_FILES)}
    return {}


TABLES = TableNames(
    "aftercall-memos",
    "aftercall-followups",
    "aftercall-preferences",
    "aftercall-templates",
    "aftercall-links",
)
PACING_TABLE = "aftercall-pacing"
SEND_QUEUE = "aftercall-send"
SEND_DEAD_LETTER_QUEUE = "aftercall-send-dead-letters"
# The stack's other dead-letter queues: the ingest handlers' poison records and the contact-event
# function's failed asynchronous invocations; the receipt function's failed asynchronous invocations.
INGEST_DEAD_LETTER_QUEUE = "aftercall-ingest-dead-letters"
RECEIPT_DEAD_LETTER_QUEUE = "aftercall-receipt-dead-letters"
DEAD_LETTER_QUEUES = (INGEST_DEAD_LETTER_QUEUE, RECEIPT_DEAD_LETTER_QUEUE, SEND_DEAD_LETTER_QUEUE)
MAX_RECEIVES = 5  # as the stack's send queue: then the message moves to its dead-letter queue
_CUSTOMER_KEY_PARAMETER = "/aftercall/customer-key"
_EMAIL_FROM = "followup@aftercall.example"


@dataclass(frozen=True)
class Resources:
    """What ``create_resources`` made that the functions and the harness address by ARN or URL."""

    sms_topic_arn: str
    email_topic_arn: str
    send_queue_url: str
    state_machine_arn: str
    send_dead_letter_queue_url: str = ""
    ingest_dead_letter_queue_url: str = ""
    receipt_dead_letter_queue_url: str = ""
    inbound_topic_arn: str = ""  # two-way SMS: customers' replies
    whatsapp_topic_arn: str = ""  # the WhatsApp business account's event destination

    def environment(self) -> dict[str, str]:
        return {
            "STATE_MACHINE_ARN": self.state_machine_arn,
            "INGEST_DLQ_URL": self.ingest_dead_letter_queue_url,
        }


def base_environment(region: str) -> dict[str, str]:
    """The functions' environment, as the stack sets it (less what ``Resources.environment`` adds)."""
    return {
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_SERVICE_NAME": "aftercall",
        "POWERTOOLS_METRICS_NAMESPACE": "Aftercall",
        # Metrics on, as in Lambda: their EMF lines go to the handlers' output (lambda_output).
        "POWERTOOLS_METRICS_DISABLED": "false",
        "POWERTOOLS_LOG_LEVEL": os.environ.get("POWERTOOLS_LOG_LEVEL", "WARNING"),
        **table_environment(TABLES),
        "CUSTOMER_KEY_PARAMETER": _CUSTOMER_KEY_PARAMETER,
        "COMPANY_NAME": "Aftercall",
        "CALLBACK_NUMBER": "1588-0000",
        "SMS_CONFIGURATION_SET": "aftercall",
        "SMS_ORIGINATION_IDENTITY": "+15555550100",
        "SMS_PARTS_PER_SECOND": "1",
        "PACING_TABLE": PACING_TABLE,
        "EMAIL_FROM_ADDRESS": _EMAIL_FROM,
        "EMAIL_CONFIGURATION_SET": "aftercall",
        "TASK_CONTACT_FLOW_ID": "5b1d7c1e-0000-4000-8000-00000000f100",
        "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
        "WHATSAPP_WABA_ID": WABA_ID,
    }


def create_resources(region: str) -> Resources:
    """Create every resource on the (already started) moto; the state machine is the real definition."""
    create_tables(TABLES, region)
    create_pacing_table(PACING_TABLE, region)
    ssm = boto3.client("ssm", region_name=region)
    ssm.put_parameter(Name=_CUSTOMER_KEY_PARAMETER, Value=uuid.uuid4().hex, Type="SecureString")
    sns = boto3.client("sns", region_name=region)
    sms_topic_arn = sns.create_topic(Name="aftercall-sms-events")["TopicArn"]
    email_topic_arn = sns.create_topic(Name="aftercall-email-events")["TopicArn"]
    sqs = boto3.client("sqs", region_name=region)
    dead_letters = sqs.create_queue(QueueName=SEND_DEAD_LETTER_QUEUE, Attributes={"VisibilityTimeout": "0"})
    dead_letter_arn = sqs.get_queue_attributes(QueueUrl=dead_letters["QueueUrl"], AttributeNames=["QueueArn"])
    redrive = {
        "deadLetterTargetArn": dead_letter_arn["Attributes"]["QueueArn"],
        "maxReceiveCount": MAX_RECEIVES,
    }
    send_queue_url = sqs.create_queue(
        QueueName=SEND_QUEUE, Attributes={"VisibilityTimeout": "0", "RedrivePolicy": json.dumps(redrive)}
    )["QueueUrl"]
    ingest_dead_letters = sqs.create_queue(QueueName=INGEST_DEAD_LETTER_QUEUE)["QueueUrl"]
    receipt_dead_letters = sqs.create_queue(QueueName=RECEIPT_DEAD_LETTER_QUEUE)["QueueUrl"]
    for identity in (_EMAIL_FROM,):
        boto3.client("sesv2", region_name=region).create_email_identity(EmailIdentity=identity)
        boto3.client("ses", region_name=region).verify_email_identity(EmailAddress=identity)
    arns = _create_functions(region)
    for topic in (sms_topic_arn, email_topic_arn):
        sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=arns["receipts"])
    inbound_topic_arn = sns.create_topic(Name="aftercall-inbound-sms")["TopicArn"]
    sns.subscribe(TopicArn=inbound_topic_arn, Protocol="lambda", Endpoint=arns["inbound-sms"])
    whatsapp_topic_arn = sns.create_topic(Name="aftercall-whatsapp-events")["TopicArn"]
    sns.subscribe(TopicArn=whatsapp_topic_arn, Protocol="lambda", Endpoint=arns["whatsapp-events"])
    definition = statemachine.render(
        {
            "PlanFunctionArn": arns["plan"],
            "SendQueueUrl": send_queue_url,
            "SendEmailFunctionArn": arns["send-email"],
            "SendWhatsAppFunctionArn": arns["send-whatsapp"],
            "CreateTaskFunctionArn": arns["create-task"],
            "OutcomeFunctionArn": arns["outcome"],
            "FollowupTable": TABLES.followups,
        }
    )
    sfn = boto3.client("stepfunctions", region_name=region)
    state_machine_arn = sfn.create_state_machine(
        name="aftercall-followup",
        definition=definition,
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/aftercall-sfn",
    )["stateMachineArn"]
    return Resources(
        sms_topic_arn,
        email_topic_arn,
        send_queue_url,
        state_machine_arn,
        dead_letters["QueueUrl"],
        ingest_dead_letters,
        receipt_dead_letters,
        inbound_topic_arn,
        whatsapp_topic_arn,
    )


def _create_functions(region: str) -> dict[str, str]:
    iam = boto3.client("iam", region_name=region)
    role = iam.create_role(RoleName="aftercall-lambda", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("aftercall.py", "# the handlers run in-process\n")
    lam = boto3.client("lambda", region_name=region)
    arns: dict[str, str] = {}
    for name, target in HANDLERS.items():
        arns[name] = lam.create_function(
            FunctionName=name,
            Runtime="python3.13",
            Role=role,
            Handler=target.replace(":", "."),
            Code={"ZipFile": code.getvalue()},
        )["FunctionArn"]
    return arns
