"""The agent's side in Amazon Connect: the flow Lambdas the memo form and the inbound flow invoke.

``check_memo`` checks the memo before it is saved, spelling included (Hunspell's C library and
dictionaries in its own layer, ``layers/spelling.py``); ``customer_history`` tells the next agent what
the caller's last calls were. With ``connectInstanceArn`` set, each is associated with the instance
(``AWS::Connect::IntegrationAssociation``), so that flows may invoke it, and only that instance may.
"""

from __future__ import annotations

from aws_cdk import Annotations, Stack
from aws_cdk import aws_connect as connect
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from aftercall_infra.agent_workspace import AgentWorkspace
from aftercall_infra.assets import LAYER_PLACEHOLDER_DIR, SPELLING_LAYER_DIR, SPELLING_STAMP_FILE
from aftercall_infra.config import MEMO_FORM_ID, DeployConfig
from aftercall_infra.constants import Fn
from aftercall_infra.ingest import allow_customer_key
from aftercall_infra.lambda_factory import LambdaFactory


class AgentSide(Construct):
    def __init__(
        self, scope: Construct, construct_id: str, *, config: DeployConfig, factory: LambdaFactory
    ) -> None:
        super().__init__(scope, construct_id)
        stack = Stack.of(self)
        self.check_memo = factory.create(self, Fn.CHECK_MEMO)
        self._check_spelling(self.check_memo)
        self.customer_history = factory.create(self, Fn.CUSTOMER_HISTORY)
        allow_customer_key(self.customer_history, stack, config)
        self.functions: dict[Fn, lambda_.Function] = {
            Fn.CHECK_MEMO: self.check_memo,
            Fn.CUSTOMER_HISTORY: self.customer_history,
        }
        if config.connect_instance_arn:
            for fn, function in self.functions.items():
                self._associate(stack, fn, function, config.connect_instance_arn)
            # In the stack itself, under the id synth looks for (the consent warning).
            AgentWorkspace(
                stack,
                MEMO_FORM_ID,
                config=config,
                check_memo=self.check_memo,
                customer_history=self.customer_history,
            )

    def _check_spelling(self, function: lambda_.Function) -> None:
        """The spelling layer (/opt/lib, /opt/hunspell) and the settings that turn the check on."""
        directory = SPELLING_LAYER_DIR
        if not SPELLING_STAMP_FILE.exists():
            directory = LAYER_PLACEHOLDER_DIR
            Annotations.of(self).add_warning_v2(
                "aftercall:spelling-layer-not-built",
                "layers/build-spelling is missing: check_memo will answer without spelling "
                "(SpellingUnavailable). Run `make layer` before `cdk deploy`.",
            )
        layer = lambda_.LayerVersion(
            self,
            "SpellingDictionaries",
            code=lambda_.Code.from_asset(str(directory), exclude=[SPELLING_STAMP_FILE.name]),
            compatible_runtimes=[function.runtime],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            description="aftercall check_memo: Hunspell 1.7 (arm64) and the ko/en_US dictionaries",
        )
        function.add_layers(layer)
        function.add_environment("SPELL_CHECK", "true")
        function.add_environment("SPELL_DICTIONARIES", "/opt/hunspell")

    def _associate(self, stack: Stack, fn: Fn, function: lambda_.Function, instance_arn: str) -> None:
        function.add_permission(
            f"{fn}InvokedByConnect",
            principal=iam.ServicePrincipal("connect.amazonaws.com"),
            source_account=stack.account,
            source_arn=instance_arn,
        )
        connect.CfnIntegrationAssociation(
            self,
            f"{fn}Integration",
            instance_id=instance_arn,
            integration_type="LAMBDA_FUNCTION",
            integration_arn=function.function_arn,
        )
