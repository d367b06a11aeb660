"""Amazon Connect port: read a contact's details, and create a callback task for an agent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from aftercall.adapters.api_model import RequestConstraintError, check_constraints
from aftercall.adapters.aws_errors import SETUP, aws_errors, error_code
from aftercall.domain.call import ContactDetails
from aftercall.errors import PermanentError, TaskChainLimitError

if TYPE_CHECKING:  # annotations only: ingest reads contacts and never loads the requests' module
    from aftercall.domain.outbound import TaskRequest

# DescribeContact: an unknown contact id is about this contact, not about our setup.
_CONTACT_SETUP = SETUP - {"ResourceNotFoundException"}


class ConnectContacts:
    """Reads contacts through the Connect API. ``client`` is a botocore ``connect`` client."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def describe_contact(self, instance_id: str, contact_id: str) -> ContactDetails:
        """One DescribeContact call: the customer endpoint and the contact attributes."""
        with aws_errors("DescribeContact", setup=_CONTACT_SETUP):
            response = self._client.describe_contact(InstanceId=instance_id, ContactId=contact_id)
        contact = response.get("Contact", {})
        endpoint = contact.get("CustomerEndpoint") or {}
        attributes = contact.get("Attributes") or {}
        return ContactDetails(
            customer_number=endpoint.get("Address") or None,
            attributes={str(k): str(v) for k, v in attributes.items()},
            transferred_out=bool(contact.get("NextContacts")),
        )

    def start_task(self, request: TaskRequest) -> str:
        """One StartTaskContact call; returns the task's ContactId (the same one for a repeated token)."""
        params = _task_params(request)
        try:
            check_constraints(self._client.meta.service_model.operation_model("StartTaskContact"), params)
        except RequestConstraintError as exc:
            raise PermanentError(f"StartTaskContact request rejected before sending: {exc}") from exc
        with aws_errors("StartTaskContact"):
            try:
                response = self._client.start_task_contact(**params)
            except ClientError as exc:
                # The same error also means "too many open tasks"; only a chained request can be
                # helped by moving to RelatedContactId, and if it was the open-task quota after all,
                # the unchained retry reports it again and is retried as throttling.
                if error_code(exc) == "ServiceQuotaExceededException" and request.previous_contact_id:
                    raise TaskChainLimitError("12 tasks already chain to this contact") from exc
                raise
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
    if request.scheduled_time:
        params["ScheduledTime"] = request.scheduled_time
    if request.references:
        params["References"] = {name: _reference(value) for name, value in request.references.items()}
    return params


def _reference(value: str) -> dict[str, str]:
    kind = "URL" if value.startswith(("https://", "http://")) else "STRING"
    return {"Value": value, "Type": kind}
