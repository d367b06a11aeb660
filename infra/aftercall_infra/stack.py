"""The aftercall stack: it only composes the constructs, in dependency order."""

from __future__ import annotations

from typing import Any

from aws_cdk import Annotations, CfnOutput, Stack
from constructs import Construct

from aftercall_infra import arns
from aftercall_infra.acknowledged_findings import acknowledge_stack_findings
from aftercall_infra.agent_side import AgentSide
from aftercall_infra.config import MEMO_FORM_ID, DeployConfig, consent_warning
from aftercall_infra.constants import Fn
from aftercall_infra.delivery import Delivery
from aftercall_infra.detail_page import DETAIL_PAGE_CONCURRENCY, DetailPage
from aftercall_infra.ingest import Ingest
from aftercall_infra.lambda_factory import LambdaFactory
from aftercall_infra.observability import Observability
from aftercall_infra.storage import Storage
from aftercall_infra.template_checks import TemplateChecks
from aftercall_infra.two_way import TwoWaySms
from aftercall_infra.workflow import Workflow


class AftercallStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: DeployConfig,
        web_acl_arn: str | None = None,
        **kwargs: Any,
    ) -> None:
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
            self,
            "Lambdas",
            storage=self.storage,
            settings={**self.storage.settings(), **config.settings()},
            detailed_tracing=config.detailed_tracing,
        )
        self.detail_page = DetailPage(
            self,
            "DetailSite",
            function=self.lambdas.create(self, Fn.DETAIL_PAGE, reserved_concurrency=DETAIL_PAGE_CONCURRENCY),
            domain_name=config["detailDomainName"],
            certificate_arn=config["detailCertificateArn"],
            web_acl_arn=web_acl_arn,  # detailPageWaf: the web ACL of the us-east-1 companion stack
        )
        if "detailBaseUrl" not in config.given:  # links point at this page unless told otherwise
            self.lambdas.offer({"detail_base_url": self.detail_page.url})
        self.delivery = Delivery(
            self,
            "Delivery",
            config=config,
            storage=self.storage,
            factory=self.lambdas,
            state_machine_arn=state_machine_arn,
        )
        self.workflow = Workflow(
            self,
            "Workflow",
            state_machine_name=state_machine_name,
            storage=self.storage,
            factory=self.lambdas,
            delivery=self.delivery,
        )
        self.agent_side = AgentSide(self, "AgentSide", config=config, factory=self.lambdas)
        self.two_way = TwoWaySms(
            self, "TwoWay", config=config, key=self.storage.key, factory=self.lambdas, delivery=self.delivery
        )
        self.ingest = Ingest(
            self,
            "Ingest",
            config=config,
            storage=self.storage,
            factory=self.lambdas,
            state_machine_arn=state_machine_arn,
        )
        self.template_checks = TemplateChecks(self, "Templates", storage=self.storage, factory=self.lambdas)
        self.observability = Observability(
            self,
            "Observability",
            config=config,
            storage=self.storage,
            functions=self.lambdas.functions,
            state_machine=self.workflow.state_machine,
            dead_letter_queues={
                "Ingest": self.ingest.dead_letters,
                **self.delivery.dead_letter_queues,
                "Inbound": self.two_way.dead_letters,
                "TemplateChecks": self.template_checks.dead_letters,
            },
        )
        acknowledge_stack_findings(self.lambdas.functions.values(), self.workflow.state_machine.role)
        self._outputs()
        consent = consent_warning(config, memo_form=self.node.try_find_child(MEMO_FORM_ID) is not None)
        if consent:
            Annotations.of(self).add_warning_v2("aftercall:consent-not-asked", consent)
        for name in config.missing_for_deploy():
            Annotations.of(self).add_warning_v2(
                f"aftercall:context-{name}",
                f"context key {name} is not set: a placeholder ({config[name]}) is used. "
                "Set it before cdk deploy (docs/deploy.md).",
            )

    def _outputs(self) -> None:
        """What admins and the ``aftercall`` CLI look up after a deploy."""
        outputs = {
            "StateMachineArn": self.workflow.state_machine.state_machine_arn,
            "DashboardName": self.observability.dashboard.dashboard_name,
            "AlarmTopicArn": self.observability.alarm_topic.topic_arn,
            "DetailPageUrl": self.detail_page.url,
            **{
                f"{table.title()}Table": resource.table_name
                for table, resource in self.storage.tables.items()
            },
            # ``aftercall replay``: the dead-letter queues and the functions that re-process them.
            "IngestDeadLetterQueueUrl": self.ingest.dead_letters.queue_url,
            "ReceiptDeadLetterQueueUrl": self.delivery.receipt_dead_letters.queue_url,
            **{
                f"{fn.value}FunctionName": self.lambdas.functions[fn].function_name
                for fn in (Fn.INGEST_EVENT, Fn.INGEST_RECORDS, Fn.RECEIPTS)
                if fn in self.lambdas.functions  # no contact-record stream: no IngestRecords
            },
        }
        for name, value in outputs.items():
            CfnOutput(self, name, value=value)
