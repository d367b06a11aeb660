"""Models of the payloads AWS sends, validated at the edge; only the fields aftercall reads."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, model_validator

# Every time AWS writes is in this range. Anything outside is invalid input, rejected at the edge:
# year 9999 would overflow once a retention, a TTL or a zone offset is added to it.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def _aws_time(value: datetime) -> datetime:
    if value.tzinfo is None:  # AWS writes UTC; some of its payloads leave the zone out
        value = value.replace(tzinfo=UTC)
    if not EARLIEST <= value < LATEST:
        raise ValueError("a time outside 2000-2199")
    return value


AwsTime = Annotated[datetime, AfterValidator(_aws_time)]
"""A time as AWS writes it: UTC when it carries no zone, within ``EARLIEST``–``LATEST``."""


def storable(value: Any) -> None:
    """Raise ValueError (UnicodeEncodeError) for text no UTF-8 store can hold: a lone surrogate, which a
    JSON escape can produce (``"\\ud800"``). Walks nested values without recursion."""
    pending = [value]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            node.encode("utf-8")
        elif isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)


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
