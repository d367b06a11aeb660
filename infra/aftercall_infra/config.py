"""Deployment configuration read from CDK context (cdk.json, cdk.context.json or ``-c key=value``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from constructs import Node

from aftercall_infra.alarm_keys import ALARM_KEY_NAMES
from aftercall_infra.constants import DEFAULT_STACK_NAME
from aftercall_infra.context_keys import CONTEXT_KEYS

_KNOWN = {key.name: key for key in CONTEXT_KEYS}
# CDK's own keys (feature flags, "aws:cdk:..." and "cdk-..." settings) are namespaced; ours are not.
_OWN_KEY = re.compile(r"^[a-z][A-Za-z0-9]*$")
_ARN = re.compile(r"^arn:[\w-]+:(?P<service>[\w-]+):(?P<region>[\w-]*):(?P<account>\d*):(?P<resource>.+)$")


class ConfigError(ValueError):
    """A context value cannot be used; the message names the key."""


@dataclass(frozen=True, slots=True)
class DeployConfig:
    values: Mapping[str, str]
    given: frozenset[str]  # the keys set in context (the others hold their defaults)

    @classmethod
    def from_node(cls, node: Node) -> DeployConfig:
        return cls.from_mapping({name: node.try_get_context(name) for name in _KNOWN}, node)

    @classmethod
    def from_mapping(cls, given: Mapping[str, object], node: Node | None = None) -> DeployConfig:
        values = {
            name: key.default if given.get(name) in (None, "") else str(given[name]).strip()
            for name, key in _KNOWN.items()
        }
        config = cls(values, frozenset(name for name in _KNOWN if given.get(name) not in (None, "")))
        config.validate()
        if node is not None:
            config.reject_unknown(node)
        return config

    def __getitem__(self, name: str) -> str:
        return self.values[name]

    @property
    def stack_name(self) -> str:
        return self.values["stackName"] or DEFAULT_STACK_NAME

    @property
    def connect_instance_arn(self) -> str:
        return self.values["connectInstanceArn"]

    @property
    def connect_instance_id(self) -> str:
        arn = self.connect_instance_arn
        return arn.rsplit("/", 1)[-1] if arn else ""

    @property
    def record_stream_arn(self) -> str:
        return self.values["contactRecordStreamArn"]

    @property
    def customer_key_parameter(self) -> str:
        return self.values["customerKeyParameter"]

    @property
    def alarm_email(self) -> str:
        return self.values["alarmEmail"]

    @property
    def detailed_tracing(self) -> bool:
        return self.values["detailedTracing"].lower() == "true"  # cdk.json may hold a JSON boolean

    @property
    def detail_page_waf(self) -> bool:
        return self.values["detailPageWaf"].lower() == "true"

    @property
    def two_way_sms(self) -> bool:
        return self.values["twoWaySms"].lower() == "true"

    @property
    def require_consent(self) -> bool:
        return self.values["requireConsent"].lower() in ("true", "1", "yes", "on")  # as pydantic reads it

    def alarm_threshold(self, name: str) -> float:
        """An alarm's threshold from its context key (validated: a positive number)."""
        return float(self.values[name])

    def missing_for_deploy(self) -> list[str]:
        return [key.name for key in CONTEXT_KEYS if key.required_for_deploy and key.name not in self.given]

    def settings(self) -> dict[str, str]:
        """Handler settings from context: settings field -> value (empty values are left out)."""
        offered = {
            setting: self.values[key.name]
            for key in CONTEXT_KEYS
            for setting in key.settings
            if self.values[key.name]
        }
        if self.connect_instance_id:
            offered["connect_instance_id"] = self.connect_instance_id
        return offered

    def validate(self) -> None:
        _expect_arn(self, "connectInstanceArn", "connect", "instance/")
        _expect_arn(self, "contactRecordStreamArn", "kinesis", "stream/")
        _expect_arn(self, "contactRecordStreamKeyArn", "kms", "key/")
        _expect_arn(self, "customerKeyParameterKeyArn", "kms", "key/")
        _expect_arn(self, "detailCertificateArn", "acm", "certificate/")
        if bool(self.values["detailDomainName"]) != bool(self.values["detailCertificateArn"]):
            raise ConfigError("detailDomainName and detailCertificateArn go together: set both or neither")
        if self.values["detailBaseUrl"] and not self.values["detailBaseUrl"].startswith("https://"):
            raise ConfigError("detailBaseUrl must be an https URL")
        if not self.customer_key_parameter.startswith("/"):
            raise ConfigError("customerKeyParameter must be a full SSM parameter name starting with '/'")
        self._validate_whatsapp()
        for name in (
            "smsPartsPerSecond",
            "receiptWindowSeconds",
            "emailReceiptWindowSeconds",
            "whatsappMessagesPerSecond",
            "whatsappReceiptWindowSeconds",
        ):
            if not self.values[name].isdigit() or int(self.values[name]) < 1:
                raise ConfigError(f"{name} must be a whole number of at least 1")
        for name in ("detailedTracing", "detailPageWaf", "twoWaySms"):
            if self.values[name].lower() not in ("true", "false"):
                raise ConfigError(f"{name} must be true or false")
        sender = self.values["senderAddress"]
        if sender and sender.count("@") != 1:
            raise ConfigError("senderAddress must be one email address")
        self._validate_alarm_thresholds()

    @property
    def whatsapp(self) -> bool:
        return bool(self.values["whatsappPhoneNumberId"])

    def _validate_whatsapp(self) -> None:
        number, account = self.values["whatsappPhoneNumberId"], self.values["whatsappWabaId"]
        if bool(number) != bool(account):
            raise ConfigError("whatsappPhoneNumberId and whatsappWabaId go together: set both or neither")
        if number and not re.fullmatch(r"phone-number-id-[0-9a-zA-Z]+", number):
            raise ConfigError("whatsappPhoneNumberId must be the number's id, phone-number-id-...")
        if account and not re.fullmatch(r"waba-[0-9a-zA-Z]+", account):
            raise ConfigError("whatsappWabaId must be the business account's id, waba-...")
        if not re.fullmatch(r"v\d+\.\d+", self.values["whatsappMetaApiVersion"]):
            raise ConfigError("whatsappMetaApiVersion must look like v20.0")

    def _validate_alarm_thresholds(self) -> None:
        for name in ALARM_KEY_NAMES:
            try:
                positive = float(self.values[name]) > 0
            except ValueError:
                positive = False
            if not positive:
                raise ConfigError(f"{name} must be a number above 0 (an alarm's threshold)")

    def reject_unknown(self, node: Node) -> None:
        unknown = sorted(
            name
            for name in _context_names(node)
            if _OWN_KEY.match(name) and name not in _KNOWN and not name.startswith("aws")
        )
        if unknown:
            known = ", ".join(sorted(_KNOWN))
            raise ConfigError(f"unknown context key(s): {', '.join(unknown)}; known keys: {known}")


