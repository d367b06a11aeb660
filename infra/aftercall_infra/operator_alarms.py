"""The alarms that watch what admins fear (issue 17): a template rejected, the fallback rate, texts
that end ``sent_unconfirmed``, SMS refused for a reason of the account, and a spike of opt-outs.

Each threshold is a context key (alarm_keys.py, docs/deploy.md); each description says, in plain
words, what to check first. The metrics are the functions' own (``TemplateRejected``, ``FellBack``,
``FollowupStarted``, ``Sent``, ``Outcome`` by outcome, ``SmsAccountRefused``, ``OptOutRecorded``).
"""

from __future__ import annotations

from dataclasses import dataclass

from aws_cdk import aws_cloudwatch as cw

from aftercall_infra.app_metrics import PERIOD, RATE_PERIOD, app_metric, search
from aftercall_infra.config import DeployConfig

SENT_UNCONFIRMED = "sent_unconfirmed"  # the outcome the workflow records (usecases/outcome.py)


@dataclass(frozen=True)
class OperatorAlarm:
    name: str
    metric: cw.IMetric
    threshold: float
    description: str
    key: str  # the context key of its threshold


def _number(value: float) -> str:
    return f"{value:g}"


def _rate(
    label: str, part: tuple[str, cw.IMetric], whole: tuple[str, cw.IMetric], minimum: float
) -> cw.MathExpression:
    """``100 * part / whole`` per hour, 0 for an hour with fewer than ``minimum`` in ``whole``.
    The ids name the metrics (one graph shows two rates: their ids must differ)."""
    (p, part_metric), (w, whole_metric) = part, whole
    return cw.MathExpression(
        expression=f"IF({w} >= {_number(minimum)}, 100 * FILL({p}, 0) / {w}, 0)",
        using_metrics={p: part_metric, w: whole_metric},
        period=RATE_PERIOD,
        label=label,
    )


def fallback_rate(minimum: float) -> cw.MathExpression:
    return _rate(
        "follow-ups that fell back (%)",
        ("fellBack", app_metric("FellBack", period=RATE_PERIOD)),
        ("started", app_metric("FollowupStarted", period=RATE_PERIOD)),
        minimum,
    )


def sent_unconfirmed_rate(minimum: float) -> cw.MathExpression:
    return _rate(
        "texts sent_unconfirmed (%)",
        ("unconfirmed", app_metric("Outcome", period=RATE_PERIOD, outcome=SENT_UNCONFIRMED)),
        ("sent", app_metric("Sent", period=RATE_PERIOD)),
        minimum,
    )


def operator_alarms(config: DeployConfig) -> list[OperatorAlarm]:
    def threshold(key: str) -> float:
        return config.alarm_threshold(key)

    minimum = threshold("alarmRateMinimumFollowups")
    fallback = threshold("alarmFallbackRatePercent")
    unconfirmed = threshold("alarmSentUnconfirmedRatePercent")
    opt_outs = threshold("alarmOptOutsPerHour")
    return [
        OperatorAlarm(
            "TemplateRejected",
            app_metric("TemplateRejected", period=PERIOD),
            threshold("alarmTemplatesRejected"),
            "A template override was rejected, when it was saved or when a text was composed with it: "
            "customers get the built-in text instead. Check first: `aftercall templates list --stack "
            "NAME` shows which template and why; fix it with `aftercall templates put` or turn it off "
            "with `aftercall templates disable`.",
            "alarmTemplatesRejected",
        ),
        OperatorAlarm(
            "FallbackRate",
            fallback_rate(minimum),
            fallback,
            f"More than {_number(fallback)}% of the follow-ups started in an hour fell back to email or a "
            "Connect task instead of a text. Check first: the SmsAccountRefused alarm, then in End User "
            "Messaging SMS the account's monthly spend limit (the sandbox allows $1), whether it is still "
            "in the sandbox, and that the origination identity is active; then the failed receipts on "
            "the dashboard.",
            "alarmFallbackRatePercent",
        ),
        OperatorAlarm(
            "SentUnconfirmedRate",
            sent_unconfirmed_rate(minimum),
            unconfirmed,
            f"More than {_number(unconfirmed)}% of the texts sent in an hour ended sent_unconfirmed: the "
            "carrier accepted them but no final delivery receipt came. Check first: that the SMS "
            "configuration set still sends its events to the receipt topic (the dashboard's Receipts "
            "graph, the ReceiptsUnmatched alarm); then the carrier's delivery reports for the country.",
            "alarmSentUnconfirmedRatePercent",
        ),
        OperatorAlarm(
            "SmsAccountRefused",
            app_metric("SmsAccountRefused", period=PERIOD),
            threshold("alarmSmsAccountRefusals"),
            "End User Messaging SMS refused texts for a reason of the account, so no text can go out "
            "until the account changes (the dashboard shows the reason). Check first: the monthly SMS "
            "spend limit (MONTHLY_SPEND_LIMIT_REACHED_FOR_TEXT; the sandbox's is $1), the sandbox's "
            "verified destination numbers (VERIFIED_DESTINATION_NUMBERS_PER_ACCOUNT), and an origination "
            "identity for the destination country (INVALID_IDENTITY_FOR_DESTINATION_COUNTRY). The "
            "follow-ups' executions failed: redrive them once it is fixed.",
            "alarmSmsAccountRefusals",
        ),
        OperatorAlarm(
            "OptOutSpike",
            app_metric("OptOutRecorded", period=RATE_PERIOD),
            opt_outs,
            f"{_number(opt_outs)} or more customers opted out of texts in an hour. Check first: the texts "
            "sent in that hour (a changed template, a text sent twice or in quiet hours); the dashboard's "
            "opt-outs by source tell STOP replies from the provider's list and agents' memos.",
            "alarmOptOutsPerHour",
        ),
    ]


def operator_graphs(config: DeployConfig) -> list[tuple[str, list[cw.IMetric]]]:
    minimum = config.alarm_threshold("alarmRateMinimumFollowups")
    return [
        (
            "Fallback and sent_unconfirmed rates per hour (%)",
            [fallback_rate(minimum), sent_unconfirmed_rate(minimum)],
        ),
        ("SMS refused for account reasons, by reason", [search("SmsAccountRefused", "reason")]),
        ("Opt-outs recorded, by source", [search("OptOutRecorded", "source")]),
        ("Templates rejected", [app_metric("TemplateRejected")]),
    ]
