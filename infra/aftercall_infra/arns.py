"""ARNs of resources the stack does not create (Connect, End User Messaging SMS, SES, SSM) or must know
before it creates them (the state machine, the SMS configuration set), scoped as tightly as the
configuration allows."""

from __future__ import annotations

from aws_cdk import ArnFormat, Stack

from aftercall_infra.config import ConfigError, DeployConfig

_SMS_RESOURCE_OF_ID_PREFIX = {"phone-": "phone-number", "pool-": "pool"}


def state_machine_arn(stack: Stack, name: str) -> str:
    return stack.format_arn(
        service="states",
        resource="stateMachine",
        resource_name=name,
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )


def sms_configuration_set_arn(stack: Stack, name: str) -> str:
    return stack.format_arn(service="sms-voice", resource="configuration-set", resource_name=name)


def sms_origination_arn(stack: Stack, identity: str) -> str | None:
    """The origination identity as an ARN: given as one, or a phone number or pool id."""
    if not identity:
        return None
    if identity.startswith("arn:"):
        return identity
    for prefix, resource in _SMS_RESOURCE_OF_ID_PREFIX.items():
        if identity.startswith(prefix):
            return stack.format_arn(service="sms-voice", resource=resource, resource_name=identity)
    raise ConfigError(
        "originationIdentity: give a phone-... or pool-... id, or the identity's ARN (sender IDs)"
    )


def sms_two_way_target(stack: Stack, identity: str) -> tuple[str, str]:
    """The API (``UpdatePhoneNumber`` or ``UpdatePool``) that sets the two-way channel of the origination
    identity, and the identity's ARN. Sender IDs cannot receive replies."""
    arn = sms_origination_arn(stack, identity) or ""
    for resource, action in (("phone-number", "UpdatePhoneNumber"), ("pool", "UpdatePool")):
        if f":{resource}/" in arn:
            return action, arn
    raise ConfigError(
        "twoWaySms: the originationIdentity must be a phone number or a pool; "
        "a sender ID cannot receive replies"
    )


def ses_identity_arns(stack: Stack, sender_address: str) -> list[str]:
    """The sender address and its domain: SES authorizes whichever of the two is the verified identity."""
    if not sender_address:
        return []
    domain = sender_address.split("@", 1)[1]
    return [
        stack.format_arn(service="ses", resource="identity", resource_name=name)
        for name in (sender_address, domain)
    ]


def ses_configuration_set_arn(stack: Stack, name: str) -> str:
    return stack.format_arn(service="ses", resource="configuration-set", resource_name=name)


def connect_instance_arn(stack: Stack, config: DeployConfig) -> str:
    """The configured instance, or every instance of this account and region when none is configured."""
    return config.connect_instance_arn or stack.format_arn(
        service="connect", resource="instance", resource_name="*"
    )


def connect_contacts_arn(stack: Stack, config: DeployConfig) -> str:
    return f"{connect_instance_arn(stack, config)}/contact/*"


def connect_task_flow_arn(stack: Stack, config: DeployConfig) -> str:
    flow = config["connectTaskFlowId"] or "*"
    return f"{connect_instance_arn(stack, config)}/contact-flow/{flow}"


def ssm_parameter_arn(stack: Stack, name: str) -> str:
    return stack.format_arn(service="ssm", resource="parameter", resource_name=name.lstrip("/"))
