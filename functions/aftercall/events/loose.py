"""The base of the Connect payload models: only the fields aftercall reads are declared."""

from pydantic import BaseModel, ConfigDict


class Loose(BaseModel):
    """Everything not declared is allowed and ignored; fields may be given by name or alias."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)
