"""The stack's acknowledged cdk-nag findings, each with its written reason.

nag.py holds the mechanism (the checks, ``acknowledge``); this module holds what this stack accepts
and why. The stack-wide acknowledgments are applied by the stack itself once it is composed; the
wildcard grants pass their reason to ``grants.allow(..., wildcard_reason=...)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk.custom_resources import AwsCustomResource

from aftercall_infra.nag import acknowledge

XRAY_AND_LOG_DELIVERY = (
    "X-Ray PutTraceSegments/PutTelemetryRecords and the CloudWatch Logs log-delivery actions of Step "
    "Functions support no resource-level permissions: their Resource must be '*' (the infra tests check "
    "that no other action has a '*' resource)."
)
RUNTIME_VERSION = (
    "Python 3.13 on purpose: the layer's wheels and compiled .pyc files are built for the runtime's exact "
    "version (constants.PYTHON_VERSION, layers/build.py); move both together when 3.14 is adopted."
)
CONNECT_CONTACTS = (
    "Contact ids are created per call: DescribeContact and StartTaskContact can only be scoped to the "
    "contacts of the configured instance (instance/ID/contact/*), or of the account's instances when "
    "connectInstanceArn is not set."
)
CONNECT_INSTANCES = (
    "connectInstanceArn is not set, so the task flow is allowed in any of the account's instances; "
    "set connectInstanceArn to scope it to one instance."
)
SSM_PARAMETER_KEY = (
    "The admin chooses the SecureString's KMS key (aws/ssm by default) before deploy; Decrypt is limited "
    "by condition to SSM decrypting this one parameter (kms:ViaService and the PARAMETER_ARN encryption "
    "context). Set customerKeyParameterKeyArn to name the key."
)
SDK_CALL_PROVIDER = (
    "CDK's provider function of AwsCustomResource (one per stack) runs only at deploy and delete, to set the "
    "origination identity's two-way channel; it logs with the basic execution role. Its own policy allows "
    "only the one sms-voice call on the one identity."
)


def acknowledge_sdk_call_provider(stack: Stack) -> None:
    """CDK's singleton AwsCustomResource function: its managed logging policy."""
    provider = stack.node.try_find_child("AWS" + AwsCustomResource.PROVIDER_FUNCTION_UUID.replace("-", ""))
    if provider is None:
        return
    basic_execution = "arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
    acknowledge(provider, f"AwsSolutions-IAM4[Policy::{basic_execution}]", SDK_CALL_PROVIDER)


STREAM_FAILURE_DESTINATION = (
    "This queue is a dead-letter queue: the on-failure destination of the templates stream's event "
    "source mapping (Lambda writes the failed batches' metadata to it), which cdk-nag does not recognise "
    "as one. It is alarmed when not empty."
)


def acknowledge_stack_findings(functions: Iterable[lambda_.Function], state_machine_role: iam.IRole) -> None:
    """The findings every function and the state machine share: the pinned runtime, and the X-Ray and
    log-delivery actions that only accept a '*' resource."""
    for function in functions:
        acknowledge(function, "AwsSolutions-L1", RUNTIME_VERSION)
        if function.role is not None:
            acknowledge(function.role, "AwsSolutions-IAM5[Resource::*]", XRAY_AND_LOG_DELIVERY)
    acknowledge(state_machine_role, "AwsSolutions-IAM5[Resource::*]", XRAY_AND_LOG_DELIVERY)
