"""cdk-nag AwsSolutions checks on every synth, and the acknowledged findings, each with its reason.

Findings fail the synth (and ``Template.from_stack``) unless acknowledged here. A grant with a
wildcard resource must come with a reason (``grants.allow(..., wildcard_reason=...)``), which
acknowledges exactly that resource on exactly that role.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

if TYPE_CHECKING:
    from aftercall_infra.stack import AftercallStack

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


def check_with_cdk_nag(app: cdk.App, stack: AftercallStack) -> None:
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    for function in stack.lambdas.functions.values():
        acknowledge(function, "AwsSolutions-L1", RUNTIME_VERSION)
        if function.role is not None:
            acknowledge(function.role, "AwsSolutions-IAM5[Resource::*]", XRAY_AND_LOG_DELIVERY)
    acknowledge(stack.workflow.state_machine.role, "AwsSolutions-IAM5[Resource::*]", XRAY_AND_LOG_DELIVERY)


def acknowledge(scope: IConstruct, rule_id: str, reason: str) -> None:
    if not reason.strip():
        raise ValueError(f"acknowledging {rule_id} needs a written reason")
    cdk.Validations.of(scope).acknowledge(cdk.Acknowledgment(id=rule_id, reason=reason))


def acknowledge_wildcard_resources(scope: IConstruct, resources: Iterable[str], reason: str) -> None:
    """Acknowledge AwsSolutions-IAM5 for each wildcard resource, named as cdk-nag names it."""
    stack = cdk.Stack.of(scope)
    for resource in resources:
        rendered = as_text(stack.resolve(resource))
        if "*" in rendered:
            acknowledge(scope, f"AwsSolutions-IAM5[Resource::{rendered}]", reason)


def as_text(value: object) -> str:
    """A resolved CloudFormation value as cdk-nag prints it: Ref -> <Name>, GetAtt -> <Name.Attr>."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and "Ref" in value:
        return f"<{value['Ref']}>"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"<{'.'.join(value['Fn::GetAtt'])}>"
    if isinstance(value, dict) and "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return str(separator).join(as_text(part) for part in parts)
    raise ValueError(f"cannot render {value!r} as cdk-nag does")
