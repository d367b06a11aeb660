"""The aftercall stack: it only composes the constructs, in dependency order."""

from __future__ import annotations

from typing import Any

from aws_cdk import Annotations, Stack
from constructs import Construct

from aftercall_infra import arns
from aftercall_infra.config import DeployConfig
from aftercall_infra.delivery import Delivery
from aftercall_infra.ingest import Ingest
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.observability import Observability
from aftercall_infra.storage import Storage
from aftercall_infra.workflow import Workflow


class AftercallStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, config: DeployConfig, **kwargs: Any) -> None:
        super().__init__(
            scope,
            construct_id,
            stack_name=config.stack_name,
            description="aftercall: after-call memos, follow-up texts with receipts, retries and fallbacks",
            **kwargs,
        )
        # The state machine's name (so its ARN) is fixed up front: the functions that start executions
        # or resolve task tokens are granted on it without depending on the state machine resource.
        state_machine_name = f"{config.stack_name}-followup"
        state_machine_arn = arns.state_machine_arn(self, state_machine_name)

        self.storage = Storage(self, "Storage")
        self.lambdas = LambdaFactory(
            self, "Lambdas", storage=self.storage, settings={**self.storage.settings(), **config.settings()}
        )
        self.delivery = Delivery(
            self,
            "Delivery",
            config=config,
            storage=self.storage,
            factory=self.lambdas,
            state_machine_arn=state_machine_arn,
        )
        # The detail page joins here, before the workflow: its URL becomes the plan's detail_base_url
        # (unless the detailBaseUrl context key names a domain of its own).
        self.workflow = Workflow(
            self,
            "Workflow",
            state_machine_name=state_machine_name,
            storage=self.storage,
            factory=self.lambdas,
            delivery=self.delivery,
        )
        self.ingest = Ingest(
            self,
            "Ingest",
            config=config,
            storage=self.storage,
            factory=self.lambdas,
            state_machine_arn=state_machine_arn,
        )
        self.observability = Observability(
            self,
            "Observability",
            config=config,
            storage=self.storage,
            functions=self.lambdas.functions,
            state_machine=self.workflow.state_machine,
            dead_letter_queues={"Ingest": self.ingest.dead_letters, **self.delivery.dead_letter_queues},
        )
        for name in config.missing_for_deploy():
            Annotations.of(self).add_warning_v2(
                f"aftercall:context-{name}",
                f"context key {name} is not set: a placeholder ({config[name]}) is used. "
                "Set it before cdk deploy (docs/deploy.md).",
            )
