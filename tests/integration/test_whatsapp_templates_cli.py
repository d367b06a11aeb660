"""``aftercall templates whatsapp create|status --stack NAME`` against a stack on the embedded AWS, with the
WhatsApp stand-in in place of End User Messaging Social."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aftercall import clients
from aftercall.cli.main import main
from aftercall.domain.whatsapp_templates import TEMPLATES
from aftercall.local.whatsapp_standin import WhatsAppStandIn
from tests.infra.cfn import FULL_CONTEXT
from tests.integration.aws import REGION
from tests.integration.stack_on_moto import STACK, Stack, stack_fixture  # noqa: F401 - the fixture


@pytest.fixture
def social() -> Iterator[WhatsAppStandIn]:
    stand_in = WhatsAppStandIn(REGION)
    clients.override("socialmessaging", stand_in)
    yield stand_in
    clients.override("socialmessaging", None)


def _run(*args: str) -> int:
    return main(["templates", "whatsapp", *args, "--stack", STACK, "--region", REGION])


def test_create_submits_each_template_once_and_status_waits_for_metas_approval(
    stack: Stack, social: WhatsAppStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    # When the admin creates the templates, twice
    assert _run("create") == 0
    assert _run("create") == 0
    out = capsys.readouterr().out
    # Then each was submitted once, for the stack's account, and the second run reports them
    assert len(social.templates) == len(TEMPLATES) == out.count("submitted, PENDING") == out.count("exists")
    assert set(social.accounts) == {FULL_CONTEXT["whatsappWabaId"]}  # the stack's output names it
    # And until Meta approves them, status says what happens and exits 1
    assert _run("status") == 1
    out = capsys.readouterr().out
    assert "8 of 8 not approved" in out
    assert "whatsapp_template_not_approved" in out
    social.review("APPROVED")
    assert _run("status") == 0
    assert "all 8 templates approved" in capsys.readouterr().out


def test_the_account_may_be_given_instead_of_the_stack(social: WhatsAppStandIn) -> None:
    assert main(["templates", "whatsapp", "create", "--waba-id", "waba-other", "--region", REGION]) == 0
    assert set(social.accounts) == {"waba-other"}


def test_without_an_account_the_command_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["templates", "whatsapp", "status", "--region", REGION]) == 2
    assert "--waba-id" in capsys.readouterr().err
