"""PynamoDB models of every aftercall table.

These classes never leave the data-access modules (adapters/*_store.py): use cases receive domain
values. Table names come from settings at cold start through ``bind_tables`` (nothing is read from
the environment at import time). The CDK tables are built from the key schema declared here, and an
infra test checks the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

FOLLOWUP_ITEM = "followup"  # the follow-up's own item (sort key) in the followups table


class CustomerIndex(GlobalSecondaryIndex["MemoModel"]):
    """A customer's call history, newest first (query with scan_index_forward=False)."""

    class Meta:
        index_name = "by-customer"
        projection = KeysOnlyProjection()

    customer_key = UnicodeAttribute(hash_key=True)
    ended_at = UTCDateTimeAttribute(range_key=True)


class MemoModel(Model):
    """One item per contact: the newest copy of the memo wins (conditional on last_update)."""

    class Meta:
        table_name = "aftercall-memos"

    contact_id = UnicodeAttribute(hash_key=True)
    last_update = UTCDateTimeAttribute()
    ended_at = UTCDateTimeAttribute()
    source = UnicodeAttribute()
    instance_id = UnicodeAttribute(default="")
    channel = UnicodeAttribute()
    initiation_method = UnicodeAttribute(default="")
    previous_contact_id = UnicodeAttribute(null=True)
    customer_key = UnicodeAttribute(null=True)
    customer_index = CustomerIndex()
    phone_e164 = UnicodeAttribute(null=True)  # kept only because a send needs it; table is KMS-encrypted
    phone_region = UnicodeAttribute(null=True)
    line_type = UnicodeAttribute(null=True)
    phone_time_zone = UnicodeAttribute(null=True)  # "" when the number's area has none
    email = UnicodeAttribute(null=True)
    memo = MapAttribute[str, str](default=dict)  # customer-facing fields + agent note, stored whole
    strategy = UnicodeAttribute(null=True)
    locale = UnicodeAttribute(null=True)
    consent = BooleanAttribute(null=True)
    appointment = MapAttribute[str, str](null=True)
    links = ListAttribute[str](default=list)
    findings = ListAttribute[MapAttribute[str, str]](of=MapAttribute, default=list)
    skip_reason = UnicodeAttribute(null=True)
    saved_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)


class StatusEntry(MapAttribute[str, object]):
    status = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    final = BooleanAttribute(default=False)
    source = UnicodeAttribute(default="")
    event_id = UnicodeAttribute(default="")


class MessageIndex(GlobalSecondaryIndex["AttemptModel"]):
    """Correlates legacy receipts (no Context) by the provider's message id."""

    class Meta:
        index_name = "by-message-id"
        projection = AllProjection()

    message_id = UnicodeAttribute(hash_key=True)


class CustomerSendsIndex(GlobalSecondaryIndex["AttemptModel"]):
    """Texts claimed per customer, by time: the frequency cap counts them (sparse: SMS claims only)."""

    class Meta:
        index_name = "by-customer-sends"
        projection = KeysOnlyProjection()

    sms_customer_key = UnicodeAttribute(hash_key=True)
    sent_at = UTCDateTimeAttribute(range_key=True)


class FollowupModel(Model):
    """The follow-up of one contact: its plan, the path taken and the outcome."""

    class Meta:
        table_name = "aftercall-followups"

    followup_id = UnicodeAttribute(hash_key=True)
    item = UnicodeAttribute(range_key=True, default=FOLLOWUP_ITEM)
    contact_id = UnicodeAttribute()
    customer_key = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="planned")
    outcome = UnicodeAttribute(null=True)
    path = ListAttribute[str](default=list)
    plan = MapAttribute[str, object](null=True)
    message = MapAttribute[str, object](null=True)  # composed texts; KMS-encrypted table
    gate = MapAttribute[str, object](null=True)  # the gate's decision: classes and fields, never text
    channel_skip = UnicodeAttribute(null=True)  # why WhatsApp did not carry it (SkipReason value)
    resend = MapAttribute[str, object](null=True)  # aftercall resend: number, channel, who asked
    call_ended_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # ISO 8601 text, not PynamoDB's datetime format: the state machine's happy path writes it too
    # (SmsDelivered, from $$.State.EnteredTime), where no Lambda formats it.
    delivered_at = UnicodeAttribute(null=True)
    appointment_confirmed_at = UTCDateTimeAttribute(null=True)  # the customer replied "1" / "네"
    expires_at = TTLAttribute(null=True)


