"""Metrics with one dimension of their own (a reason, an outcome), emitted on their own line.

The shared ``metrics`` object flushes one dimension set per invocation; a per-value dimension would
leak onto every other metric of the invocation, so these go out as single metrics.
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from aftercall.observability import NAMESPACE, SERVICE, metrics

MAX_DIMENSION_VALUE = 255  # CloudWatch's limit on a dimension value
TEMPLATE_REJECTED = "TemplateRejected"  # an override refused when saved (validator) or composed (plan)


def count_by(name: str, dimension: str, value: str, count: float = 1) -> None:
    count_by_all(name, {dimension: value}, count)


def count_by_all(name: str, dimensions: dict[str, str], count: float = 1) -> None:
    """One metric with several dimensions of its own (a rule and a queue)."""
    with single_metric(
        name=name,
        unit=MetricUnit.Count,
        value=count,
        namespace=NAMESPACE,
        default_dimensions={"service": SERVICE},
    ) as metric:
        for dimension, value in dimensions.items():
            metric.add_dimension(name=dimension, value=value[:MAX_DIMENSION_VALUE] or "none")


OPT_OUT_RECORDED = "OptOutRecorded"


def opt_out_recorded(source: str) -> None:
    """One customer's opt-out recorded, wherever it came from (``provider``: SendTextMessage refused
    an opted-out number; ``agent``: the memo; ``reply``: a STOP-type reply): the plain count feeds the
    opt-out spike alarm, the count by source the dashboard. Never the number or the customer key."""
    metrics.add_metric(name=OPT_OUT_RECORDED, unit=MetricUnit.Count, value=1)
    count_by(OPT_OUT_RECORDED, "source", source)


SMS_ACCOUNT_REFUSED = "SmsAccountRefused"


def sms_account_refused(reason: str) -> None:
    """SendTextMessage refused for a reason of the account (the spend limit, the sandbox's verified
    destinations, no identity for the country): the plain count is alarmed, the count by reason graphed."""
    metrics.add_metric(name=SMS_ACCOUNT_REFUSED, unit=MetricUnit.Count, value=1)
    count_by(SMS_ACCOUNT_REFUSED, "reason", reason)
