"""The alarms' thresholds as CDK context keys (docs/deploy.md lists them, with what each alarm means).

Rates are per hour and judged only when enough follow-ups started in that hour
(``alarmRateMinimumFollowups``), so a quiet night with two calls and one fallback does not page anyone.
"""

from __future__ import annotations

from aftercall_infra.context_key import ContextKey

ALARM_KEYS: tuple[ContextKey, ...] = (
    ContextKey(
        "alarmTemplatesRejected",
        "1",
        "Template overrides rejected in 5 minutes (by the stream validator when one is saved, or when a "
        "text is composed) that raise the TemplateRejected alarm",
    ),
    ContextKey(
        "alarmFallbackRatePercent",
        "20",
        "Share of the follow-ups started in an hour that fell back to email or a task, in percent, that "
        "raises the FallbackRate alarm",
    ),
    ContextKey(
        "alarmSentUnconfirmedRatePercent",
        "10",
        "Share of the texts sent in an hour that ended sent_unconfirmed (the carrier accepted them, no "
        "final receipt came), in percent, that raises the SentUnconfirmedRate alarm",
    ),
    ContextKey(
        "alarmRateMinimumFollowups",
        "10",
        "The two rate alarms judge an hour only when at least this many follow-ups started (or texts were "
        "sent) in it",
    ),
    ContextKey(
        "alarmSmsAccountRefusals",
        "1",
        "Texts refused in 5 minutes for a reason of the account (monthly spend limit, sandbox verified "
        "destinations, no origination identity for the country) that raise the SmsAccountRefused alarm",
    ),
    ContextKey(
        "alarmOptOutsPerHour",
        "20",
        "Opt-outs recorded in an hour (STOP replies, the provider's opt-out list, agents' memos) that "
        "raise the OptOutSpike alarm",
    ),
)
ALARM_KEY_NAMES = tuple(key.name for key in ALARM_KEYS)
