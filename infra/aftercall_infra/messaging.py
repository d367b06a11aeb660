"""Queues and topics, always encrypted with the data key and reachable over TLS only."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

# Dead letters of metadata only (ids, error names, positions in a stream) wait two weeks for an admin.
DEAD_LETTER_RETENTION = Duration.days(14)
# Dead letters that may hold a whole event (an SNS message, an EventBridge event, an asynchronous
# invocation's payload: phone numbers, addresses) are out of `forget`'s reach, so they are kept as short
# as an admin can still act on the alarm: four days (SQS's default) cover a long weekend.
PERSONAL_DEAD_LETTER_RETENTION = Duration.days(4)
MAX_RECEIVES_BEFORE_DEAD_LETTER = 5


def dead_letter_queue(scope: Construct, construct_id: str, key: kms.IKey, *, whole_events: bool) -> sqs.Queue:
    """Where failed messages, events and invocations wait for an admin to look and redrive.

    ``whole_events``: AWS writes whole events into this queue (personal data): the short retention.
    """
    return sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        retention_period=PERSONAL_DEAD_LETTER_RETENTION if whole_events else DEAD_LETTER_RETENTION,
    )


def work_queue(
    scope: Construct,
    construct_id: str,
    key: kms.IKey,
    *,
    dead_letters: sqs.IQueue,
    visibility_timeout: Duration,
) -> sqs.Queue:
    return sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        visibility_timeout=visibility_timeout,
        dead_letter_queue=sqs.DeadLetterQueue(
            queue=dead_letters, max_receive_count=MAX_RECEIVES_BEFORE_DEAD_LETTER
        ),
    )


def topic(scope: Construct, construct_id: str, key: kms.IKey, display_name: str) -> sns.Topic:
    return sns.Topic(scope, construct_id, master_key=key, enforce_ssl=True, display_name=display_name)


def publish_only_by(events: sns.Topic, service: str) -> None:
    """Deny sns:Publish on ``events`` to every principal but the AWS service ``service``.

    The topic's Allow for the service (with ``aws:SourceAccount`` and ``aws:SourceArn``: the
    configuration set) is not enough on its own: in the same account an IAM principal allowed
    ``sns:Publish`` by its own policy could still publish, i.e. forge a receipt. ``aws:PrincipalServiceName``
    is in the request only when a service principal calls, and a negated operator matches a missing
    key, so this Deny covers IAM users and roles (the account root included) and every other service.
    """
    events.add_to_resource_policy(
        iam.PolicyStatement(
            sid="PublishOnlyBy" + service.split(".", maxsplit=1)[0].title().replace("-", ""),
            effect=iam.Effect.DENY,
            principals=[iam.AnyPrincipal()],
            actions=["sns:Publish"],
            resources=[events.topic_arn],
            conditions={"StringNotEquals": {"aws:PrincipalServiceName": service}},
        )
    )