class AttemptModel(Model):
    """One try on one channel (``attempt#sms#1``): the claim, the provider's id, every receipt.

    An SMS claim also writes ``sms_customer_key`` and ``sent_at``, which put the attempt in the sparse
    ``by-customer-sends`` index until a release or a refusal removes them (nothing went out).
    """

    class Meta:
        table_name = "aftercall-followups"

    followup_id = UnicodeAttribute(hash_key=True)
    item = UnicodeAttribute(range_key=True)
    channel = UnicodeAttribute()
    number = NumberAttribute()
    kind = UnicodeAttribute(default="followup")  # followup | reminder
    state = UnicodeAttribute(default="claimed")
    task_token = UnicodeAttribute(null=True)
    receipt_key = UnicodeAttribute(null=True)  # written by the claim, carried back by every receipt
    message_id = UnicodeAttribute(null=True)  # SMS: from the first receipt; email, task: after the call
    message_index = MessageIndex()
    parts = NumberAttribute(default=0)
    encoding = UnicodeAttribute(null=True)
    claimed_at = UTCDateTimeAttribute(null=True)  # removed by a release: nothing went out
    sent_at = UTCDateTimeAttribute(null=True)  # SMS: set by the claim (the send follows it at once)
    sms_customer_key = UnicodeAttribute(null=True)  # the HMAC customer key, never the number
    customer_sends_index = CustomerSendsIndex()
    final_status = UnicodeAttribute(null=True)
    resolved_at = UTCDateTimeAttribute(null=True)  # set once: whoever sets it resolves the task token
    error = UnicodeAttribute(null=True)
    history = ListAttribute[StatusEntry](of=StatusEntry, default=list)
    event_ids = UnicodeSetAttribute(null=True)  # receipts already appended (duplicates are dropped)
    expires_at = TTLAttribute(null=True)


class PreferencesModel(Model):
    """Per-customer preferences: opt-out, preferred channel, locale, email."""

    class Meta:
        table_name = "aftercall-preferences"

    customer_key = UnicodeAttribute(hash_key=True)
    opted_out = BooleanAttribute(default=False)
    opted_out_at = UTCDateTimeAttribute(null=True)
    opt_out_source = UnicodeAttribute(null=True)
    preferred_channel = UnicodeAttribute(null=True)
    locale = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)
    # The agent's last recorded choice (channel, email): newest wins, and from which contact.
    choice_at = UTCDateTimeAttribute(null=True)
    choice_source = UnicodeAttribute(null=True)
    # WhatsApp: the customer's opt-in (Meta requires one), and their latest message to us there.
    whatsapp_opt_in = BooleanAttribute(null=True)
    whatsapp_opt_in_at = UTCDateTimeAttribute(null=True)
    whatsapp_opt_in_source = UnicodeAttribute(null=True)
    whatsapp_inbound_at = UTCDateTimeAttribute(null=True)


