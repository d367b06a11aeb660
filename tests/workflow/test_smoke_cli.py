"""``aftercall smoke --to NUMBER``: one test text through the workflow, each step reported as it
happens, on the embedded AWS (the real state machine, handlers and sender; the carrier simulator's
receipts). Without ``--stack`` the command reads the tables and the state machine from the
environment, which the embedded AWS sets as the stack sets its functions'."""

from __future__ import annotations

import re

import pytest

from aftercall.cli.main import main
from aftercall.domain.phone import mask
from aftercall.local.embedded import EmbeddedAws
from tests.helpers import korean_mobile


def _smoke(number: str, *options: str) -> int:
    return main(["smoke", "--to", number, "--timeout", "60", "--poll", "0.1", *options])


def test_one_text_and_every_step_reported(aws: EmbeddedAws, capsys: pytest.CaptureFixture[str]) -> None:
    number = korean_mobile()
    sent_before = len(aws.carrier.sent)

    assert _smoke(number) == 0

    out = capsys.readouterr().out
    steps = re.findall(r"^\+\s*[\d.]+s  (\w+)", out, flags=re.M)
    # moto writes an execution's history after the sender's attempt: the order of plan and send
    # between the two sources is not the deployed one here, their presence is
    assert steps[0] == "ingest"
    assert {"plan", "send", "receipt"} <= set(steps)
    assert steps[-1] == "outcome"
    assert "TEXT_DELIVERED (final)" in out
    assert "smoke passed: delivered_sms" in out
    texts = aws.carrier.sent[sent_before:]
    assert [t.destination for t in texts] == [number]  # exactly one text, to that number
    assert number not in out
    assert mask(number) in out
    assert "문자 발송 점검" in texts[0].text  # it says it is a test


def test_a_text_that_is_not_delivered_fails_the_smoke(
    aws: EmbeddedAws, capsys: pytest.CaptureFixture[str]
) -> None:
    number = korean_mobile()
    aws.carrier.script(number, ["TEXT_CARRIER_UNREACHABLE"] * 5)

    assert _smoke(number) == 1

    out = capsys.readouterr().out
    assert "smoke FAILED" in out
    assert number not in out


def test_a_number_that_cannot_take_texts_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["smoke", "--to", "+8221234567"]) == 2  # a Seoul fixed line
    err = capsys.readouterr().err
    assert "cannot receive texts" in err
    assert "21234567" not in err
