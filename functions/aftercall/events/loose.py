"""The base of the Connect payload models: only the fields aftercall reads are declared."""

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, model_validator

from aftercall.events.bounds import storable


class Loose(BaseModel):
    """Everything not declared is allowed and ignored; fields may be given by name or alias."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class AnyCase(Loose):
    """Keys are matched in any casing (``contactId``, ``ContactId``, ``CONTACTID``): the documentation's
    samples and the events Connect sends disagree on it, and a key in another casing must not be taken
    for a missing one. The values read must be ``storable``."""

    @model_validator(mode="before")
    @classmethod
    def _keys_in_any_case(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        names: dict[str, str] = {}
        for name, info in cls.model_fields.items():
            alias = info.validation_alias
            choices = alias.choices if isinstance(alias, AliasChoices) else [alias]
            for spelling in [name, info.alias, *choices]:
                if isinstance(spelling, str):
                    names.setdefault(spelling.lower(), spelling)
        keyed = {names.get(k.lower(), k) if isinstance(k, str) else k: v for k, v in data.items()}
        storable([v for k, v in keyed.items() if k in names.values()])
        return keyed
