"""The SDK's loggers stay at WARNING whatever level the root logger (POWERTOOLS_LOG_LEVEL) is at.

At DEBUG botocore logs each request's parameters and PynamoDB each item it writes: numbers, memo text.
tests/integration/test_log_levels.py shows it with a real PynamoDB write on moto.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from aftercall.observability import QUIET_LIBRARY_LOGGERS

pytestmark = pytest.mark.unit

MEMO_TEXT = "중복 청구 환불 요청 +821023456789"
# Where the request bodies are logged: botocore's endpoint and parsers, PynamoDB's connection.
BODY_LOGGERS = ("botocore.endpoint", "botocore.parsers", "pynamodb.connection.base", "boto3.resources")


@pytest.fixture
def root_at_debug() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    yield
    root.setLevel(level)


def test_sdk_loggers_are_at_warning_whatever_the_root_level(root_at_debug: None) -> None:
    for name in (*QUIET_LIBRARY_LOGGERS, *BODY_LOGGERS):
        assert logging.getLogger(name).getEffectiveLevel() == logging.WARNING, name


def test_a_debug_record_of_the_sdk_is_dropped(root_at_debug: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger and pytest's handler: everything that reaches them
    for name in BODY_LOGGERS:
        logging.getLogger(name).debug("Making request with params: %s", MEMO_TEXT)

    assert MEMO_TEXT not in caplog.text
