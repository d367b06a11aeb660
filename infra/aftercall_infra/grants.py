"""Explicit, least-privilege grants.

CDK's ``grant*`` helpers add wildcard actions for encrypted resources (``kms:GenerateDataKey*``,
``kms:ReEncrypt*``). aftercall's rule is stricter: every action is spelled out, every resource is an
ARN of ours or of the configured Connect, SMS and SES resources. The infra tests check both.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_sqs as sqs
from constructs import IConstruct

from aftercall_infra.nag import acknowledge_wildcard_resources

DYNAMODB_READ = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:Query")
DYNAMODB_WRITE = (
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DeleteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
)
# DynamoDB calls KMS on the caller's behalf for tables with a customer-managed key.
KMS_TO_READ = ("kms:Decrypt", "kms:DescribeKey")
KMS_TO_WRITE = ("kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey")
# SQS and SNS server-side encryption: producers need a data key; Decrypt lets SQS reuse it.
KMS_TO_PRODUCE = ("kms:Decrypt", "kms:GenerateDataKey")


def allow(
    grantee: iam.IGrantable,
    actions: Iterable[str],
    resources: Iterable[str],
    conditions: Mapping[str, Mapping[str, object]] | None = None,
    *,
    wildcard_reason: str | None = None,
) -> None:
    """One statement on the grantee's own policy. A resource with a '*' (contacts created per call,
    a key chosen by the admin) needs a written reason, which acknowledges the cdk-nag finding."""
    actions, resources = sorted(set(actions)), list(resources)
    if any("*" in action for action in actions):
        raise ValueError(f"wildcard actions are not allowed: {actions}")
    principal = grantee.grant_principal
    principal.add_to_principal_policy(
        iam.PolicyStatement(
            actions=actions, resources=resources, conditions=dict(conditions) if conditions else None
        )
    )
    role = cast(IConstruct, principal)  # our grantees are roles: the policy and its findings live there
    wildcards = [r for r in resources if "*" in str(Stack.of(role).resolve(r))]
    if wildcards and not wildcard_reason:
        raise ValueError(f"a wildcard resource needs a wildcard_reason: {actions} on {wildcards}")
    if wildcards and wildcard_reason:
        acknowledge_wildcard_resources(role, wildcards, wildcard_reason)


def allow_key(grantee: iam.IGrantable, key: kms.IKey, actions: Iterable[str]) -> None:
    allow(grantee, actions, [key.key_arn])


def allow_send(grantee: iam.IGrantable, queue: sqs.IQueue, key: kms.IKey) -> None:
    """sqs:SendMessage on one encrypted queue."""
    allow(grantee, ["sqs:SendMessage"], [queue.queue_arn])
    allow_key(grantee, key, KMS_TO_PRODUCE)
