"""Two-way SMS: the topic End User Messaging SMS publishes customers' replies to, and their handler.

With ``twoWaySms=true`` the stack points the origination identity's two-way channel at the topic (an
SDK call at deploy, undone at delete: the stack does not own the number); otherwise the admin does it
once (docs/deploy.md, "Two-way SMS"). Only the SMS service may publish to the topic.
"""

from __future__ import annotations

from aws_cdk import CfnOutput, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns_subscriptions as subscriptions
from aws_cdk import custom_resources as cr
from constructs import Construct

from aftercall_infra import acknowledged_findings, arns
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
        if config.two_way_sms:
            self.channel = two_way_channel(self, stack, config["originationIdentity"], self.topic.topic_arn)
            self.channel.node.add_dependency(
                self.topic
            )  # its policy first: the service checks it may publish


def two_way_channel(scope: Construct, stack: Stack, identity: str, topic_arn: str) -> cr.AwsCustomResource:
    """Turns the identity's two-way channel on, pointing at ``topic_arn``, and off when the stack goes:
    an SMS service left publishing to a deleted topic would lose every reply."""
    action, identity_arn = arns.sms_two_way_target(stack, identity)
    id_parameter = "PhoneNumberId" if action == "UpdatePhoneNumber" else "PoolId"

    def call(enabled: bool) -> cr.AwsSdkCall:
        parameters: dict[str, object] = {id_parameter: identity_arn, "TwoWayEnabled": enabled}
        if enabled:
            parameters["TwoWayChannelArn"] = topic_arn
        return cr.AwsSdkCall(
            service="pinpoint-sms-voice-v2",
            action=action,
            parameters=parameters,
            physical_resource_id=cr.PhysicalResourceId.of(f"two-way-sms:{identity}"),
        )

    channel = cr.AwsCustomResource(
        scope,
        "TwoWayChannel",
        on_create=call(True),
        on_update=call(True),
        on_delete=call(False),
        policy=cr.AwsCustomResourcePolicy.from_statements(
            [iam.PolicyStatement(actions=[f"sms-voice:{action}"], resources=[identity_arn])]
        ),
        install_latest_aws_sdk=False,  # the runtime's SDK has the call; no download at deploy time
    )
    acknowledged_findings.acknowledge_sdk_call_provider(stack)
    return channel
