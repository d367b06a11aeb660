"""The agent's memo form and the history module, as Connect views and flows the stack deploys (issue 15).

The files live in ``infra/connect/`` and are loaded here: ``memo_form.view.<locale>.json`` (the memo
form, a customer-managed view, ``AWS::Connect::View``, in Korean and in English), ``memo_guide.flow.json``
(the step-by-step guide shown when the voice contact ends: the form in the agent's language,
``agentLocale``, the check, the memo saved on the voice contact) and ``inbound.module.json`` (a module any
inbound flow invokes: the caller's history for the agent, and the guide set as the "Disconnect flow for
agent UI"). The findings page is data for AWS's managed Detail view. Built only when
``connectInstanceArn`` is set; the construct id is the one synth looks for before warning that nothing
asks the customer for consent (``config.MEMO_FORM_ID``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import Fn, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from aftercall_infra.config import DeployConfig

LOCALES = ("ko-KR", "en-US")  # the memo form is deployed in each; the guide shows the agentLocale one

CONNECT_DIR = Path(__file__).resolve().parents[1] / "connect"
# Data placeholders in the flow files, filled from the locale's view data at synth.
VIEW_DATA = {
    "@memo_findings": "memo_findings",
    "@memo_check_failed": "memo_check_failed",
}


def load(name: str) -> Any:
    return json.loads((CONNECT_DIR / name).read_text(encoding="utf-8"))


def managed_view_arn(region: str, view: str) -> str:
    """An AWS managed view (``form``, ``detail``, ...): owned by ``aws``, in every instance's region."""
    return f"arn:aws:connect:{region}:aws:view/{view}"


def flow_content(name: str, locale: str) -> str:
    """The flow file with each ``@view`` placeholder replaced by that view's data in ``locale``."""

    def fill(node: Any) -> Any:
        if isinstance(node, str) and node in VIEW_DATA:
            return load(f"{VIEW_DATA[node]}.{locale}.json")
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, list):
            return [fill(v) for v in node]
        return node

    return json.dumps(fill(load(name)), ensure_ascii=False)


class AgentWorkspace(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        check_memo: lambda_.IFunction,
        customer_history: lambda_.IFunction,
    ) -> None:
        super().__init__(scope, construct_id)
        region = Stack.of(self).region
        locale = config["agentLocale"]
        instance = config.connect_instance_arn
        save_anyway = load(f"memo_findings.{locale}.json")["Actions"][1]
        self.memo_forms = {lang: memo_form_view(self, config.stack_name, instance, lang) for lang in LOCALES}
        self.memo_guide = connect.CfnContactFlow(
            self,
            "MemoGuide",
            instance_arn=instance,
            name=f"{config.stack_name}-memo-guide",
            type="CONTACT_FLOW",
            description="aftercall: the after-call memo form, checked before it is saved",
            content=Fn.sub(
                flow_content("memo_guide.flow.json", locale),
                {
                    "MemoFormViewArn": self.memo_forms[locale].attr_view_arn,
                    "DetailViewArn": managed_view_arn(region, "detail"),
                    "CheckMemoFunctionArn": check_memo.function_arn,
                    "AgentLocale": locale,
                    "SaveAnywayLabel": save_anyway,
                },
            ),
        )
        self.inbound_module = connect.CfnContactFlowModule(
            self,
            "InboundModule",
            instance_arn=instance,
            name=f"{config.stack_name}-inbound",
            description="aftercall: the caller's history, and the memo guide when the call ends",
            content=Fn.sub(
                flow_content("inbound.module.json", locale),
                {
                    "CustomerHistoryFunctionArn": customer_history.function_arn,
                    "MemoGuideFlowArn": self.memo_guide.attr_contact_flow_arn,
                    "AgentLocale": locale,
                },
            ),
        )


def memo_form_view(scope: Construct, stack_name: str, instance: str, locale: str) -> connect.CfnView:
    """The memo form in ``locale`` (its file: the view's actions and template, as CreateView takes them)."""
    view = load(f"memo_form.view.{locale}.json")
    return connect.CfnView(
        scope,
        f"MemoForm{locale.replace('-', '')}",
        instance_arn=instance,
        name=f"{stack_name}-memo-form-{locale}",
        description="aftercall: the after-call memo form, checked before it is saved",
        actions=view["Actions"],
        template=view["Template"],
    )
