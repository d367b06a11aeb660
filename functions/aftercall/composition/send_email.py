"""The email fallback step."""

from __future__ import annotations

from aftercall import clients, container
from aftercall.adapters.email import SesEmail
from aftercall.adapters.memo_store import MemoStore
from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.task_tokens import TaskTokens
from aftercall.composition import common
from aftercall.domain.email_composer import compose_email
from aftercall.settings.sends import SendEmailSettings
from aftercall.usecases.fallback import SendEmail


@container.once
def send_email_use_case() -> SendEmail:
    s = common.settings(SendEmailSettings)
    return SendEmail(
        followups=common.followups(s),
        memos=MemoStore(),
        preferences=PreferencesStore(),
        email=SesEmail(clients.client("sesv2"), s.email_from_address, s.email_configuration_set),
        # A retry of the step after an email that already settled completes its own token.
        callbacks=TaskTokens(clients.client("stepfunctions")),
        compose=compose_email,
        context=s.compose_context,
        default_strategy=s.default_strategy,
        default_time_zone=s.default_time_zone,
        default_locale=s.default_locale,
        clock=container.clocks.now,
        gate=s.gate_policy(),
    )


def warm(handler: str) -> None:
    send_email_use_case()
