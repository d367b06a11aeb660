"""``aftercall templates list|show|put|disable`` against a stack on the embedded AWS: the templates table
found by the stack's name (CDK-style generated names, as in stack_on_moto), the check run with the company
name, callback number and banned phrases of the stack's own function, and what the functions then do."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest

from aftercall.adapters.tables import TableNames, TemplateModel, bind_tables
from aftercall.adapters.template_store import TemplateStore
from aftercall.cli.main import main
from aftercall.domain.composer import ComposeContext
from aftercall.domain.encoding import analyze
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.template_admin import CheckContext
from aftercall.settings import table_environment
from aftercall.usecases.template_check import Checked, CheckTemplate
from aftercall.usecases.texts import compose_for
from tests.integration import stack_on_moto
from tests.integration.aws import REGION, MotoAws

pytestmark = pytest.mark.integration

STACK = stack_on_moto.STACK  # its helper finds the tables of this stack
COMPANY, CALLBACK, BANNED = "에이스카드", "1588-0000", "무료 증정,free gift"
KOREAN = """[${company_name}] 고객님, 문의해 주셔서 감사합니다.
?문의 내용: ${purpose}
요청하신 사항: ${desired_outcome}
더 궁금하신 점은 ${callback_number}번으로 연락 주세요."""
MEMO = Memo(purpose="이중 결제 환불 문의", desired_outcome="3월 6일까지 환불")


def _template() -> dict[str, Any]:
    resources = deepcopy(stack_on_moto.synthesized_template()["Resources"])
    templates_table = next(k for k in resources if k.startswith("StorageTemplates"))  # its synthesized id
    resources["TemplatesTemplateValidatorRole4A5B6C"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
    }
    resources["TemplatesTemplateValidator7D8E9F"] = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Runtime": "python3.13",
            "Handler": "aftercall.handlers.template_validator.handler",
            "Role": {"Fn::GetAtt": ["TemplatesTemplateValidatorRole4A5B6C", "Arn"]},
            "Code": {"ZipFile": "# the handler runs in-process in the tests"},
            "Environment": {
                "Variables": {
                    "TEMPLATE_TABLE": {"Ref": templates_table},
                    "COMPANY_NAME": COMPANY,
                    "CALLBACK_NUMBER": CALLBACK,
                    "BANNED_PHRASES": BANNED,
                }
            },
        },
    }
    return {"Resources": resources}


@pytest.fixture(scope="module")
def stack(module_aws: MotoAws) -> TableNames:
    """The stack's tables are not in the environment: the command finds them from the stack's name."""
    module_aws.delenv(*table_environment(module_aws.tables))
    module_aws.client("cloudformation").create_stack(StackName=STACK, TemplateBody=json.dumps(_template()))
    names = stack_on_moto.names_by_key()  # the generated names, told apart by partition key
    bind_tables(names, REGION)
    return names


@pytest.fixture(autouse=True)
def empty(stack: TableNames) -> Iterator[None]:
    yield
    for item in TemplateModel.scan():
        item.delete()


def _run(*args: str) -> int:
    return main(["templates", *args, "--stack", STACK, "--region", REGION])


def _file(tmp_path: Path, body: str, newline: str = "\n") -> str:
    path = tmp_path / "template.txt"
    path.write_bytes(body.replace("\n", newline).encode("utf-8"))
    return str(path)


def test_an_admin_writes_a_multi_line_template_from_a_plain_text_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Written on Windows: CRLF line ends, no JSON escaping
    assert _run("put", "confirm#ko-KR", _file(tmp_path, KOREAN, "\r\n")) == 0

    captured = capsys.readouterr()
    assert "checking confirm#ko-KR as the functions do" in captured.err  # progress
    assert "confirm#ko-KR: written and enabled (a typical memo: 2 of 2 parts" in captured.out
    stored = TemplateStore().record("confirm#ko-KR")
    assert stored is not None
    assert stored.body == KOREAN
    assert (stored.status, stored.checked, stored.updated_by.startswith("admin:arn:aws:")) == (
        "valid",
        True,
        True,
    )
    # The functions compose with it ...
    ctx = ComposeContext(COMPANY, CALLBACK, None)
    sms = compose_for(MEMO, Strategy.CONFIRM, "ko-KR", ctx, "followup", TemplateStore(), ())
    assert sms.template_source == "override"
    assert "더 궁금하신 점은 1588-0000번으로" in sms.text
    # ... and the stream validator does not check the same content again (no loop, no second write)
    check = CheckTemplate(TemplateStore(), CheckContext(COMPANY, CALLBACK), clock=lambda: stored.updated_at)  # type: ignore[arg-type,return-value]
    assert check("confirm#ko-KR") is Checked.UNCHANGED


@pytest.mark.parametrize(
    ("body", "budget", "reason"),
    [
        (KOREAN.replace("${purpose}", "${customer_phone}"), None, "unknown placeholder ${customer_phone}"),
        (KOREAN.replace("[${company_name}] ", ""), None, "missing required placeholder ${company_name}"),
        (
            KOREAN + "\n지금 가입하시면 무료 증정!",
            "3",
            "message lint: banned_phrase",
        ),  # the stack's banned phrase
        (KOREAN + "\n" + "자세한 안내는 고객센터로 문의하세요. " * 8, None, "over the budget of 2"),
        (
            KOREAN + "\n" + "감사합니다. " * 110,
            "10",
            "over the 630 End User Messaging SMS sends in one message",
        ),
        (KOREAN.replace("${desired_outcome}", "${desired_outcome"), None, "invalid placeholder syntax"),
    ],
    ids=["unknown-placeholder", "no-sender", "banned", "over-budget", "over-630", "syntax"],
)
def test_a_bad_template_is_refused_with_its_reasons_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str, budget: str | None, reason: str
) -> None:
    extra = ["--part-budget", budget] if budget else []

    assert _run("put", "confirm#ko-KR", _file(tmp_path, body), *extra) == 1

    err = capsys.readouterr().err
    assert "confirm#ko-KR: refused, nothing written" in err
    assert reason in err
    assert TemplateStore().record("confirm#ko-KR") is None


def test_the_length_is_counted_after_nfc_as_the_functions_count_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Decomposed Hangul (a clipboard's NFD) costs 2-3 units a syllable as typed, 1 once composed
    decomposed = unicodedata.normalize("NFD", KOREAN)
    assert analyze(decomposed).parts > 2  # counted as typed, even the bare template is over budget

    assert _run("put", "confirm#ko-KR", _file(tmp_path, decomposed)) == 0
    assert "2 of 2 parts" in capsys.readouterr().out


def test_an_unknown_template_id_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run("put", "confirm#fr-FR", _file(tmp_path, KOREAN)) == 1
    assert "unknown template id 'confirm#fr-FR'" in capsys.readouterr().err


def test_disable_makes_the_functions_use_the_built_in_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("put", "confirm#ko-KR", _file(tmp_path, KOREAN)) == 0

    assert _run("disable", "confirm#ko-KR") == 0

    assert "confirm#ko-KR: disabled; the functions use the built-in text" in capsys.readouterr().out
    ctx = ComposeContext(COMPANY, CALLBACK, None)
    sms = compose_for(MEMO, Strategy.CONFIRM, "ko-KR", ctx, "followup", TemplateStore(), ())
    assert sms.template_source == "default"
    assert TemplateModel.get("confirm#ko-KR").body == KOREAN  # kept, to be fixed and put again
    assert _run("disable", "detail#ko-KR") == 2
    assert "no override 'detail#ko-KR'" in capsys.readouterr().err


def test_list_and_show_say_which_template_is_used_and_why_one_was_rejected(
    stack: TableNames, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("put", "confirm#ko-KR", _file(tmp_path, KOREAN)) == 0
    TemplateModel(  # typed in the console, then judged by the stream validator
        "detail#en-US",
        body="${company_name} ${nope}",
        status="rejected",
        reasons=["unknown placeholder ${nope}"],
    ).save()
    capsys.readouterr()

    assert _run("list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert any(line.startswith("confirm#ko-KR: enabled, valid (in use)") for line in listing)
    assert any(
        line.startswith("detail#en-US: enabled, rejected (not used: the built-in text applies)")
        for line in listing
    )
    assert "    - unknown placeholder ${nope}" in listing
    assert "reminder#en-US: built-in text (no override)" in listing

    assert _run("show", "detail#en-US") == 0
    shown = capsys.readouterr().out
    assert "unknown placeholder ${nope}" in shown
    assert "${company_name} ${nope}" in shown
