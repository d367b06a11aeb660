"""A stand-in for the boto3 ``connect`` client: DescribeContact and StartTaskContact.

moto implements neither. Requests are checked against the real API model, answers have the real
response shape, and failures are the real modeled errors: an unknown contact is
ResourceNotFoundException; a thirteenth task on one PreviousContactId is
ServiceQuotaExceededException. StartTaskContact is idempotent on ClientToken like the service (and,
like the SDK, fills in a random token when none is given, which is why callers must pass their own).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from aftercall.adapters.api_model import (
    RequestConstraintError,
    modeled_error,
    service_model,
    validate_request,
)

CONNECT_SERVICE = "connect"
TASK_CHAIN_LIMIT = 12


@dataclass(frozen=True, slots=True)
class StartedTask:
    """One created task, for the demo and the tests."""

    contact_id: str
    instance_id: str
    name: str
    description: str
    client_token: str
    previous_contact_id: str | None
    related_contact_id: str | None
    references: dict[str, dict[str, str]]
    contact_flow_id: str | None


class ConnectStandIn:
    def __init__(self, region: str = "ap-northeast-2", account: str = "123456789012") -> None:
        self.meta = SimpleNamespace(service_model=service_model(CONNECT_SERVICE), region_name=region)
        self.tasks: list[StartedTask] = []
        self._region = region
        self._account = account
        self._contacts: dict[tuple[str, str], dict[str, Any]] = {}
        self._by_token: dict[tuple[str, str], str] = {}
        self._chains: Counter[str] = Counter()

    def add_contact(
        self,
        instance_id: str,
        contact_id: str,
        *,
        customer_number: str | None = None,
        attributes: dict[str, str] | None = None,
        channel: str = "VOICE",
        initiation_method: str = "INBOUND",
        disconnected_at: datetime | None = None,
        transferred_to: str | None = None,
    ) -> None:
        """Register a contact that ``describe_contact`` will return."""
        contact: dict[str, Any] = {
            "Arn": f"{self._instance_arn(instance_id)}/contact/{contact_id}",
            "Id": contact_id,
            "InitialContactId": contact_id,
            "Channel": channel,
            "InitiationMethod": initiation_method,
            "Attributes": dict(attributes or {}),
        }
        if customer_number:
            contact["CustomerEndpoint"] = {"Type": "TELEPHONE_NUMBER", "Address": customer_number}
        if disconnected_at:
            contact["DisconnectTimestamp"] = disconnected_at
        if transferred_to:  # the transfer leg it was handed to (DescribeContact's NextContacts)
            contact["NextContacts"] = [{"Type": "QUICK_CONNECT", "NextContactMetadata": {}}]
        self._contacts[(instance_id, contact_id)] = contact

    def describe_contact(self, **params: Any) -> dict[str, Any]:
        self._validate("DescribeContact", params)
        contact = self._contacts.get((params["InstanceId"], params["ContactId"]))
        if contact is None:
            raise self._error("ResourceNotFoundException", "Contact not found.", "DescribeContact")
        return {"Contact": dict(contact)}

    def start_task_contact(self, **params: Any) -> dict[str, Any]:
        params.setdefault("ClientToken", str(uuid.uuid4()))  # what the SDK does for an idempotency token
        self._validate("StartTaskContact", params)
        token_key = (params["InstanceId"], params["ClientToken"])
        if token_key in self._by_token:
            return {"ContactId": self._by_token[token_key]}
        previous = params.get("PreviousContactId")
        if previous and self._chains[previous] >= TASK_CHAIN_LIMIT:
            raise self._error(
                "ServiceQuotaExceededException",
                f"Limit of {TASK_CHAIN_LIMIT} tasks per PreviousContactId reached.",
                "StartTaskContact",
            )
        task = _task(params, contact_id=str(uuid.uuid4()))
        if previous:
            self._chains[previous] += 1
        self._by_token[token_key] = task.contact_id
        self.tasks.append(task)
        return {"ContactId": task.contact_id}

    def _validate(self, operation: str, params: dict[str, Any]) -> None:
        try:
            validate_request(self.meta.service_model, operation, params)
        except RequestConstraintError as exc:
            raise self._error("InvalidParameterException", str(exc), operation) from exc

    def _error(self, code: str, message: str, operation: str) -> Exception:
        return modeled_error(self.meta.service_model, code, message, operation)

    def _instance_arn(self, instance_id: str) -> str:
        return f"arn:aws:connect:{self._region}:{self._account}:instance/{instance_id}"


def _task(params: dict[str, Any], contact_id: str) -> StartedTask:
    return StartedTask(
        contact_id=contact_id,
        instance_id=params["InstanceId"],
        name=params["Name"],
        description=params.get("Description", ""),
        client_token=params["ClientToken"],
        previous_contact_id=params.get("PreviousContactId"),
        related_contact_id=params.get("RelatedContactId"),
        references={name: dict(ref) for name, ref in (params.get("References") or {}).items()},
        contact_flow_id=params.get("ContactFlowId"),
    )
