"""Queues and topics, always encrypted with the data key and reachable over TLS only."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from constructs import Construct

DEAD_LETTER_RETENTION = Duration.days(14)
MAX_RECEIVES_BEFORE_DEAD_LETTER = 5


def dead_letter_queue(scope: Construct, construct_id: str, key: kms.IKey) -> sqs.Queue:
    """Where failed messages, events and invocations wait (two weeks) for an admin to look and redrive."""
    return sqs.Queue(
        scope,
        construct_id,
        encryption=sqs.QueueEncryption.KMS,
        encryption_master_key=key,
        enforce_ssl=True,
        retention_period=DEAD_LETTER_RETENTION,
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
