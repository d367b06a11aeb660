"""AWS clients: one botocore session per container, one client per service, shared by everything.

Clients are botocore's own: boto3 would only wrap the same botocore client, and importing it (with
s3transfer and its resource layer, which we never use) adds about a seventh to a cold start. The one
session matters more: creating a session loads botocore's data loader and endpoint rules, and
PynamoDB would otherwise open a session (and load the DynamoDB model) per model class
(docs/decisions.md, "One botocore session").

Sends are not retried by the SDK: botocore's default retries resend a request after a dropped
connection or a 5xx, and for SendTextMessage and SendEmail a resend is a second text or email. An
unanswered send is "outcome unknown" (``aftercall.errors.OutcomeUnknownError``), resolved by receipts.

Local runs (the demo, ``aftercall serve``) and tests put stand-ins here for the services moto does
not implement (End User Messaging SMS, Connect contact APIs); everything else stays a real botocore
client, which moto intercepts when it is active.
"""

from __future__ import annotations

from typing import Any

from botocore.config import Config
from botocore.session import Session, get_session

from aftercall.container import on_reset, once

_overrides: dict[str, Any] = {}
_keys: list[tuple[str, str | None]] = []  # the real clients created, in order
on_reset(_overrides.clear)
on_reset(_keys.clear)

_SEND_ONCE = Config(retries={"mode": "standard", "total_max_attempts": 1})
_CONFIGS: dict[str, Config] = {
    "pinpoint-sms-voice-v2": _SEND_ONCE,  # SendTextMessage only
    "sesv2": _SEND_ONCE,  # SendEmail only
    "socialmessaging": _SEND_ONCE,  # SendWhatsAppMessage only
    # As PynamoDB configures its own client: it validates its requests itself.
    "dynamodb": Config(parameter_validation=False, retries={"mode": "standard", "total_max_attempts": 4}),
}


@once
def session() -> Session:
    return get_session()


@once
def _real(service: str, endpoint_url: str | None) -> Any:
    _keys.append((service, endpoint_url))
    return session().create_client(service, endpoint_url=endpoint_url, config=_CONFIGS.get(service))


def real(service: str, endpoint_url: str | None = None) -> Any:
    """The real botocore client for ``service``, configured as every handler's, even where a local
    stand-in is in place (tests that inject faults under the SDK send through it)."""
    return _real(service, endpoint_url)


def created() -> tuple[str, ...]:
    """The services whose real clients this container created so far (the cold-path benchmark)."""
    return tuple(sorted({service for service, _ in _keys}))


def client(service: str, endpoint_url: str | None = None) -> Any:
    """The client for ``service`` (a botocore service name such as "stepfunctions")."""
    return _overrides.get(service) or _real(service, endpoint_url)


def override(service: str, stand_in: Any) -> None:
    _overrides[service] = stand_in
