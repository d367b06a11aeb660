"""cdk-nag AwsSolutions checks on every synth, and how a finding is acknowledged with its reason.

Findings fail the synth (and ``Template.from_stack``) unless acknowledged. A grant with a wildcard
resource must come with a reason (``grants.allow(..., wildcard_reason=...)``), which acknowledges
exactly that resource on exactly that role. The stack's own reasons are in acknowledged_findings.py.
This module imports nothing of the app, so every construct may use it.
"""

from __future__ import annotations

from collections.abc import Iterable

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct


def check_with_cdk_nag(app: cdk.App) -> None:
    """Run the AwsSolutions checks on every synth of ``app``."""
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))


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
