"""The customer-key secret, read from an SSM SecureString and cached for a while per container.

Read with the botocore SSM client from the shared session rather than Powertools Parameters, which
imports boto3 and s3transfer on the ingest handlers' cold path for a single GetParameter call.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aftercall.adapters.aws_errors import aws_errors
from aftercall.domain.phone import customer_key
from aftercall.errors import ConfigurationError

CACHE_SECONDS = 900  # a rotated secret reaches every container within this


class CustomerKeyer:
    """Turns an E.164 number into the customer key (HMAC) with the secret from SSM.

    ``client`` is a botocore ``ssm`` client."""

    def __init__(
        self, client: Any, parameter_name: str, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self._client = client
        self._parameter_name = parameter_name
        self._monotonic = monotonic
        self._secret: bytes | None = None
        self._read_at = 0.0

    def key_for(self, e164: str) -> str:
        return customer_key(e164, self._current_secret())

    def _current_secret(self) -> bytes:
        if self._secret is None or self._monotonic() - self._read_at >= CACHE_SECONDS:
            with aws_errors("GetParameter", refused=ConfigurationError):
                response = self._client.get_parameter(Name=self._parameter_name, WithDecryption=True)
            value = str(response.get("Parameter", {}).get("Value") or "")
            if not value:
                raise ConfigurationError("the customer-key parameter is empty")
            self._secret, self._read_at = value.encode(), self._monotonic()
        return self._secret
