"""The ContactFlowEvent a Connect flow sends to a Lambda function, read without ever raising.

A flow Lambda must answer within Connect's 8 seconds whatever the flow passed: a field of another
type or shape reads as absent. Parameters are the flow's own key/value pairs (strings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_PARAMETER = 4096  # characters kept of one parameter (Connect's attribute values are at most 32 KB)


@dataclass(frozen=True, slots=True)
class FlowEvent:
    """What a contact flow's Lambda invocation carries: the contact, its number, parameters."""

    contact_id: str = ""
    customer_address: str = ""  # CustomerEndpoint.Address, when a telephone number
    queue: str = ""
    parameters: dict[str, str] = field(default_factory=dict)

    def parameter(self, name: str) -> str:
        return self.parameters.get(name, "")


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value[:MAX_PARAMETER] if isinstance(value, str) else ""


def read_flow_event(event: Any) -> FlowEvent:
    details = _object(_object(event).get("Details"))
    contact = _object(details.get("ContactData"))
    endpoint = _object(contact.get("CustomerEndpoint"))
    address = _text(endpoint.get("Address")) if endpoint.get("Type") in (None, "TELEPHONE_NUMBER") else ""
    given = _object(details.get("Parameters")).items()
    parameters = {k: _text(v) for k, v in given if isinstance(k, str) and isinstance(v, str)}
    return FlowEvent(
        contact_id=_text(contact.get("ContactId")),
        customer_address=address,
        queue=_text(_object(contact.get("Queue")).get("Name")),
        parameters=parameters,  # an empty form field stays: the form saves what the check hands back
    )
