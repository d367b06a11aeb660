"""Send one follow-up on WhatsApp: paced, claimed before the call, never twice; its status ends the wait.

Step "SendWhatsApp" (``lambda:invoke.waitForTaskToken``), as the email step: the attempt
``attempt#whatsapp#<retryCount + 1>`` is claimed with the task token before SendWhatsAppMessage, so a
re-invoked Lambda sends nothing, and a retry of the step after a message that went out (or may have)
sends nothing either (``usecases/carry_over.py``). The message's status events (delivered, read,
failed) resolve the token through the WhatsApp event handler.

Meta's rules, followed rather than worked around:
- the customer opted in (the plan checked; a STOP since then is honoured here);
- inside the 24-hour customer-service window (the customer wrote to us on WhatsApp lately) the
  composed text goes free-form; outside it only an approved template may, with parameters from the
  gated memo. A template Meta has not approved, or that has nothing to say for a parameter, skips
  WhatsApp with a recorded reason and the route goes on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from aftercall.domain.compose_values import ComposeContext, placeholder_values
from aftercall.domain.contact_memo import ContactMemo
from aftercall.domain.followup import FollowupView, attempt_item, new_receipt_key
from aftercall.domain.gate import GatePolicy
from aftercall.domain.memo import Strategy
from aftercall.domain.outbound import WhatsAppRequest
from aftercall.domain.pacing import PartsPacer
from aftercall.domain.policy import SkipReason, time_zone_for
from aftercall.domain.preferences import Preferences, in_whatsapp_window
from aftercall.domain.whatsapp_templates import APPROVED, TemplateUnfitError, whatsapp_template
from aftercall.errors import (
    ConfigurationError,
    InvalidInputError,
    OptedOutError,
    OutcomeUnknownError,
    ProviderUnavailableError,
    ThrottledError,
    WhatsAppPermanentError,
    WhatsAppSkippedError,
)
from aftercall.observability import logger, metrics
from aftercall.usecases import gating
from aftercall.usecases.carry_over import carry_over
from aftercall.usecases.metrics import count_by
from aftercall.usecases.ports import (
    Callbacks,
    Followups,
    MemoReader,
    PreferencesReader,
    WhatsAppSender,
    WhatsAppTemplateStatus,
)

WHATSAPP = "whatsapp"


@dataclass
class SendWhatsApp:
    """One WhatsApp message per follow-up, exactly once; free-form in the window, else a template."""

    followups: Followups
    memos: MemoReader
    preferences: PreferencesReader
    whatsapp: WhatsAppSender
    templates: WhatsAppTemplateStatus
    callbacks: Callbacks
    pacer: PartsPacer
    max_pacing_wait_seconds: float
    # (detail url, time zone, the number's country) → context
    context: Callable[[str | None, str, str | None], ComposeContext]
    default_strategy: Strategy
    default_time_zone: str
    default_locale: str
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    new_key: Callable[[], str] = new_receipt_key
    gate: GatePolicy = dataclasses.field(default_factory=GatePolicy)

    def __call__(self, task_token: str, followup_id: str, retry_count: int) -> str:
        """Send the message and return its attempt item; its status event later resolves ``task_token``."""
        item = attempt_item(WHATSAPP, retry_count + 1)
        followup = self.followups.get(followup_id)
        record = self.memos.get(followup.contact_id) if followup else None
        if followup is None or record is None or record.phone is None:
            raise InvalidInputError("the follow-up, its memo or the number is missing")
        prefs = self.preferences.get(followup.customer_key) if followup.customer_key else Preferences()
        if prefs.opted_out:  # since the plan: no more texts, on WhatsApp either (as SendSms)
            raise OptedOutError("the customer opted out since the plan")
        if prefs.whatsapp_opt_in is False:
            self._skip(followup_id, SkipReason.WHATSAPP_NO_OPT_IN)
        earlier = carry_over(self.followups, self.callbacks, followup_id, item, retry_count + 1, task_token)
        if earlier is not None:
            return earlier.item
        now = self.clock()
        request = self._request(followup, record, prefs, now, item)
        if not self.pacer.acquire(1, self.max_pacing_wait_seconds):  # nothing claimed: the step retries
            raise ThrottledError("the WhatsApp number's throughput is taken; the step retries")
        key = self.new_key()
        if self.followups.claim(followup_id, item, followup.kind, task_token, now, receipt_key=key) is None:
            logger.info(
                "WhatsApp attempt already claimed: not sent again", followup_id=followup_id, attempt=item
            )
            return item
        try:
            message_id = self.whatsapp.send(dataclasses.replace(request, receipt_key=key))
        except ThrottledError:
            self.pacer.drain()
            self.followups.release(followup_id, item)
            raise
        except (ProviderUnavailableError, ConfigurationError):
            self.followups.release(followup_id, item)  # nothing went out: a retry or a redrive sends it
            raise
        except OutcomeUnknownError:
            # Maybe sent: the claim (with the token) stays; a status event, or the window, decides.
            logger.warning(
                "SendWhatsAppMessage unanswered; the receipt window decides", followup_id=followup_id
            )
            return item
        except WhatsAppPermanentError:
            self.followups.mark_failed(followup_id, item, WhatsAppPermanentError.__name__)
            self.followups.mark_resolved(followup_id, item, WhatsAppPermanentError.__name__)
            raise
        # Not stored as the attempt's message id: the status events name Meta's message id (wamid),
        # which the first one records; they are matched by the callback data and the receipt key.
        self.followups.mark_sent(followup_id, item, None, now)
        metrics.add_metric(name="WhatsAppSent", unit="Count", value=1)
        logger.info(
            "whatsapp sent",
            followup_id=followup_id,
            attempt=item,
            service_message_id=message_id,
            template=request.template or "free-form",
        )
        return item

    def _request(
        self, followup: FollowupView, record: ContactMemo, prefs: Preferences, now: datetime, item: str
    ) -> WhatsAppRequest:
        """Free-form text inside the window, else the approved template with its parameters."""
        assert record.phone is not None
        base = WhatsAppRequest(record.phone.e164, followup.followup_id, item)
        if followup.sms is not None and in_whatsapp_window(prefs, now):
            return dataclasses.replace(base, text=followup.sms.text)
        strategy = record.memo.strategy or self.default_strategy
        template = whatsapp_template(strategy, followup.locale or self.default_locale, followup.kind)
        if self.templates.status(template.name, template.language) != APPROVED:
            self._skip(followup.followup_id, SkipReason.WHATSAPP_TEMPLATE_NOT_APPROVED)
        memo = gating.recorded_memo(record, followup.gate, self.gate)
        zone = time_zone_for(record.phone, self.default_time_zone)
        ctx = self.context(followup.detail_url, zone, record.phone.region)
        try:
            parameters = template.parameters(placeholder_values(memo, ctx, template.locale))
        except TemplateUnfitError as exc:
            logger.info("WhatsApp template has no value for a parameter", field=exc.field)
            self._skip(followup.followup_id, SkipReason.WHATSAPP_TEMPLATE_UNFIT)
        return dataclasses.replace(
            base, template=template.name, language=template.language, parameters=parameters
        )

    def _skip(self, followup_id: str, reason: SkipReason) -> None:
        """Record why WhatsApp does not carry this follow-up and fail the step: the route goes on."""
        self.followups.record_channel_skip(followup_id, reason.value)
        count_by("ChannelSkipped", "reason", reason.value)
        logger.info("whatsapp skipped", followup_id=followup_id, reason=reason.value)
        raise WhatsAppSkippedError(reason.value)
