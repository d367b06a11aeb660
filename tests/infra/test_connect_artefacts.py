"""The Connect artefacts the stack deploys (infra/connect/), checked against the documented flow
language (Amazon Connect API Reference, "Flow language": actions, parameters, transitions, errors),
the managed Form and Detail views' input schema (Admin Guide, "AWS managed views"), the Lambdas'
answers, and Connect's API model (botocore, through Stubber)."""

from __future__ import annotations

import json
import re
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber

from aftercall.domain.history import empty_history
from aftercall.domain.memo import MemoKey
from aftercall.handlers import check_memo
from aftercall.local.lambda_context import lambda_context
from aftercall_infra.agent_workspace import flow_content, load
from tests.infra.cfn import Synthesized

LOCALES = ("ko-KR", "en-US")
FLOWS = {"memo_guide.flow.json": "guide", "inbound.module.json": "module"}
# Action type → (its documented parameters, the required ones, the errors it may raise).
ACTIONS: dict[str, tuple[set[str], set[str], set[str]]] = {
    "ShowView": (
        {"ViewResource", "InvocationTimeLimitSeconds", "ViewData", "SensitiveDataConfiguration"},
        {"ViewResource"},
        {"NoMatchingError", "NoMatchingCondition", "TimeLimitExceeded"},
    ),
    "InvokeLambdaFunction": (
        {
            "LambdaFunctionARN",
            "InvocationTimeLimitSeconds",
            "LambdaInvocationAttributes",
            "ResponseValidation",
        },
        {"LambdaFunctionARN", "InvocationTimeLimitSeconds"},
        {"NoMatchingError"},
    ),
    "Compare": ({"ComparisonValue"}, {"ComparisonValue"}, {"NoMatchingCondition"}),
    "UpdateContactAttributes": ({"Attributes", "TargetContact"}, {"Attributes"}, {"NoMatchingError"}),
    "UpdateContactEventHooks": ({"EventHooks"}, {"EventHooks"}, {"NoMatchingError"}),
    "DisconnectParticipant": (set(), set(), set()),
    "EndFlowModuleExecution": (set(), set(), set()),
}
TERMINAL = {"DisconnectParticipant", "EndFlowModuleExecution"}
EVENT_HOOKS = {
    "AgentHold", "AgentWhisper", "CustomerHold", "CustomerQueue", "CustomerRemaining",
    "CustomerWhisper", "DefaultAgentUI", "DisconnectAgentUI", "PauseContact", "ResumeContact",
}  # fmt: skip
FORBIDDEN_IN_IDENTIFIER = set("%:(\\/)=$,;[]{}")
FORM_ITEM_TYPES = {"FormInput", "DatePicker", "TimeInput"}
PLACEHOLDERS = {
    "FormViewArn": "arn:aws:connect:ap-northeast-2:aws:view/form",
    "DetailViewArn": "arn:aws:connect:ap-northeast-2:aws:view/detail",
    "CheckMemoFunctionArn": "arn:aws:lambda:ap-northeast-2:111122223333:function:check-memo",
    "CustomerHistoryFunctionArn": "arn:aws:lambda:ap-northeast-2:111122223333:function:customer-history",
    "MemoGuideFlowArn": "arn:aws:connect:ap-northeast-2:111122223333:instance/i/contact-flow/f",
    "AgentLocale": "ko-KR",
    "SaveAnywayLabel": "그대로 저장",
}


def rendered(name: str, locale: str = "ko-KR") -> dict[str, Any]:
    """The flow as CloudFormation's Fn::Sub would hand it to Connect."""
    text = flow_content(name, locale)
    names = set(re.findall(r"\$\{(\w+)\}", text))
    assert names <= set(PLACEHOLDERS), names - set(PLACEHOLDERS)
    for key, value in PLACEHOLDERS.items():
        text = text.replace("${" + key + "}", value)
    flow: dict[str, Any] = json.loads(text)
    return flow


def form_names(locale: str) -> list[str]:
    form = load(f"memo_form.{locale}.json")
    return [item["Name"] for s in form["Sections"] for row in s["Items"] for item in row["Items"]]


def targets(action: dict[str, Any]) -> list[str]:
    t = action["Transitions"]
    return [
        *([t["NextAction"]] if "NextAction" in t else []),
        *(c["NextAction"] for c in t.get("Conditions", [])),
        *(e["NextAction"] for e in t.get("Errors", [])),
    ]


