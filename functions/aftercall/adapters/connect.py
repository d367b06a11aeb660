"""Amazon Connect port: read a contact's details, and create a callback task for an agent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from aftercall.errors import PermanentError, ProviderUnavailableError, ThrottledError

_THROTTLING = {"ThrottlingException", "TooManyRequestsException", "LimitExceededException"}


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
