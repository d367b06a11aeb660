"""Powertools singletons shared by every handler.

Configured once here, at the package root, so that handlers, use cases and adapters log with the
same service name and metric namespace. Creating them reads no settings: Powertools takes its
configuration from POWERTOOLS_* environment variables set by the CDK Lambda helper.
"""

from aws_lambda_powertools import Logger, Metrics, Tracer

SERVICE = "aftercall"
NAMESPACE = "Aftercall"

logger = Logger(service=SERVICE)
metrics = Metrics(namespace=NAMESPACE, service=SERVICE)
tracer = Tracer(service=SERVICE)