@pytest.mark.parametrize("name", FLOWS)
@pytest.mark.parametrize("locale", LOCALES)
def test_a_flow_is_valid_flow_language(name: str, locale: str) -> None:
    flow = rendered(name, locale)
    identifiers = [a["Identifier"] for a in flow["Actions"]]

    assert flow["Version"] == "2019-10-30"
    assert flow["StartAction"] in identifiers
    assert len(identifiers) == len(set(identifiers))
    for action in flow["Actions"]:
        assert len(action["Identifier"]) <= 50
        assert not set(action["Identifier"]) & FORBIDDEN_IN_IDENTIFIER
        documented, required, errors = ACTIONS[action["Type"]]
        parameters = set(action["Parameters"])
        assert required <= parameters <= documented, action["Identifier"]
        for target in targets(action):
            assert target in identifiers, (action["Identifier"], target)
        assert {e["ErrorType"] for e in action["Transitions"].get("Errors", [])} <= errors
        if action["Type"] in TERMINAL:
            assert action["Transitions"] == {}
        for condition in action["Transitions"].get("Conditions", []):
            assert condition["Condition"]["Operator"] == "Equals"
            assert len(condition["Condition"]["Operands"]) == 1


def test_every_action_is_reachable_from_the_start() -> None:
    for name in FLOWS:
        flow = rendered(name)
        by_id = {a["Identifier"]: a for a in flow["Actions"]}
        seen, todo = set(), [flow["StartAction"]]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(targets(by_id[current]))
        assert seen == set(by_id), (name, set(by_id) - seen)


def _actions(name: str, kind: str) -> list[dict[str, Any]]:
    return [a for a in rendered(name)["Actions"] if a["Type"] == kind]


def test_lambdas_answer_within_connects_limit_as_flat_strings() -> None:
    for name in FLOWS:
        for action in _actions(name, "InvokeLambdaFunction"):
            assert int(action["Parameters"]["InvocationTimeLimitSeconds"]) <= 8
            assert action["Parameters"]["ResponseValidation"] == {"ResponseType": "STRING_MAP"}


def test_the_guide_saves_only_memo_attributes_on_the_voice_contact_and_only_checked_values() -> None:
    memo_keys = {k.value for k in MemoKey}
    saves = {
        a["Identifier"]: a["Parameters"] for a in _actions("memo_guide.flow.json", "UpdateContactAttributes")
    }

    assert set(saves) == {"SaveChecked"}  # the only save, and only of what the check answered
    parameters = saves["SaveChecked"]
    assert parameters["TargetContact"] == "Related"  # the guide is its own contact
    assert set(parameters["Attributes"]) == set(form_names("ko-KR"))
    assert set(parameters["Attributes"]) <= memo_keys
    assert all(v == f"$.External.{k}" for k, v in parameters["Attributes"].items())


def test_a_failed_check_is_tried_once_more_then_saves_nothing_and_asks_to_write_again() -> None:
    by_id = {a["Identifier"]: a for a in rendered("memo_guide.flow.json")["Actions"]}
    first, again = by_id["CheckMemo"], by_id["CheckMemoAgain"]
    assert first["Parameters"] == again["Parameters"]  # the form's data is still the last view result
    assert {e["NextAction"] for e in first["Transitions"]["Errors"]} == {"CheckMemoAgain"}
    assert {e["NextAction"] for e in again["Transitions"]["Errors"]} == {"ShowCheckFailed"}
    failed = by_id["ShowCheckFailed"]["Transitions"]
    assert [c["NextAction"] for c in failed["Conditions"]] == ["ShowMemoForm"]
    assert failed["NextAction"] == "Done"
    assert {e["NextAction"] for e in failed["Errors"]} == {"Done"}
    # No block anywhere copies the form's raw values into attributes.
    saves = [a for a in by_id.values() if a["Type"] == "UpdateContactAttributes"]
    assert "ViewResultData" not in json.dumps(saves)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_check_failed_page_follows_the_managed_detail_views_schema(locale: str) -> None:
    page = load(f"memo_check_failed.{locale}.json")
    assert {"Heading", "Description", "Sections", "Actions"} == set(page)
    [write_again] = page["Actions"]  # one way on: back to the form
    assert write_again
    assert all(section["TemplateString"] for section in page["Sections"])


def test_the_guide_sends_every_form_field_to_the_check_and_reads_only_what_it_answers() -> None:
    invoke, _again = _actions("memo_guide.flow.json", "InvokeLambdaFunction")
    sent = invoke["Parameters"]["LambdaInvocationAttributes"]
    names = form_names("ko-KR")
    assert set(sent) == {*names, "agent_locale"}
    assert all(sent[n] == f"$.Views.ViewResultData.FormData.{n}" for n in names)

    event = {"Details": {"ContactData": {"ContactId": "c"}, "Parameters": dict.fromkeys(sent, "")}}
    answered = set(check_memo.handler(event, lambda_context("check_memo")))
    read = set(re.findall(r"\$\.External\.(\w+)", json.dumps(rendered("memo_guide.flow.json"))))
    assert read <= answered, read - answered


