"""The application's metrics as CloudWatch sees them (Powertools EMF: namespace, ``service`` dimension)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cw

from aftercall_infra.constants import METRICS_NAMESPACE, SERVICE_NAME

PERIOD = Duration.minutes(5)
RATE_PERIOD = Duration.hours(1)


def app_metric(name: str, statistic: str = "Sum", period: Duration = PERIOD, **dimensions: str) -> cw.Metric:
    return cw.Metric(
        namespace=METRICS_NAMESPACE,
        metric_name=name,
        dimensions_map={"service": SERVICE_NAME, **dimensions},
        statistic=statistic,
        period=period,
    )


def search(name: str, dimensions: str, statistic: str = "Sum", scale: str = "") -> cw.MathExpression:
    """Every series of ``name`` by its own dimensions (comma separated, as the handlers emit them)."""
    schema = f"{{{METRICS_NAMESPACE},{dimensions},service}}"
    found = f"SEARCH('{schema} MetricName=\"{name}\"', '{statistic}', 300)"
    return cw.MathExpression(expression=f"{found}{scale}", label="", using_metrics={}, period=PERIOD)
