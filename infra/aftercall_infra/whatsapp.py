"""WhatsApp: the send step's function, and the business account's events (statuses and customers' messages).

The send function always exists (the state machine names it); the plan routes a follow-up to it only
when ``whatsappPhoneNumberId`` is set. With the account (``whatsappWabaId``) the stack also points the
account's event destination at its WhatsApp events topic (an SDK call at deploy, undone at delete: the
stack does not own the account). Only End User Messaging Social may publish to that topic.
"""

from __future__ import annotations

from collections.abc import Callable

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import custom_resources as cr
from constructs import Construct

from aftercall_infra import acknowledged_findings, grants
from aftercall_infra.config import DeployConfig
from aftercall_infra.constants import Fn
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.messaging import dead_letter_queue, publish_only_by, topic

SOCIAL_SERVICE = "social-messaging.amazonaws.com"  # publishes the account's events to SNS
# Instances of the send step: each paces its share of the number's throughput in memory.
WHATSAPP_SEND_CONCURRENCY = 2


def phone_number_arn(stack: Stack, phone_number_id: str) -> str:
    """``phone-number-id-<id>`` → its ARN (the resource name drops the ``phone-number-id-`` prefix)."""
    name = phone_number_id.removeprefix("phone-number-id-")
    return stack.format_arn(service="social-messaging", resource="phone-number-id", resource_name=name)


def waba_arn(stack: Stack, waba_id: str) -> str:
    """``waba-<id>`` → its ARN."""
    return stack.format_arn(
        service="social-messaging", resource="waba", resource_name=waba_id.removeprefix("waba-")
    )


class WhatsApp(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        key: kms.IKey,
        factory: LambdaFactory,
        allow_tasks: Callable[[lambda_.IFunction], None],
        allow_customer_key: Callable[[lambda_.IFunction], None],
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        factory.offer({"whatsapp_sender_concurrency": str(WHATSAPP_SEND_CONCURRENCY)})
        self.send = factory.create(self, Fn.SEND_WHATSAPP, reserved_concurrency=WHATSAPP_SEND_CONCURRENCY)
        self.topic = topic(self, "Events", key, "aftercall WhatsApp events (statuses, customers' messages)")
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="WhatsAppEventsFromSocialMessaging",
                principals=[iam.ServicePrincipal(SOCIAL_SERVICE)],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
            )
        )
        publish_only_by(self.topic, SOCIAL_SERVICE)
        # SNS and Lambda put whole events here: a customer's message names their number and text.
        self.dead_letters = dead_letter_queue(self, "EventDeadLetters", key, whole_events=True)
        self.events = factory.create(self, Fn.WHATSAPP_EVENTS, async_failures=self.dead_letters)
        allow_tasks(self.events)
        allow_customer_key(self.events)
        self.topic.add_subscription(
            subscriptions.LambdaSubscription(self.events, dead_letter_queue=self.dead_letters)
        )
        CfnOutput(stack, "WhatsAppEventsTopicArn", value=self.topic.topic_arn)
        if config.whatsapp:
            # ``aftercall templates whatsapp --stack`` finds the account here.
            CfnOutput(stack, "WhatsAppBusinessAccountId", value=config["whatsappWabaId"])
            self._allow_send(stack, config)
            self.destination = event_destination(self, stack, config["whatsappWabaId"], self.topic)

    def _allow_send(self, stack: Stack, config: DeployConfig) -> None:
        number = phone_number_arn(stack, config["whatsappPhoneNumberId"])
        grants.allow(self.send, ["social-messaging:SendWhatsAppMessage"], [number])
        account = waba_arn(stack, config["whatsappWabaId"])
        grants.allow(self.send, ["social-messaging:ListWhatsAppMessageTemplates"], [account])


def event_destination(
    scope: Construct, stack: Stack, waba_id: str, events: sns.Topic
) -> cr.AwsCustomResource:
    """Points the account's one event destination at ``events``, and removes it when the stack goes (a
    destination left on a deleted topic would lose every status and message)."""

    def call(destinations: list[dict[str, str]]) -> cr.AwsSdkCall:
        return cr.AwsSdkCall(
            service="socialmessaging",
            action="PutWhatsAppBusinessAccountEventDestinations",
            parameters={"id": waba_id, "eventDestinations": destinations},
            physical_resource_id=cr.PhysicalResourceId.of(f"whatsapp-events:{waba_id}"),
        )

    destination = cr.AwsCustomResource(
        scope,
        "EventDestination",
        on_create=call([{"eventDestinationArn": events.topic_arn}]),
        on_update=call([{"eventDestinationArn": events.topic_arn}]),
        on_delete=call([]),
        policy=cr.AwsCustomResourcePolicy.from_statements(
            [
                iam.PolicyStatement(
                    actions=["social-messaging:PutWhatsAppBusinessAccountEventDestinations"],
                    resources=[waba_arn(stack, waba_id)],
                )
            ]
        ),
        install_latest_aws_sdk=False,  # the runtime's SDK has the call; no download at deploy time
    )
    destination.node.add_dependency(events)  # its policy first: the service checks it may publish
    acknowledged_findings.acknowledge_sdk_call_provider(stack)
    return destination
