"""``aftercall preferences show|set`` against a stack on the embedded AWS: the tables found by the
stack's name, the customer key computed with the stack's secret, the number never printed."""

from __future__ import annotations

import pytest

from aftercall.adapters.preferences_store import PreferencesStore
from aftercall.adapters.tables import PreferencesModel
from aftercall.cli.main import main
from aftercall.domain.phone import customer_key
from tests.integration.aws import REGION
from tests.integration.stack_on_moto import SECRET, STACK, Stack, stack_fixture  # noqa: F401 - the fixture

NUMBER = "+821055501234"
KEY = customer_key(NUMBER, SECRET.encode())


def _run(*args: str) -> int:
    return main(["preferences", *args, "--phone", "010-5550-1234", "--stack", STACK, "--region", REGION])


def test_an_admin_records_the_customers_choices_and_reads_them_back(
    stack: Stack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run("show") == 0
    assert "nothing stored for this customer" in capsys.readouterr().out

    assert _run("set", "--opt-out", "--channel", "email", "--email", "kim@example.com") == 0
    out = capsys.readouterr().out
    assert "recorded for one customer: opt-out, channel=email, email" in out
    assert "opted_out: True" in out
    assert "preferred_channel: email" in out
    assert "email: k***@example.com" in out
    assert not any(text in out for text in (NUMBER, NUMBER[3:], "010-5550-1234", "kim@example.com"))
    stored = PreferencesStore().get(KEY)  # the key ingest computes for this number
    assert (stored.opted_out, stored.preferred_channel, stored.email) == (True, "email", "kim@example.com")
    assert PreferencesModel.get(KEY).opt_out_source.startswith("admin:arn:aws:")  # who asked

    assert _run("set", "--opt-in") == 0
    assert PreferencesStore().get(KEY).opted_out is False
    for text in (NUMBER, NUMBER[3:], "010-5550-1234", "kim@example.com"):
        assert text not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("set",), "nothing to set"),
        (("set", "--channel", "fax"), "invalid choice"),
    ],
)
def test_a_bad_request_is_refused_with_a_reason(
    stack: Stack,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    try:
        code = _run(*args)
    except SystemExit as exc:  # argparse refuses an unknown choice itself
        code = int(exc.code or 0)
    assert code == 2
    assert message in capsys.readouterr().err


def test_an_admin_records_a_customers_choice_of_whatsapp_as_their_opt_in(
    stack: Stack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert _run("set", "--channel", "whatsapp") == 0
    out = capsys.readouterr().out
    assert "preferred_channel: whatsapp" in out
    assert "whatsapp_opt_in: True" in out
    stored = PreferencesStore().get(KEY)
    assert (stored.preferred_channel, stored.whatsapp_opt_in) == ("whatsapp", True)
    assert str(PreferencesModel.get(KEY).whatsapp_opt_in_source).startswith("admin:")  # who recorded it
