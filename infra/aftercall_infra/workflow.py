"""The follow-up workflow: the Standard state machine from the one ASL file, and its plan and outcome
functions. Placeholders are bound to stack resources by name; the state machine is granted exactly
the integrations its Task states use."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from aftercall import statemachine
from aftercall_infra import grants
from aftercall_infra.asl import Integration, UnsupportedDefinitionError, integrations
from aftercall_infra.constants import LOG_RETENTION, Access, Fn
from aftercall_infra.delivery import Delivery
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.storage import TABLE_SETTINGS, Storage

FUNCTION_SUFFIX = "FunctionArn"


class Workflow(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        state_machine_name: str,
        storage: Storage,
        factory: LambdaFactory,
        delivery: Delivery,
    ) -> None:
        super().__init__(scope, construct_id)
        self.plan = factory.create(self, Fn.PLAN)
        self.outcome = factory.create(self, Fn.OUTCOME)
        self._storage = storage
        self._functions = factory.functions
        self._queues = {"SendQueueUrl": delivery.send_queue}
        # A table placeholder is the CamelCase of its setting: followup_table -> FollowupTable.
        self._tables = {_camel(setting): table for table, setting in TABLE_SETTINGS.items()}

        self.state_machine = sfn.StateMachine(
            self,
            "FollowUp",
            state_machine_name=state_machine_name,
            state_machine_type=sfn.StateMachineType.STANDARD,
            comment="aftercall follow-up: plan, text, receipt, fallbacks, outcome",
            definition_body=sfn.DefinitionBody.from_file(str(statemachine.DEFINITION_PATH)),
            definition_substitutions=self._substitutions(),
            logs=sfn.LogOptions(
                destination=logs.LogGroup(
                    self,
                    "Logs",
                    log_group_name=f"/aws/vendedlogs/states/{state_machine_name}",
                    retention=logs.RetentionDays[LOG_RETENTION],
                    removal_policy=RemovalPolicy.DESTROY,
                ),
                level=sfn.LogLevel.ALL,
                # Executions carry ids only; admins read them in the console, logs need no more.
                include_execution_data=False,
            ),
            tracing_enabled=True,
        )
        for integration in integrations(statemachine.DEFINITION_PATH):
            self._grant(integration)

    def _substitutions(self) -> dict[str, str]:
        declared = set(statemachine.PLACEHOLDERS)
        used = statemachine.placeholders_in(statemachine.DEFINITION_PATH.read_text(encoding="utf-8"))
        if used != declared:
            raise UnsupportedDefinitionError(
                f"statemachine.PLACEHOLDERS and {statemachine.DEFINITION_PATH.name} disagree: "
                f"undeclared {sorted(used - declared)}, unused {sorted(declared - used)}"
            )
        return {name: self._value_of(name) for name in sorted(declared)}

    def _value_of(self, placeholder: str) -> str:
        if function := self._function_for(placeholder):
            return function.function_arn
        if placeholder in self._queues:
            return self._queues[placeholder].queue_url
        if placeholder in self._tables:
            return self._storage.tables[self._tables[placeholder]].table_name
        raise UnsupportedDefinitionError(
            f"placeholder ${{{placeholder}}} ({statemachine.PLACEHOLDERS.get(placeholder, 'undescribed')}) "
            "matches no resource: bind it in aftercall_infra/workflow.py"
        )

    def _function_for(self, placeholder: str) -> lambda_.IFunction | None:
        """``PlanFunctionArn`` -> the Plan function: the prefix is the function's construct id."""
        name = placeholder.removesuffix(FUNCTION_SUFFIX)
        found = [fn for fn in Fn if fn.value == name and placeholder.endswith(FUNCTION_SUFFIX)]
        return self._functions[found[0]] if found else None

    def _grant(self, integration: Integration) -> None:
        targets = dict(integration.targets)
        if integration.service == "lambda" and integration.action == "invoke":
            function = self._function_for(targets["FunctionName"])
            assert function is not None  # every placeholder was bound in _substitutions
            grants.allow(self.state_machine, ["lambda:InvokeFunction"], [function.function_arn])
        elif integration.service == "sqs" and integration.action == "sendMessage":
            grants.allow_send(self.state_machine, self._queues[targets["QueueUrl"]], self._storage.key)
        elif integration.service == "dynamodb":
            table = self._tables[targets["TableName"]]
            action = "dynamodb:" + integration.action[0].upper() + integration.action[1:]
            grants.allow(self.state_machine, [action], [self._storage.tables[table].table_arn])
            self._storage.grant_key(self.state_machine, Access.WRITE)
        else:
            raise UnsupportedDefinitionError(
                f"state {integration.state}: no grant for {integration.service}:{integration.action}; "
                "add one in aftercall_infra/workflow.py"
            )


def _camel(snake: str) -> str:
    return "".join(part.title() for part in snake.split("_"))
