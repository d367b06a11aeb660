"""Demo scenarios: Connect payloads exactly as AWS sends them, plus a script for everything else.

A scenario file (JSON or YAML, see docs/scenarios.md) names the triggering payloads (contact events
and/or contact records), what ``DescribeContact`` returns for contacts that only arrive as events,
optional customer preferences, the scripted outcome of each text and email, and the clock at call end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from aftercall.errors import InvalidInputError
from aftercall.local.carrier import SMS_OUTCOMES
from aftercall.local.email_events import EMAIL_OUTCOMES
from aftercall.local.whatsapp_standin import OUTCOMES as WHATSAPP_OUTCOMES

# What ``expect`` may name: a follow-up's outcome, or why a contact has none (ignored: only events that
# start nothing; rejected: its triggers were refused; unfinished: still running when the demo stopped
# waiting). ``outcome:detail`` also checks the detail: the skip reason, the event type, the error.
EXPECTED_OUTCOMES = frozenset(
    {"delivered_sms", "delivered_whatsapp", "delivered_email", "task_created", "held_for_review", "skipped",
     "sent_unconfirmed", "failed", "ignored", "rejected", "unfinished"}
)  # fmt: skip


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class ContactSeed(_Strict):
    """What the Connect stand-in answers to DescribeContact for this contact."""

    contact_id: str = Field(alias="contactId", min_length=1)
    customer_number: str | None = Field(default=None, alias="customerNumber")
    attributes: dict[str, str] = Field(default_factory=dict)
    # The contact id of the transfer leg this contact was handed to (DescribeContact's NextContacts).
    transferred_to: str | None = Field(default=None, alias="transferredTo")


class PreferenceSeed(_Strict):
    phone: str = Field(min_length=4)
    opted_out: bool = Field(default=False, alias="optedOut")
    locale: str | None = None
    email: str | None = None
    preferred_channel: str | None = Field(default=None, alias="preferredChannel")
    whatsapp_opt_in: bool | None = Field(default=None, alias="whatsappOptIn")


class AgentFlow(_Strict):
    """A Connect flow invoking an agent-side Lambda for a contact (docs/agent-workspace.md).

    ``check_memo`` runs before the calls are delivered (the agent checks the memo before it is saved);
    ``customer_history`` once their follow-ups have ended (the history the agent of ``contactId`` sees).
    """

    contact_id: str = Field(alias="contactId", min_length=1)
    function: Literal["check_memo", "customer_history"]
    label: str = ""  # what the demo calls this step ("draft", "fixed", ...)
    customer_number: str | None = Field(default=None, alias="customerNumber")
    parameters: dict[str, str] = Field(default_factory=dict)


class CustomerReply(_Strict):
    """The customer answers the last text sent to ``contactId``'s number (two-way SMS)."""

    contact_id: str = Field(alias="contactId", min_length=1)
    body: str = Field(min_length=1)


class WhatsAppMessage(_Strict):
    """A customer's WhatsApp message to our number before the calls (it opens the 24-hour window)."""

    customer_number: str = Field(alias="customerNumber", min_length=4)
    body: str = Field(min_length=1)


class TemplateEdit(_Strict):
    """An admin types a template override in the DynamoDB console (no check) before the calls."""

    template_id: str = Field(alias="templateId", min_length=1)
    body: str
    part_budget: int | None = Field(default=None, alias="partBudget")


class AdminResend(_Strict):
    """``aftercall resend`` by an operator, once the scenario's follow-ups have ended."""

    contact_id: str = Field(alias="contactId", min_length=1)
    channel: Literal["sms", "email", "task"] | None = None
    expect: str | None = None  # the resend's outcome


class Scenario(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    clock: AwareDatetime  # the wall clock at call end, with its offset
    events: list[dict[str, Any]] = Field(default_factory=list)  # EventBridge contact events
    records: list[dict[str, Any]] = Field(default_factory=list)  # contact records, one Kinesis batch
    contacts: list[ContactSeed] = Field(default_factory=list)
    preferences: list[PreferenceSeed] = Field(default_factory=list)
    sms: dict[str, list[str]] = Field(default_factory=dict)  # destination → outcome of each send
    sms_default: str = Field(default="TEXT_DELIVERED", alias="smsDefault")
    email: dict[str, list[str]] = Field(default_factory=dict)  # address → outcome of each email
    parts_per_second: float | None = Field(default=None, alias="partsPerSecond", gt=0)
    expect: dict[str, str] = Field(default_factory=dict)  # contactId → outcome, or outcome:detail
    agent_flows: list[AgentFlow] = Field(default_factory=list, alias="agentFlows")
    replies: list[CustomerReply] = Field(default_factory=list)  # after the follow-ups have ended
    resends: list[AdminResend] = Field(default_factory=list)  # after the replies
    templates: list[TemplateEdit] = Field(default_factory=list)  # typed in the console before the calls
    whatsapp: dict[str, list[str]] = Field(default_factory=dict)  # destination → last status of each message
    # Meta's review of the account's WhatsApp templates when the calls end.
    whatsapp_templates: Literal["approved", "pending"] = Field(default="approved", alias="whatsappTemplates")
    whatsapp_messages: list[WhatsAppMessage] = Field(default_factory=list, alias="whatsappMessages")

    def model_post_init(self, _context: Any) -> None:
        if not self.events and not self.records:
            raise ValueError("a scenario needs at least one contact event or contact record")
        for script in [*self.sms.values(), [self.sms_default]]:
            unknown = set(script) - SMS_OUTCOMES
            if unknown:
                raise ValueError(f"unknown SMS outcome(s): {', '.join(sorted(unknown))}")
        for script in self.whatsapp.values():
            unknown = set(script) - WHATSAPP_OUTCOMES
            if unknown:
                raise ValueError(f"unknown WhatsApp outcome(s): {', '.join(sorted(unknown))}")
        for script in self.email.values():
            unknown = set(script) - EMAIL_OUTCOMES
            if unknown:
                raise ValueError(f"unknown email outcome(s): {', '.join(sorted(unknown))}")
        unknown = {e.partition(":")[0] for e in self.expect.values()} - EXPECTED_OUTCOMES
        if unknown:
            raise ValueError(f"unknown expected outcome(s): {', '.join(sorted(unknown))}")


def _parse(text: str, path: Path) -> Any:
    if path.suffix.lower() in {".yaml", ".yml"}:
        import yaml  # only the CLI reads YAML: keep it off every Lambda's import path

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidInputError(f"{path}: not valid YAML: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path}: not valid JSON: {exc}") from exc


def load_scenario(path: Path) -> Scenario:
    """Read a JSON or YAML scenario; raises InvalidInputError with the reason when it is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInputError(f"{path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path}: not UTF-8 text") from exc
    try:
        return Scenario.model_validate(_parse(text, path))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise InvalidInputError(f"{path}: {where}: {first['msg']}") from exc
