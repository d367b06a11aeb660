"""The channels: the paced SMS sender, the email and Connect task fallbacks, and the delivery receipts.

End User Messaging SMS and SES publish their events to SNS topics (SMS event destinations cannot
target EventBridge); one receipt function subscribes to both and resolves the workflow's task tokens.
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_ses as ses
from aws_cdk import aws_smsvoice as smsvoice
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from aftercall_infra import acknowledged_findings, arns, grants
from aftercall_infra.config import DeployConfig
from aftercall_infra.constants import SMS_EVENT_TYPES, Fn
from aftercall_infra.function_specs import FUNCTIONS, TOKEN_RESOLVERS
from aftercall_infra.ingest import allow_customer_key
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.messaging import (
    MAX_RECEIVES_BEFORE_DEAD_LETTER,
    dead_letter_queue,
    publish_only_by,
    topic,
    work_queue,
)
from aftercall_infra.storage import Storage
from aftercall_infra.whatsapp import SOCIAL_SERVICE, WhatsApp

# Concurrent senders (SQS event sources allow at least 2). Each paces a fixed share of the limit, or,
# below two of the largest texts per second, all share one window in the pacing table
# (aftercall.domain.pacing.pacer_for).
SEND_CONCURRENCY = 2
SMS_SERVICE = "sms-voice.amazonaws.com"  # End User Messaging SMS publishes its events as this principal
EMAIL_SERVICE = "ses.amazonaws.com"
SEND_BATCH_SIZE = 10
SES_EVENTS = (
    ses.EmailSendingEvent.DELIVERY,
    ses.EmailSendingEvent.BOUNCE,
    ses.EmailSendingEvent.COMPLAINT,
    ses.EmailSendingEvent.REJECT,
    ses.EmailSendingEvent.RENDERING_FAILURE,
    ses.EmailSendingEvent.DELIVERY_DELAY,
)


class Delivery(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        storage: Storage,
        factory: LambdaFactory,
        state_machine_arn: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self._stack = Stack.of(self)
        self._config = config
        key = storage.key
        for service in (SMS_SERVICE, EMAIL_SERVICE, "sns.amazonaws.com"):
            storage.allow_service(service)

        self.sms_topic = topic(self, "SmsEvents", key, "aftercall SMS delivery events")
        self.email_topic = topic(self, "EmailEvents", key, "aftercall email delivery events")
        # Receipts come only from the services that send them: a forged one could mark a text
        # delivered or force a fallback (each topic also allows its service from our configuration set).
        publish_only_by(self.sms_topic, SMS_SERVICE)
        publish_only_by(self.email_topic, EMAIL_SERVICE)
        self.sms_configuration_set_name = f"{config.stack_name}-sms"
        self.email_configuration_set_name = f"{config.stack_name}-email"
        self._sms_configuration_set()
        self._email_configuration_set()
        factory.offer(
            {
                "sms_configuration_set": self.sms_configuration_set_name,
                "email_configuration_set": self.email_configuration_set_name,
                # The sender hands a message back to the workflow before the queue dead-letters it,
                # and paces knowing how many instances share the limit.
                "max_receives": str(MAX_RECEIVES_BEFORE_DEAD_LETTER),
                "sender_concurrency": str(SEND_CONCURRENCY),
            }
        )

        # The send queue's messages are ids only ({taskToken, followupId, retryCount}).
        self.send_dead_letters = dead_letter_queue(self, "SendDeadLetters", key, whole_events=False)
        self.send_queue = work_queue(
            self,
            "SendQueue",
            key,
            dead_letters=self.send_dead_letters,
            visibility_timeout=Duration.seconds(6 * FUNCTIONS[Fn.SEND_SMS].timeout_seconds),
        )
        # SNS (the subscription's redrive policy) and Lambda (failed asynchronous invocations) put whole
        # receipts here: SMS events name the destination number, SES events the recipients.
        self.receipt_dead_letters = dead_letter_queue(self, "ReceiptDeadLetters", key, whole_events=True)

        self.send_sms = factory.create(self, Fn.SEND_SMS, reserved_concurrency=SEND_CONCURRENCY)
        self.send_sms.add_event_source(
            sources.SqsEventSource(
                self.send_queue,
                batch_size=SEND_BATCH_SIZE,
                max_concurrency=SEND_CONCURRENCY,
                report_batch_item_failures=True,
            )
        )
        self._allow_sms(self.send_sms)
        self.send_email = factory.create(self, Fn.SEND_EMAIL)
        self._allow_email(self.send_email)
        self.create_task = factory.create(self, Fn.CREATE_TASK)
        self.allow_tasks(self.create_task)
        self.receipts = factory.create(self, Fn.RECEIPTS, async_failures=self.receipt_dead_letters)
        for events in (self.sms_topic, self.email_topic):
            events.add_subscription(
                subscriptions.LambdaSubscription(self.receipts, dead_letter_queue=self.receipt_dead_letters)
            )
        # A send the queue gives up on fails its wait at once (the sender never resolved its token).
        self.send_dead_letter = factory.create(self, Fn.SEND_DEAD_LETTER)
        self.send_dead_letter.add_event_source(
            sources.SqsEventSource(
                self.send_dead_letters, batch_size=SEND_BATCH_SIZE, report_batch_item_failures=True
            )
        )
        storage.allow_service(SOCIAL_SERVICE)
        self.whatsapp = WhatsApp(
            self,
            "WhatsApp",
            config=config,
            key=key,
            factory=factory,
            allow_tasks=self.allow_tasks,
            allow_customer_key=lambda fn: allow_customer_key(fn, self._stack, config),
        )
        for fn, actions in TOKEN_RESOLVERS.items():
            grants.allow(factory.functions[fn], actions, [state_machine_arn])

    @property
    def dead_letter_queues(self) -> dict[str, sqs.IQueue]:
        return {
            "Send": self.send_dead_letters,
            "Receipts": self.receipt_dead_letters,
            "WhatsAppEvents": self.whatsapp.dead_letters,
        }

    def _sms_configuration_set(self) -> None:
        arn = arns.sms_configuration_set_arn(self._stack, self.sms_configuration_set_name)
        self.sms_topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="SmsEventsFromConfigurationSet",
                principals=[iam.ServicePrincipal(SMS_SERVICE)],
                actions=["sns:Publish"],
                resources=[self.sms_topic.topic_arn],
                conditions={
                    "StringEquals": {"aws:SourceAccount": self._stack.account},
                    "ArnLike": {"aws:SourceArn": arn},
                },
            )
        )
        configuration_set = smsvoice.CfnConfigurationSet(
            self,
            "SmsConfigurationSet",
            configuration_set_name=self.sms_configuration_set_name,
            event_destinations=[
                smsvoice.CfnConfigurationSet.EventDestinationProperty(
                    event_destination_name="receipts",
                    enabled=True,
                    matching_event_types=list(SMS_EVENT_TYPES),
                    sns_destination=smsvoice.CfnConfigurationSet.SnsDestinationProperty(
                        topic_arn=self.sms_topic.topic_arn
                    ),
                )
            ],
        )
        # The service checks that it may publish when the destination is created.
        configuration_set.node.add_dependency(self.sms_topic.node.find_child("Policy"))

    def _email_configuration_set(self) -> None:
        configuration_set = ses.ConfigurationSet(
            self, "EmailConfigurationSet", configuration_set_name=self.email_configuration_set_name
        )
        configuration_set.add_event_destination(
            "Receipts",
            destination=ses.EventDestination.sns_topic(self.email_topic),
            events=list(SES_EVENTS),
        )

    def _allow_sms(self, function: lambda_.IFunction) -> None:
        origination = arns.sms_origination_arn(self._stack, self._config["originationIdentity"])
        configuration_set = arns.sms_configuration_set_arn(self._stack, self.sms_configuration_set_name)
        grants.allow(
            function,
            ["sms-voice:SendTextMessage"],
            [configuration_set, *([origination] if origination else [])],
        )

    def _allow_email(self, function: lambda_.IFunction) -> None:
        configuration_set = arns.ses_configuration_set_arn(self._stack, self.email_configuration_set_name)
        identities = arns.ses_identity_arns(self._stack, self._config["senderAddress"])
        grants.allow(function, ["ses:SendEmail"], [configuration_set, *identities])

    def allow_tasks(self, function: lambda_.IFunction) -> None:
        contacts = arns.connect_contacts_arn(self._stack, self._config)
        flow = arns.connect_task_flow_arn(self._stack, self._config)
        reason = (
            acknowledged_findings.CONNECT_CONTACTS
            if self._config.connect_instance_arn
            else acknowledged_findings.CONNECT_INSTANCES
        )
        grants.allow(function, ["connect:StartTaskContact"], [contacts, flow], wildcard_reason=reason)
