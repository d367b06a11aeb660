"""Key schemas of the application tables, read from the PynamoDB models (the single source).

Pure Python: storage.py turns these into CDK tables. Two models may share a table (follow-ups and
their attempts); they must then agree on the key, and the table carries the indexes of both.
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.attributes import TTLAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from aftercall.adapters import tables as models
from aftercall_infra.constants import Table

MODELS_OF: dict[Table, tuple[type[Model], ...]] = {
    Table.MEMOS: (models.MemoModel,),
    Table.FOLLOWUPS: (models.FollowupModel, models.AttemptModel),
    Table.PREFERENCES: (models.PreferencesModel,),
    Table.TEMPLATES: (models.TemplateModel,),
    Table.LINKS: (models.LinkModel,),
    Table.PACING: (models.PacingModel,),
}


@dataclass(frozen=True, slots=True)
class KeyAttribute:
    name: str
    type: str  # DynamoDB scalar type: S, N or B


@dataclass(frozen=True, slots=True)
class IndexSchema:
    name: str
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None
    projection: str  # ALL or KEYS_ONLY


@dataclass(frozen=True, slots=True)
class TableSchema:
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None
    indexes: tuple[IndexSchema, ...]
    ttl_attribute: str | None


class SchemaMismatchError(ValueError):
    """Models that share a table disagree on its key or TTL attribute."""


def schema_of(table: Table) -> TableSchema:
    schemas = {_model_schema(model) for model in MODELS_OF[table]}
    keys = {(s.partition_key, s.sort_key, s.ttl_attribute) for s in schemas}
    if len(keys) != 1:
        raise SchemaMismatchError(f"the models of the {table} table disagree on the key or TTL attribute")
    first = next(iter(schemas))
    indexes = {index.name: index for schema in schemas for index in schema.indexes}
    return TableSchema(
        partition_key=first.partition_key,
        sort_key=first.sort_key,
        indexes=tuple(indexes[name] for name in sorted(indexes)),
        ttl_attribute=first.ttl_attribute,
    )


def _model_schema(model: type[Model]) -> TableSchema:
    hash_key = model._hash_key_attribute()
    range_key = model._range_key_attribute()
    ttl = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
    return TableSchema(
        partition_key=KeyAttribute(hash_key.attr_name, hash_key.attr_type),
        sort_key=KeyAttribute(range_key.attr_name, range_key.attr_type) if range_key else None,
        indexes=tuple(_index_schema(name, index) for name, index in sorted(model._indexes.items())),
        ttl_attribute=ttl[0] if ttl else None,
    )


def _index_schema(name: str, index: object) -> IndexSchema:
    if not isinstance(index, GlobalSecondaryIndex):
        raise SchemaMismatchError(f"index {name}: only global secondary indexes are supported")
    keys = index.Meta.attributes.values()
    hash_key = next(a for a in keys if a.is_hash_key)
    range_key = next((a for a in keys if a.is_range_key), None)
    projection = index.Meta.projection
    if not isinstance(projection, AllProjection | KeysOnlyProjection):
        raise SchemaMismatchError(f"index {name}: only ALL and KEYS_ONLY projections are supported")
    return IndexSchema(
        name=name,
        partition_key=KeyAttribute(hash_key.attr_name, hash_key.attr_type),
        sort_key=KeyAttribute(range_key.attr_name, range_key.attr_type) if range_key else None,
        projection=projection.projection_type,
    )
