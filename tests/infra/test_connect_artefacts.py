"""The Connect artefacts the stack deploys (infra/connect/), checked against the documented flow
language (Amazon Connect API Reference, "Flow language": actions, parameters, transitions, errors),
custom views (Admin Guide, "Custom views": Head and Body, each component with its ``_id``, ``Type``,
``Props`` and ``Content``, every action in the view's Actions; a form's data read back as
``$.Views.ViewResultData.<Name>``), the managed Detail view's input schema (Admin Guide, "AWS managed
views"), the Lambdas' answers, and Connect's API model (botocore, through Stubber)."""

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
# The components the memo form uses: each one as AWS's custom-view docs and published views show it.
VIEW_COMPONENTS = {"Form", "Header", "Container", "FormInput", "Button", "SubmitButton"}
VIEW_ACTION = re.compile(r"^[\w.:/=+\-@()']+[\w\s.:/=+\-@()']*$")  # ViewContent.Actions' pattern
PLACEHOLDERS = {
    "MemoFormViewArn": "arn:aws:connect:ap-northeast-2:111122223333:instance/i/view/memo-form",
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


def components(node: Any) -> list[dict[str, Any]]:
    """Every component of a view template, depth first."""
    if isinstance(node, list):
        return [c for child in node for c in components(child)]
    if isinstance(node, dict):
        return [node, *components(node.get("Content", []))]
    return []  # text content


def form_names(locale: str) -> list[str]:
    view = load(f"memo_form.view.{locale}.json")
    return [c["Props"]["Name"] for c in components(view["Template"]["Body"]) if c["Type"] == "FormInput"]


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
    assert all(sent[n] == f"$.Views.ViewResultData.{n}" for n in names)  # a custom view's form data

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
def test_the_form_is_a_custom_view_as_documented(locale: str) -> None:
    view = load(f"memo_form.view.{locale}.json")
    template = view["Template"]
    nodes = components(template["Body"])
    ids = [node["_id"] for node in nodes]

    assert set(view) == {"Actions", "Template"}  # what CreateView's Content and CFN's View take
    assert set(template) == {"Head", "Body"}
    assert template["Head"]["Title"]
    assert len(ids) == len(set(ids))  # every component has its own _id
    for node in nodes:
        assert node["Type"] in VIEW_COMPONENTS, node["Type"]
        assert isinstance(node["Props"], dict)
        assert isinstance(node["Content"], list)
    used = {n["Props"]["Action"] for n in nodes if n["Type"] in ("Button", "SubmitButton")}
    assert used == set(view["Actions"])  # every action a button raises is declared, and only those
    assert all(VIEW_ACTION.match(action) for action in view["Actions"])
    for field in (n["Props"] for n in nodes if n["Type"] == "FormInput"):
        assert MemoKey(field["Name"])
        assert field["Label"]
        assert field["DefaultValue"] == f"$.{field['Name']}"  # filled from the flow, when it has a value
    assert form_names(locale) == form_names("ko-KR")  # the same fields in every language
    findings = load(f"memo_findings.{locale}.json")
    assert len(findings["Actions"]) == 2
    assert findings["Description"] == "$.External.findings"


def test_the_form_comes_back_with_what_the_check_would_save_to_fix_it_in_place() -> None:
    by_id = {a["Identifier"]: a for a in rendered("memo_guide.flow.json")["Actions"]}
    first, again = by_id["ShowMemoForm"]["Parameters"], by_id["ShowMemoFormAgain"]["Parameters"]
    assert first["ViewResource"] == again["ViewResource"]  # one form
    assert "ViewData" not in first  # a new memo starts empty
    assert again["ViewData"] == {n: f"$.External.{n}" for n in form_names("ko-KR")}
    fix = by_id["FixOrSave"]["Transitions"]
    assert fix["NextAction"] == "ShowMemoFormAgain"
    for show in (by_id["ShowMemoForm"], by_id["ShowMemoFormAgain"]):
        [submit] = show["Transitions"]["Conditions"]
        assert submit["Condition"]["Operands"] == ["Submit"]
        assert submit["NextAction"] == "CheckMemo"


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
    view = load(f"memo_form.view.{locale}.json")
    template = json.dumps(view["Template"], ensure_ascii=False)
    with Stubber(client) as stub:
        stub.add_response("create_view", {"View": {"Id": "v"}})
        client.create_view(
            InstanceId="i", Name=f"aftercall-memo-form-{locale}", Status="PUBLISHED",
            Content={"Template": template, "Actions": view["Actions"]},
        )  # fmt: skip
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
    views = synthesized.of_type("AWS::Connect::View")
    assert sorted(v["Properties"]["Name"] for v in views.values()) == [
        "Aftercall-memo-form-en-US",
        "Aftercall-memo-form-ko-KR",
    ]  # both languages in the instance; the guide shows the agentLocale one
    [shown] = [k for k in views if k in json.dumps(guide_sub[1]["MemoFormViewArn"])]
    assert views[shown]["Properties"]["Name"].endswith("-ko-KR")
    for view in views.values():
        locale = view["Properties"]["Name"].rsplit("form-", 1)[1]
        assert view["Properties"]["Template"] == load(f"memo_form.view.{locale}.json")["Template"]
        assert view["Properties"]["InstanceArn"] == guide["Properties"]["InstanceArn"]


def test_the_forms_picture_shows_every_field_escaped() -> None:
    from aftercall_infra.form_preview import render_form

    view = load("memo_form.view.en-US.json")
    page = render_form(view, "en-US")
    for name in form_names("en-US"):
        assert f'<label for="{name}">' in page
    assert 'id="aftercall_consent" value=""' in page  # consent is asked, never pre-filled
    tricky = json.loads(json.dumps(view))
    tricky["Template"]["Body"][0]["Content"][0]["Content"] = ["<script>x</script>"]
    assert "<script>x" not in render_form(tricky, "en-US")


def test_check_memo_checks_spelling_with_its_own_layer(synthesized: Synthesized) -> None:
    from aftercall_infra.constants import Fn

    function = synthesized.function(Fn.CHECK_MEMO)
    variables = function["Environment"]["Variables"]
    layers = [synthesized.resources[ref["Ref"]] for ref in function["Layers"]]

    assert (variables["SPELL_CHECK"], variables["SPELL_DICTIONARIES"]) == ("true", "/opt/hunspell")
    assert any("Hunspell" in layer["Properties"]["Description"] for layer in layers)
    for fn in (Fn.PLAN, Fn.INGEST_EVENT, Fn.SEND_EMAIL):  # the send path has no dictionaries
        assert "SPELL_CHECK" not in synthesized.function(fn)["Environment"]["Variables"]
