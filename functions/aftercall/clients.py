"""AWS clients, one per service per container, with an override for local runs and tests.

Clients are botocore's own: boto3 would only wrap the same botocore client, and importing it (with
s3transfer and its resource layer, which we never use) adds about a seventh to a cold start.

Local runs (the demo, ``aftercall serve``) and tests put stand-ins here for the services moto does
not implement (End User Messaging SMS, Connect contact APIs); everything else stays a real botocore
client, which moto intercepts when it is active.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from botocore.session import Session, get_session

_overrides: dict[str, Any] = {}


@cache
def _session() -> Session:
    return get_session()


@cache
def _real(service: str) -> Any:
    return _session().create_client(service)


def client(service: str) -> Any:
    """The client for ``service`` (a service name such as "stepfunctions")."""
    return _overrides.get(service) or _real(service)


def override(service: str, stand_in: Any) -> None:
    _overrides[service] = stand_in


def reset() -> None:
    """Drop overrides, cached clients and their session (a new moto context needs new clients)."""
    _overrides.clear()
    _real.cache_clear()
    _session.cache_clear()