class TemplateModel(Model):
    """An admin's override of a default template: ``<strategy>#<locale>`` or ``reminder#<locale>``."""

    class Meta:
        table_name = "aftercall-templates"

    template_id = UnicodeAttribute(hash_key=True)
    body = UnicodeAttribute()
    part_budget = NumberAttribute(null=True)
    enabled = BooleanAttribute(default=True)
    updated_by = UnicodeAttribute(default="")
    updated_at = UTCDateTimeAttribute(null=True)
    # The check's verdict (aftercall.domain.template_admin): valid | rejected, why, and the digest of
    # the body and budget it was given; the functions ignore a rejected override.
    status = UnicodeAttribute(null=True)
    reasons = ListAttribute[str](null=True)
    checked_digest = UnicodeAttribute(null=True)
    checked_at = UTCDateTimeAttribute(null=True)


class LinkModel(Model):
    """A detail-page link: an unguessable token that resolves to one follow-up until it expires."""

    class Meta:
        table_name = "aftercall-links"

    token = UnicodeAttribute(hash_key=True)  # the SHA-256 of the token the text carries (link_store)
    followup_id = UnicodeAttribute()
    contact_id = UnicodeAttribute()
    locale = UnicodeAttribute(default="ko-KR")
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()  # DynamoDB deletes it eventually; readers also check the time


class PacingModel(Model):
    """The SMS pacing window of one origination identity, shared by every sender instance
    (``aftercall.domain.pacing``): the parts sent in the last second and the reservations after it.
    Holds no customer data; bound apart from the other tables, since only the sender uses it."""

    class Meta:
        table_name = "aftercall-pacing"

    identity = UnicodeAttribute(hash_key=True)  # the origination identity
    version = NumberAttribute()  # every write is conditional on the version it read
    sent_at = ListAttribute[float](default=list)  # seconds, oldest first
    parts = ListAttribute[float](default=list)  # message parts, same order


# The application's data; the pacing window (above) is the sender's working state, left out.
ALL_MODELS: tuple[type[Model], ...] = (
    MemoModel,
    FollowupModel,
    AttemptModel,
    PreferencesModel,
    TemplateModel,
    LinkModel,
)


@dataclass(frozen=True, slots=True)
class TableNames:
    """The five tables' names, as the settings give them."""

    memos: str
    followups: str
    preferences: str
    templates: str
    links: str


def bind_tables(
    names: TableNames, region: str | None = None, host: str | None = None, client: Any = None
) -> None:
    """Point the models at the deployed tables (once per cold start, from the composition root).

    ``client``: a botocore DynamoDB client every model shares (aftercall.clients); without one,
    PynamoDB creates a session and a client per model class on first use."""
    table_of = {
        MemoModel: names.memos,
        FollowupModel: names.followups,
        AttemptModel: names.followups,
        PreferencesModel: names.preferences,
        TemplateModel: names.templates,
        LinkModel: names.links,
    }
    for model, table_name in table_of.items():
        _bind(model, table_name, region, host, client)


def _bind(model: type[Model], table_name: str, region: str | None, host: str | None, client: Any) -> None:
    model.Meta.table_name = table_name
    if region:
        model.Meta.region = region
    model.Meta.host = host
    model._connection = None  # drop a connection bound to the previous table
    if client is not None:
        # PynamoDB keeps its botocore client on the connection; give it the shared one.
        model._get_connection().connection._client = client


def create_tables(names: TableNames, region: str | None = None) -> None:
    """Create every table on demand (local runs and tests; CDK creates them in AWS)."""
    bind_tables(names, region)
    # AttemptModel carries the indexes (by-message-id, by-customer-sends) of the shared followups table.
    for model in (MemoModel, AttemptModel, PreferencesModel, TemplateModel, LinkModel):
        if not model.exists():
            model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)


def bind_pacing_table(
    name: str, region: str | None = None, host: str | None = None, client: Any = None
) -> None:
    """Point the pacing model at the deployed table (the sender's composition, at cold start)."""
    _bind(PacingModel, name, region, host, client)


def create_pacing_table(name: str, region: str | None = None) -> None:
    """Create the pacing table on demand (local runs and tests; CDK creates it in AWS)."""
    bind_pacing_table(name, region)
    if not PacingModel.exists():
        PacingModel.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
