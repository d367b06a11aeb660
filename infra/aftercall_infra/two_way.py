"""Two-way SMS: the topic End User Messaging SMS publishes customers' replies to, and their handler.

The admin points the origination number's two-way channel at the topic (docs/deploy.md, "Two-way
SMS"): the stack does not own the phone number. Only the SMS service may publish to the topic.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from aftercall_infra.config import DeployConfig
from aftercall_infra.constants import Fn
from aftercall_infra.delivery import SMS_SERVICE, Delivery
from aftercall_infra.ingest import allow_customer_key
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.messaging import dead_letter_queue, publish_only_by, topic


class TwoWaySms(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        key: kms.IKey,
        factory: LambdaFactory,
        delivery: Delivery,
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.topic = topic(self, "Replies", key, "aftercall customers' replies (two-way SMS)")
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="RepliesFromTheSmsService",
                principals=[iam.ServicePrincipal(SMS_SERVICE)],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": stack.account}},
            )
        )
        publish_only_by(self.topic, SMS_SERVICE)
        self.dead_letters = dead_letter_queue(self, "InboundDeadLetters", key, whole_events=True)
        self.function = factory.create(self, Fn.INBOUND_SMS, async_failures=self.dead_letters)
        allow_customer_key(self.function, stack, config)
        delivery.allow_tasks(self.function)
        self.topic.add_subscription(
            subscriptions.LambdaSubscription(self.function, dead_letter_queue=self.dead_letters)
        )
        CfnOutput(stack, "InboundSmsTopicArn", value=self.topic.topic_arn)
