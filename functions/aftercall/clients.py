"""boto3 clients, one per service per container, with an override for local runs and tests.

Local runs (the demo, ``aftercall serve``) and tests put stand-ins here for the services moto does
not implement (End User Messaging SMS, Connect contact APIs); everything else stays a real boto3
client, which moto intercepts when it is active.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import boto3

_overrides: dict[str, Any] = {}


@cache
def _real(service: str) -> Any:
    return boto3.client(service)


def client(service: str) -> Any:
    """The client for ``service`` (a boto3 service name such as "stepfunctions")."""
    return _overrides.get(service) or _real(service)


def override(service: str, stand_in: Any) -> None:
    _overrides[service] = stand_in


def reset() -> None:
    """Drop overrides and cached clients (a new moto context needs new clients)."""
    _overrides.clear()
    _real.cache_clear()