# The construct id under which the stack deploys the agent's memo form (the Connect view and flows).
MEMO_FORM_ID = "AgentWorkspace"


def consent_warning(config: DeployConfig, *, memo_form: bool) -> str | None:
    """Plain words for the admin when consent is required and nothing deployed asks the customer for it."""
    if not config.require_consent or memo_form:
        return None
    return (
        "requireConsent is true (the default) and this stack deploys no Connect memo form that asks the "
        "customer for consent: no follow-up text is sent until your contact flows set "
        "aftercall_consent=yes on the contact. Set connectInstanceArn to deploy the agent's memo form, "
        "which asks it (docs/agent-workspace.md), set the attribute in your own flows, or deploy with "
        "-c requireConsent=false to follow up every eligible call."
    )


def _expect_arn(config: DeployConfig, name: str, service: str, resource_prefix: str) -> None:
    value = config[name]
    if not value:
        return
    match = _ARN.match(value)
    if not match or match["service"] != service or not match["resource"].startswith(resource_prefix):
        raise ConfigError(
            f"{name} must be an ARN of the form arn:aws:{service}:REGION:ACCOUNT:{resource_prefix}..."
        )


def _context_names(node: Node) -> list[str]:
    # Node.get_all_context() also holds CDK's own keys, which do not match _OWN_KEY.
    return list(node.get_all_context().keys())
