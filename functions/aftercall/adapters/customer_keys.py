"""The customer-key secret, read from an SSM SecureString and cached for the container's life."""

from __future__ import annotations

from aws_lambda_powertools.utilities import parameters

from aftercall.domain.phone import customer_key
from aftercall.errors import ConfigurationError

_CACHE_SECONDS = 900


class CustomerKeyer:
    """Turns an E.164 number into the customer key (HMAC) with the secret from SSM."""

    def __init__(self, parameter_name: str) -> None:
        self._parameter_name = parameter_name

    def key_for(self, e164: str) -> str:
        secret = parameters.get_parameter(self._parameter_name, decrypt=True, max_age=_CACHE_SECONDS)
        if not secret:
            raise ConfigurationError("the customer-key parameter is empty")
        return customer_key(e164, str(secret).encode())
