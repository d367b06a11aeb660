"""The one helper that builds every Lambda: arm64, the current Python runtime, JSON logs with retention,
X-Ray active tracing, the dependency layer, Powertools settings (the Powertools Tracer only with detailed
tracing), its own role, and the handler's environment derived from its settings class."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from aws_cdk import Annotations, Duration, RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from aftercall_infra import grants
from aftercall_infra.assets import (
    CODE_ASSET_EXCLUDES,
    FUNCTIONS_DIR,
    LAYER_BUILD_DIR,
    LAYER_PLACEHOLDER_DIR,
    LAYER_STAMP_FILE,
)
from aftercall_infra.constants import LOG_RETENTION, PYTHON_VERSION, Fn
from aftercall_infra.function_specs import FUNCTIONS
from aftercall_infra.powertools_env import powertools_environment
from aftercall_infra.settings_env import environment_for
from aftercall_infra.storage import Storage

RUNTIME: lambda_.Runtime = getattr(lambda_.Runtime, "PYTHON_" + PYTHON_VERSION.replace(".", "_"))


class LambdaFactory(Construct):
    """Holds the shared code asset and layer, and the setting values the stack offers to handlers."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        storage: Storage,
        settings: Mapping[str, str],
        detailed_tracing: bool = False,
    ) -> None:
        super().__init__(scope, construct_id)
        self._storage = storage
        self._powertools = powertools_environment(detailed_tracing)
        self._offered: dict[str, str] = dict(settings)
        self.code = lambda_.Code.from_asset(str(FUNCTIONS_DIR), exclude=list(CODE_ASSET_EXCLUDES))
        self.layer = lambda_.LayerVersion(
            self,
            "Dependencies",
            code=lambda_.Code.from_asset(str(_layer_dir(self)), exclude=[LAYER_STAMP_FILE.name]),
            compatible_runtimes=[RUNTIME],
            compatible_architectures=[lambda_.Architecture.ARM_64],
            description="aftercall runtime dependencies (requirements/runtime.txt, built by make layer)",
        )
        self.functions: dict[Fn, lambda_.Function] = {}

    def offer(self, settings: Mapping[str, str]) -> None:
        """Make more setting values available to the functions built after this call."""
        self._offered.update(settings)

    def create(
        self,
        scope: Construct,
        fn: Fn,
        *,
        reserved_concurrency: int | None = None,
        async_failures: sqs.IQueue | None = None,
    ) -> lambda_.Function:
        spec = FUNCTIONS[fn]
        role = iam.Role(
            scope,
            f"{fn}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"aftercall {fn}: {spec.description}",
        )
        log_group = logs.LogGroup(
            scope,
            f"{fn}Logs",
            retention=logs.RetentionDays[LOG_RETENTION],
            removal_policy=RemovalPolicy.DESTROY,
        )
        log_group.grant_write(role)
        function = lambda_.Function(
            scope,
            str(fn),
            description=f"aftercall: {spec.description}",
            runtime=RUNTIME,
            architecture=lambda_.Architecture.ARM_64,
            handler=spec.handler,
            code=self.code,
            layers=[self.layer],
            role=role,
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_seconds),
            tracing=lambda_.Tracing.ACTIVE,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            log_group=log_group,
            environment={**self._powertools, **environment_for(spec.settings, self._offered)},
            reserved_concurrent_executions=reserved_concurrency,
        )
        self._storage.grant(function, spec.tables)
        if async_failures is not None:
            self._keep_async_failures(function, async_failures)
        self.functions[fn] = function
        return function

    def _keep_async_failures(self, function: lambda_.Function, queue: sqs.IQueue) -> None:
        """Dead-letter queue of asynchronous invocations, granted explicitly (CDK's own grant adds
        wildcard KMS actions)."""
        grants.allow_send(function, queue, self._storage.key)
        resource = function.node.default_child
        assert isinstance(resource, lambda_.CfnFunction)
        resource.dead_letter_config = lambda_.CfnFunction.DeadLetterConfigProperty(target_arn=queue.queue_arn)


def _layer_dir(scope: Construct) -> Path:
    if LAYER_STAMP_FILE.exists():
        return LAYER_BUILD_DIR
    Annotations.of(scope).add_warning_v2(
        "aftercall:layer-not-built",
        "layers/build is missing: the layer is an empty placeholder. Run `make layer` before `cdk deploy`.",
    )
    return LAYER_PLACEHOLDER_DIR
