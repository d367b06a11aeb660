"""Amazon Connect port: read a contact's details, and create a callback task for an agent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from aftercall.adapters.api_model import RequestConstraintError, check_constraints
from aftercall.errors import PermanentError, ProviderUnavailableError, TaskChainLimitError, ThrottledError

_THROTTLING = {
    "ThrottlingException",
    "TooManyRequestsException",
    "LimitExceededException",
    "ServiceQuotaExceededException",  # open-task quota: frees up as agents close tasks
}


@dataclass(frozen=True, slots=True)
class TaskRequest:
    """A callback task for an agent, linked to the call it follows up.

    ``client_token`` makes the call idempotent (derive it from the follow-up: the SDK's default is
    random). Set ``previous_contact_id`` to chain the task to the call; when that chain is full
    (``TaskChainLimitError``) send the same request with ``related_contact_id`` instead.
    ``references`` maps a reference name to a URL (an ``http(s)://`` value) or a plain string.
    """

    instance_id: str
    contact_flow_id: str
    name: str
    description: str
    client_token: str
    previous_contact_id: str | None = None
    related_contact_id: str | None = None
    references: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ContactDetails:
    customer_number: str | None
    attributes: dict[str, str] = field(default_factory=dict)


def translate_client_error(exc: ClientError, operation: str) -> Exception:
    """Map a Connect SDK error onto a domain error (the caller raises it ``from exc``)."""
    code = exc.response.get("Error", {}).get("Code", "")
    if code in _THROTTLING:
        return ThrottledError(f"connect {operation} throttled")
    if code in {"InternalServiceException", "ServiceUnavailableException"}:
        return ProviderUnavailableError(f"connect {operation} unavailable: {code}")
    return PermanentError(f"connect {operation} failed: {code}")


class ConnectContacts:
    """Reads contacts through the Connect API. ``client`` is a boto3 ``connect`` client."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def describe_contact(self, instance_id: str, contact_id: str) -> ContactDetails:
        """One DescribeContact call: the customer endpoint and the contact attributes."""
        try:
            response = self._client.describe_contact(InstanceId=instance_id, ContactId=contact_id)
        except ClientError as exc:
            raise translate_client_error(exc, "DescribeContact") from exc
        contact = response.get("Contact", {})
        endpoint = contact.get("CustomerEndpoint") or {}
        attributes = contact.get("Attributes") or {}
        return ContactDetails(
            customer_number=endpoint.get("Address") or None,
            attributes={str(k): str(v) for k, v in attributes.items()},
        )

    def start_task(self, request: TaskRequest) -> str:
        """One StartTaskContact call; returns the task's ContactId (the same one for a repeated token)."""
        params = _task_params(request)
        try:
            check_constraints(self._client.meta.service_model.operation_model("StartTaskContact"), params)
        except RequestConstraintError as exc:
            raise PermanentError(f"StartTaskContact request rejected before sending: {exc}") from exc
        try:
            response = self._client.start_task_contact(**params)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            # The same error also means "too many open tasks"; only a chained request can be
            # helped by moving to RelatedContactId, and if it was the open-task quota after all,
            # the unchained retry reports it again and is retried as throttling.
            if code == "ServiceQuotaExceededException" and request.previous_contact_id:
                raise TaskChainLimitError("12 tasks already chain to this contact") from exc
            raise translate_client_error(exc, "StartTaskContact") from exc
        return str(response["ContactId"])


def _task_params(request: TaskRequest) -> dict[str, Any]:
    params: dict[str, Any] = {
        "InstanceId": request.instance_id,
        "ContactFlowId": request.contact_flow_id,
        "Name": request.name,
        "Description": request.description,
        "ClientToken": request.client_token,
    }
    if request.previous_contact_id:
        params["PreviousContactId"] = request.previous_contact_id
    if request.related_contact_id:
        params["RelatedContactId"] = request.related_contact_id
    if request.references:
        params["References"] = {name: _reference(value) for name, value in request.references.items()}
    return params


def _reference(value: str) -> dict[str, str]:
    kind = "URL" if value.startswith(("https://", "http://")) else "STRING"
    return {"Value": value, "Type": kind}
