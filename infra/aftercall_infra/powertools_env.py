"""The Powertools settings every function gets."""

from __future__ import annotations

from aftercall_infra.constants import METRICS_NAMESPACE, SERVICE_NAME

# Powertools settings that are the same for every function. Capturing responses would put
# customer data into X-Ray traces, so it is off everywhere.
POWERTOOLS_ENVIRONMENT = {
    "POWERTOOLS_SERVICE_NAME": SERVICE_NAME,
    "POWERTOOLS_METRICS_NAMESPACE": METRICS_NAMESPACE,
    "POWERTOOLS_TRACER_CAPTURE_RESPONSE": "false",
    "POWERTOOLS_TRACER_CAPTURE_ERROR": "false",
}


def powertools_environment(detailed_tracing: bool) -> dict[str, str]:
    """Every function's Powertools settings. The Powertools Tracer (X-Ray SDK subsegments for the
    handler and each AWS call) runs only with detailed tracing: it costs about 0.25 s of every cold
    start (aftercall.observability). Lambda's active tracing is on either way."""
    return {**POWERTOOLS_ENVIRONMENT, "POWERTOOLS_TRACE_DISABLED": "false" if detailed_tracing else "true"}
