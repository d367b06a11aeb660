"""Environment variables of a function, derived from the Pydantic settings class its handler validates.

Every settings field maps to the upper-cased environment variable of the same name
(``aftercall.settings.EnvSettings.from_env``). The stack offers values by field name; a function gets
exactly the offered fields its settings class declares, and synth fails when a required field has no
value, so a handler can never be deployed without a setting it needs.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from aws_cdk import Token
from pydantic import BaseModel, ValidationError

# Settings the Lambda runtime provides itself or that exist for local runs only.
RUNTIME_PROVIDED = frozenset({"aws_region", "dynamodb_endpoint"})


class SettingsError(ValueError):
    """A handler's settings class cannot be loaded or a required setting has no value."""


def settings_class(reference: str) -> type[BaseModel]:
    module_name, _, class_name = reference.partition(":")
    try:
        found = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise SettingsError(f"settings class {reference} not found: {exc}") from exc
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        raise SettingsError(f"{reference} is not a Pydantic model")
    return found


def environment_for(reference: str, offered: Mapping[str, str]) -> dict[str, str]:
    fields = settings_class(reference).model_fields
    missing = sorted(
        name
        for name, info in fields.items()
        if info.is_required() and name not in offered and name not in RUNTIME_PROVIDED
    )
    if missing:
        raise SettingsError(
            f"{reference} requires {', '.join(name.upper() for name in missing)}, which nothing in the stack "
            "provides: add a resource or a context key (context_keys.CONTEXT_KEYS) that offers it"
        )
    environment = {
        name.upper(): offered[name] for name in fields if name in offered and name not in RUNTIME_PROVIDED
    }
    _validate(settings_class(reference), environment)
    return environment


def _validate(cls: type[BaseModel], environment: Mapping[str, str]) -> None:
    """Each value the stack knows at synth (context keys, not resource tokens), as the handler reads it.

    A bad policy value (``-c frequencyCap=0``) fails ``cdk synth`` with the setting's own rule instead
    of the function's first invocation.
    """
    cls.model_rebuild(_parent_namespace_depth=1)  # defer_build: build the validator here
    probe = cls.model_construct()
    for name, value in environment.items():
        if Token.is_unresolved(value):
            continue
        try:
            cls.__pydantic_validator__.validate_assignment(probe, name.lower(), value)
        except ValidationError as exc:
            reason = "; ".join(error["msg"] for error in exc.errors())
            raise SettingsError(f"{name} = {value!r} is not a valid setting: {reason}") from exc
