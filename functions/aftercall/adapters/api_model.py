"""Request checks against the real AWS API model, for the constraints botocore does not enforce.

botocore validates names, types, required members and minimums before a call, but not enums,
patterns, maximum lengths or maximum values: AWS rejects those with a ValidationException after a
round trip (and ``Stubber`` lets them through). The adapters check them here first, and the local
stand-ins use ``validate_request`` to behave like the real service. Errors name the parameter and
the rule, never the value (it may be a phone number or a message text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from botocore.errorfactory import ClientExceptionsFactory
from botocore.exceptions import ClientError
from botocore.model import ListShape, MapShape, OperationModel, ServiceModel, Shape, StructureShape
from botocore.session import Session
from botocore.validate import validate_parameters


class RequestConstraintError(ValueError):
    """A request parameter breaks a constraint of the API model; the message names it."""


def check_constraints(operation: OperationModel, params: Mapping[str, Any]) -> None:
    """Check enums, patterns, maximum lengths/values/entries of ``params`` for ``operation``."""
    if operation.input_shape is not None:
        _check(operation.input_shape, params, operation.name)


def validate_request(service: ServiceModel, operation_name: str, params: Mapping[str, Any]) -> None:
    """Everything AWS would check before acting: botocore's validation plus ``check_constraints``.

    botocore reports its findings as ``ParamValidationError``; ours raise ``RequestConstraintError``.
    """
    operation = service.operation_model(operation_name)
    if operation.input_shape is not None:
        validate_parameters(params, operation.input_shape)
    check_constraints(operation, params)


def _check(shape: Shape, value: Any, path: str) -> None:
    if isinstance(shape, StructureShape) and isinstance(value, Mapping):
        for name, member in shape.members.items():
            if name in value:
                _check(member, value[name], f"{path}.{name}")
        return
    if isinstance(shape, MapShape) and isinstance(value, Mapping):
        _check_size(shape, len(value), path, "entries")
        for key, item in value.items():
            _check(shape.key, key, f"{path}.<key>")
            _check(shape.value, item, f"{path}[{key}]")
        return
    if isinstance(shape, ListShape) and isinstance(value, list | tuple):
        _check_size(shape, len(value), path, "items")
        for index, item in enumerate(value):
            _check(shape.member, item, f"{path}[{index}]")
        return
    if shape.type_name == "string" and isinstance(value, str):
        _check_string(shape, value, path)
    elif shape.type_name in {"integer", "long"} and isinstance(value, int):
        _check_size(shape, value, path, "value")


def _check_string(shape: Shape, value: str, path: str) -> None:
    enum = shape.metadata.get("enum") or []
    if enum and value not in enum:
        raise RequestConstraintError(f"{path}: not one of the allowed values")
    _check_size(shape, len(value), path, "length")
    pattern = shape.metadata.get("pattern")
    regex = _compiled(pattern) if pattern else None
    if regex is not None and not regex.fullmatch(value):
        raise RequestConstraintError(f"{path}: does not match the pattern of the API model")


def _check_size(shape: Shape, size: int, path: str, what: str) -> None:
    maximum = shape.metadata.get("max")
    if maximum is not None and size > maximum:
        raise RequestConstraintError(f"{path}: {what} above the maximum of {maximum}")
    minimum = shape.metadata.get("min")
    if minimum is not None and size < minimum:
        raise RequestConstraintError(f"{path}: {what} below the minimum of {minimum}")


_PATTERNS: dict[str, re.Pattern[str] | None] = {}


def _compiled(pattern: str) -> re.Pattern[str] | None:
    """Model patterns are Java regexes; the rare one Python cannot compile is skipped, not guessed."""
    if pattern not in _PATTERNS:
        try:
            _PATTERNS[pattern] = re.compile(pattern)
        except re.error:
            _PATTERNS[pattern] = None
    return _PATTERNS[pattern]


@cache
def service_model(service: str) -> ServiceModel:
    """The real API model of ``service`` as botocore ships it (no client, no credentials)."""
    return Session().get_service_model(service)


def modeled_error(
    service: ServiceModel, code: str, message: str, operation: str, **fields: Any
) -> ClientError:
    """The exception a real client raises for ``code`` (``client.exceptions.<code>``, a ClientError).

    ``fields`` are the modeled members of the error (``Reason``, ...), which botocore puts at the
    top level of ``exc.response``. Used by the local stand-ins to fail exactly like the service.
    """
    shape = service.shape_for(code)
    status = shape.metadata.get("error", {}).get("httpStatusCode", 400)
    response: dict[str, Any] = {
        "Error": {"Code": code, "Message": message},
        "ResponseMetadata": {"HTTPStatusCode": status},
        **fields,
    }
    error_class = _exceptions(service).from_code(code)
    return error_class(response, operation)


@cache
def _exceptions(service: ServiceModel) -> Any:
    return ClientExceptionsFactory().create_client_exceptions(service)
