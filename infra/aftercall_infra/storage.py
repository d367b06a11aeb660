"""Data at rest: the customer-managed KMS key and the DynamoDB tables built from the PynamoDB models."""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from aftercall_infra import grants
from aftercall_infra.constants import Access, Table
from aftercall_infra.table_schema import KeyAttribute, TableSchema, schema_of

_ATTRIBUTE_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}
_PROJECTIONS = {"ALL": dynamodb.ProjectionType.ALL, "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY}
# The setting (environment variable) that names each table, as in aftercall.settings.TableSettings.
TABLE_SETTINGS: dict[Table, str] = {
    Table.MEMOS: "memo_table",
    Table.FOLLOWUPS: "followup_table",
    Table.PREFERENCES: "preferences_table",
    Table.TEMPLATES: "template_table",
    Table.LINKS: "link_table",
    Table.PACING: "pacing_table",
}


class Storage(Construct):
    """The data key (tables, queues, topics) and one table per ``Table``; data is retained on delete."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.key = kms.Key(
            self,
            "DataKey",
            description="aftercall: tables, queues and topics (memos, phone numbers, receipts)",
            enable_key_rotation=True,
            rotation_period=Duration.days(365),
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.tables = {table: self._table(table, schema_of(table)) for table in Table}

    def settings(self) -> dict[str, str]:
        """Setting field -> table name, for the handlers' environment."""
        return {TABLE_SETTINGS[table]: self.tables[table].table_name for table in Table}

    def grant(self, grantee: iam.IGrantable, tables: Mapping[Table, Access]) -> None:
        """Item-level access, spelled out (no wildcard actions), on the tables and their indexes."""
        for table, access in tables.items():
            actions = {
                *(grants.DYNAMODB_READ if access in (Access.READ, Access.READ_WRITE) else ()),
                *(grants.DYNAMODB_WRITE if access in (Access.WRITE, Access.READ_WRITE) else ()),
            }
            grants.allow(grantee, actions, self.arns_of(table))
        if tables:
            self.grant_key(grantee, Access.READ if set(tables.values()) == {Access.READ} else Access.WRITE)

    def grant_key(self, grantee: iam.IGrantable, access: Access) -> None:
        """What DynamoDB needs from the caller to read (or also write) a table under the data key."""
        grants.allow_key(
            grantee, self.key, grants.KMS_TO_READ if access is Access.READ else grants.KMS_TO_WRITE
        )

    def arns_of(self, table: Table) -> list[str]:
        arn = self.tables[table].table_arn
        return [arn, *(f"{arn}/index/{index.name}" for index in schema_of(table).indexes)]

    def allow_service(
        self, service: str, *, actions: tuple[str, ...] = ("kms:Decrypt", "kms:GenerateDataKey")
    ) -> None:
        """Let an AWS service principal use the key for this account's resources (topics, queues)."""
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="Allow" + service.split(".", maxsplit=1)[0].title().replace("-", ""),
                principals=[iam.ServicePrincipal(service)],
                actions=list(actions),
                resources=["*"],  # in a key policy, "*" means this key
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            )
        )

    def _table(self, table: Table, schema: TableSchema) -> dynamodb.Table:
        resource = dynamodb.Table(
            self,
            table.title(),
            partition_key=_attribute(schema.partition_key),
            sort_key=_attribute(schema.sort_key) if schema.sort_key else None,
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            encryption=dynamodb.TableEncryption.CUSTOMER_MANAGED,
            encryption_key=self.key,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            time_to_live_attribute=schema.ttl_attribute,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
            # Admins' edits reach the template validator (keys only: it reads the item itself).
            stream=dynamodb.StreamViewType.KEYS_ONLY if table is Table.TEMPLATES else None,
        )
        for index in schema.indexes:
            resource.add_global_secondary_index(
                index_name=index.name,
                partition_key=_attribute(index.partition_key),
                sort_key=_attribute(index.sort_key) if index.sort_key else None,
                projection_type=_PROJECTIONS[index.projection],
            )
        return resource


def _attribute(key: KeyAttribute) -> dynamodb.Attribute:
    return dynamodb.Attribute(name=key.name, type=_ATTRIBUTE_TYPES[key.type])
