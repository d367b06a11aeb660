"""At DEBUG, botocore and PynamoDB would log request bodies (numbers, memo text): a real PynamoDB
write and read on moto, with the root logger at DEBUG, leaves no memo text in the logs
(tests/unit/test_log_levels.py checks the levels themselves)."""

from __future__ import annotations

import logging

import pytest
from pynamodb.attributes import UnicodeAttribute
from pynamodb.models import Model

from aftercall.observability import QUIET_LIBRARY_LOGGERS
from tests.integration.aws import MotoAws

pytestmark = pytest.mark.integration

MEMO_TEXT = "중복 청구 환불 요청 +821023456789"


class _Note(Model):
    class Meta:
        table_name = "log-level-notes"
        region = "ap-northeast-2"

    note_id = UnicodeAttribute(hash_key=True)
    text = UnicodeAttribute()


@pytest.fixture
def notes(aws: MotoAws) -> None:
    _Note.create_table(billing_mode="PAY_PER_REQUEST", wait=True)


def _write_and_read(caplog: pytest.LogCaptureFixture) -> str:
    caplog.clear()
    with caplog.at_level(logging.DEBUG):  # the root logger, as POWERTOOLS_LOG_LEVEL=DEBUG would set it
        _Note("n-1", text=MEMO_TEXT).save()
        _Note.get("n-1")
    return "\n".join(record.getMessage() for record in caplog.records)


def test_no_item_or_request_body_reaches_the_logs_at_debug(
    notes: None, caplog: pytest.LogCaptureFixture
) -> None:
    assert MEMO_TEXT not in _write_and_read(caplog)


def test_without_the_quiet_levels_debug_would_log_the_memo_text(
    notes: None, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: what the levels above prevent (so the previous test proves something)."""
    for name in QUIET_LIBRARY_LOGGERS:
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)

    assert MEMO_TEXT in _write_and_read(caplog)
