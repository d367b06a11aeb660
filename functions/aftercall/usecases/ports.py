"""The ports: what the use cases need of the world, as Protocols, in one place.

Adapters (``aftercall.adapters``) implement them over botocore and PynamoDB; the in-memory fakes of
the tests and benchmarks implement them too. The values that cross a port live in ``aftercall.domain``.
Every port raises only ``aftercall.errors`` (the adapters translate AWS errors), so no use case ever
looks at a botocore exception.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # annotations only: a handler imports no domain module it does not use
    from datetime import datetime, timedelta

    from aftercall.domain.call import ContactDetails
    from aftercall.domain.composer import ComposeContext, ComposedSms
    from aftercall.domain.contact_memo import ContactMemo
    from aftercall.domain.email_composer import EmailContent
    from aftercall.domain.followup import AttemptView, FollowupView, NewFollowup, StatusUpdate, TextClaim
    from aftercall.domain.link import Link
    from aftercall.domain.memo import Memo, Strategy
    from aftercall.domain.outbound import EmailRequest, SmsRequest, TaskRequest, WhatsAppRequest
    from aftercall.domain.preferences import Preferences
    from aftercall.domain.template_admin import StoredTemplate
    from aftercall.domain.templates import Template


# --- storage ------------------------------------------------------------------------------------


class MemoReader(Protocol):
    def get(self, contact_id: str) -> ContactMemo | None: ...


class MemoHistory(Protocol):
    def history(self, customer_key: str, since: datetime, limit: int) -> list[str]: ...


class MemoWriter(Protocol):
    def save_if_newer(self, record: ContactMemo, retention: timedelta, now: datetime) -> bool: ...


class Followups(Protocol):
    """The followups table: the follow-up item and its attempts (adapters/followup_store.py)."""

    def save_plan(self, new: NewFollowup, now: datetime) -> bool: ...

    def get(self, followup_id: str) -> FollowupView | None: ...

    def close_window(self, followup_id: str, channel: str, now: datetime) -> None: ...

    def record_outcome(self, followup_id: str, outcome: str, path: list[str], now: datetime) -> None: ...

    def claim(
        self,
        followup_id: str,
        item: str,
        kind: str,
        task_token: str | None,
        now: datetime,
        text: TextClaim | None = None,
        receipt_key: str | None = None,
    ) -> AttemptView | None: ...

    def release(self, followup_id: str, item: str) -> None: ...

    def adopt(self, followup_id: str, item: str, task_token: str) -> bool: ...

    def mark_sent(self, followup_id: str, item: str, message_id: str | None, now: datetime) -> None: ...

    def mark_failed(self, followup_id: str, item: str, error: str) -> None: ...

    def record_channel_skip(self, followup_id: str, reason: str) -> None: ...

    def mark_resolved(self, followup_id: str, item: str, final_status: str) -> bool: ...

    def recent_texts(self, customer_key: str, since: datetime, excluding: str) -> tuple[datetime, ...]: ...

    def get_attempt(self, followup_id: str, item: str) -> AttemptView | None: ...

    def attempts(self, followup_id: str) -> list[AttemptView]: ...


class AttemptHistory(Protocol):
    """What the receipt handler needs of the followups table."""

    def append_status(self, followup_id: str, item: str, update: StatusUpdate) -> AttemptView | None: ...

    def append_and_resolve(self, followup_id: str, item: str, update: StatusUpdate) -> AttemptView | None: ...

    def find_by_message_id(self, message_id: str) -> AttemptView | None: ...

    def mark_resolved(self, followup_id: str, item: str, final_status: str) -> bool: ...

    def get(self, followup_id: str) -> FollowupView | None: ...


class Confirmations(Protocol):
    def confirm_appointment(self, followup_id: str, at: datetime) -> None: ...


class PreferencesReader(Protocol):
    def get(self, customer_key: str) -> Preferences: ...


class OptOutRecorder(Protocol):
    def record_opt_out(self, customer_key: str, source: str, at: datetime) -> None: ...


class OptOuts(PreferencesReader, OptOutRecorder, Protocol):
    """A sender's view: whether the customer opted out since the plan, and recording a refusal's."""


class ChoiceRecorder(OptOutRecorder, Protocol):
    def record_choices(
        self, customer_key: str, channel: str | None, email: str | None, source: str, at: datetime
    ) -> bool: ...


class WhatsAppChoices(ChoiceRecorder, Protocol):
    def record_whatsapp_inbound(self, customer_key: str, at: datetime) -> None: ...


class TemplateSource(Protocol):
    def get(self, template_id: str) -> Template | None: ...


class TemplateVerdicts(Protocol):
    def record(self, template_id: str) -> StoredTemplate | None: ...

    def record_verdict(
        self, template: StoredTemplate, status: str, reasons: tuple[str, ...], at: datetime
    ) -> bool: ...


class LinkIssuer(Protocol):
    def issue(self, followup_id: str, contact_id: str, locale: str, ttl: timedelta, now: datetime) -> str: ...


class LinkResolver(Protocol):
    def resolve(self, token: str, now: datetime) -> Link | None: ...


# --- providers ----------------------------------------------------------------------------------


class SmsSender(Protocol):
    def send(self, request: SmsRequest) -> str: ...


class WhatsAppSender(Protocol):
    def send(self, request: WhatsAppRequest) -> str: ...


class WhatsAppTemplateStatus(Protocol):
    def status(self, name: str, language: str) -> str | None: ...


class EmailSender(Protocol):
    def send(self, request: EmailRequest) -> str: ...


class TaskStarter(Protocol):
    def start_task(self, request: TaskRequest) -> str: ...


class ContactReader(Protocol):
    def describe_contact(self, instance_id: str, contact_id: str) -> ContactDetails: ...


class WorkflowStarter(Protocol):
    def start(self, contact_id: str, workflow_input: Mapping[str, Any], suffix: str = "") -> bool: ...


class ExecutionStopper(Protocol):
    """Stops the running follow-up executions of contacts; returns how many it stopped."""

    def stop(self, contact_ids: Iterable[str], error: str, cause: str) -> int: ...


class Callbacks(Protocol):
    """Completes a ``.waitForTaskToken`` task; False when the workflow no longer waits."""

    def succeed(self, token: str, output: dict[str, Any]) -> bool: ...

    def fail(self, token: str, error: str, cause: dict[str, Any]) -> bool: ...


class Keyer(Protocol):
    def key_for(self, e164: str) -> str: ...


# --- functions the composition root passes in -----------------------------------------------------


class SmsComposer(Protocol):
    def __call__(
        self, memo: ContactMemo, strategy: Strategy, locale: str, ctx: ComposeContext, kind: str
    ) -> ComposedSms: ...


class EmailComposer(Protocol):
    def __call__(
        self, memo: Memo, strategy: Strategy, locale: str, ctx: ComposeContext, kind: str
    ) -> EmailContent: ...


class Planner(Protocol):
    def at_ingest(self, record: ContactMemo, fresh: bool) -> dict[str, Any]: ...


class DetailLinks(Protocol):
    """A detail-page URL for a follow-up, or None when the detail page is not deployed."""

    def __call__(self, followup_id: str, contact_id: str, locale: str) -> str | None: ...