def test_the_module_keeps_what_the_history_lambda_answers_and_sets_the_guide_for_the_call_end() -> None:
    [keep] = _actions("inbound.module.json", "UpdateContactAttributes")
    [hooks] = _actions("inbound.module.json", "UpdateContactEventHooks")

    assert keep["Parameters"]["TargetContact"] == "Current"
    assert set(keep["Parameters"]["Attributes"]) == set(empty_history())
    assert all(v == f"$.External.{k}" for k, v in keep["Parameters"]["Attributes"].items())
    assert hooks["Parameters"]["EventHooks"] == {"DisconnectAgentUI": PLACEHOLDERS["MemoGuideFlowArn"]}
    assert set(hooks["Parameters"]["EventHooks"]) <= EVENT_HOOKS


@pytest.mark.parametrize("locale", LOCALES)
def test_the_form_follows_the_managed_form_views_schema(locale: str) -> None:
    form = load(f"memo_form.{locale}.json")

    assert {"Heading", "Sections", "Next"} <= set(form)
    for section in form["Sections"]:
        assert section["Type"] == "FormSection"
        assert section["Heading"]
        for row in section["Items"]:
            for item in row["Items"]:
                assert item["Type"] in FORM_ITEM_TYPES
                assert item["Label"]
                assert MemoKey(item["Name"])
    assert form_names(locale) == form_names("ko-KR")  # the same fields in every language
    findings = load(f"memo_findings.{locale}.json")
    assert len(findings["Actions"]) == 2
    assert findings["Description"] == "$.External.findings"


def test_three_principles_and_the_customers_choices_are_on_the_form() -> None:
    names = set(form_names("ko-KR"))
    assert {
        MemoKey.PURPOSE, MemoKey.STATUS, MemoKey.DESIRED_OUTCOME,
        MemoKey.OCCURRED_AT, MemoKey.PROBLEM, MemoKey.PROGRESS,
        MemoKey.STRATEGY, MemoKey.APPOINTMENT_AT, MemoKey.APPOINTMENT_PLACE, MemoKey.APPOINTMENT_BRING,
        MemoKey.CONSENT, MemoKey.PREFERRED_CHANNEL, MemoKey.OPT_OUT, MemoKey.AGENT_NOTE,
    } <= names  # fmt: skip


@pytest.mark.parametrize("locale", LOCALES)
def test_connect_takes_the_flows_as_its_api_model_says(locale: str) -> None:
    client = botocore.session.get_session().create_client("connect", region_name="ap-northeast-2")
    with Stubber(client) as stub:
        stub.add_response("create_contact_flow", {"ContactFlowId": "f", "ContactFlowArn": "arn"})
        stub.add_response("create_contact_flow_module", {"Id": "m", "Arn": "arn"})
        client.create_contact_flow(
            InstanceId="i", Name="aftercall-memo-guide", Type="CONTACT_FLOW",
            Content=json.dumps(rendered("memo_guide.flow.json", locale), ensure_ascii=False),
        )  # fmt: skip
        client.create_contact_flow_module(
            InstanceId="i", Name="aftercall-inbound",
            Content=json.dumps(rendered("inbound.module.json", locale), ensure_ascii=False),
        )  # fmt: skip
        stub.assert_no_pending_responses()


def test_the_stack_deploys_the_guide_and_the_module_with_its_lambdas(synthesized: Synthesized) -> None:
    [guide] = synthesized.of_type("AWS::Connect::ContactFlow").values()
    [module] = synthesized.of_type("AWS::Connect::ContactFlowModule").values()

    assert guide["Properties"]["Type"] == "CONTACT_FLOW"
    guide_sub = guide["Properties"]["Content"]["Fn::Sub"]
    module_sub = module["Properties"]["Content"]["Fn::Sub"]
    assert set(re.findall(r"\$\{(\w+)\}", guide_sub[0])) == set(guide_sub[1])
    assert set(re.findall(r"\$\{(\w+)\}", module_sub[0])) == set(module_sub[1])
    assert "Fn::GetAtt" in json.dumps(guide_sub[1]["CheckMemoFunctionArn"])
    assert "Fn::GetAtt" in json.dumps(module_sub[1]["MemoGuideFlowArn"])


def test_the_forms_picture_shows_every_field_escaped() -> None:
    from aftercall_infra.form_preview import render_form

    form = load("memo_form.en-US.json")
    page = render_form(form, "en-US")
    for section in form["Sections"]:
        for row in section["Items"]:
            for item in row["Items"]:
                assert f'<label for="{item["Name"]}">' in page
    tricky = {**form, "Heading": "<script>x</script>"}
    assert "<script>x" not in render_form(tricky, "en-US")
    assert 'id="aftercall_consent" value=""' in page  # consent is asked, never pre-filled
