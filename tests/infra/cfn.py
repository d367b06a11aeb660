"""Reading the synthesized template: the full test context, resources by type, roles' statements."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aws_cdk import assertions

from aftercall_infra.application import AftercallApp
from aftercall_infra.constants import Fn
from aftercall_infra.function_specs import FUNCTIONS

REPO = Path(__file__).resolve().parents[2]
CDK_CLI = REPO / "node_modules" / ".bin" / "cdk"
ACCOUNT = "111122223333"
INSTANCE_ARN = f"arn:aws:connect:ap-northeast-2:{ACCOUNT}:instance/11111111-2222-3333-4444-555555555555"
FULL_CONTEXT = {
    "originationIdentity": "phone-0123456789abcdef0123456789abcdef",
    "senderAddress": "care@example.com",
    "connectInstanceArn": INSTANCE_ARN,
    "connectTaskFlowId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    "contactRecordStreamArn": f"arn:aws:kinesis:ap-northeast-2:{ACCOUNT}:stream/connect-ctr",
    "contactRecordStreamKeyArn": f"arn:aws:kms:ap-northeast-2:{ACCOUNT}:key/9999-8888",
    "companyName": "Example Co",
    "callbackNumber": "+82 2 1234 5678",
    "detailBaseUrl": "https://d.example.com",
    "smsPartsPerSecond": "3",
    "alarmEmail": "ops@example.com",
    "alarmFallbackRatePercent": "35",  # alarm keys: every threshold from context (test_operator_alarms)
    "alarmOptOutsPerHour": "7",
    "detailedTracing": "true",  # the default (off) is what the CLI synth without context checks
    "quietHoursStart": "22:30",  # policy keys: the default is what the CLI synth checks
    "timeZone": "Asia/Tokyo",
    "requireConsent": "false",
    "twoWaySms": "true",
    "transferWaitSeconds": "120",  # the default (the admin sets the channel) is what the CLI synth checks
    "whatsappPhoneNumberId": "phone-number-id-976c72a700aac43eaf573ae050example",
    "whatsappWabaId": "waba-fb2594b8a7974770b128a409e2example",
}


@dataclass(frozen=True)
class Synthesized:
    built: AftercallApp
    template: assertions.Template
    resources: dict[str, dict[str, Any]]
    outdir: Path
    lint: list[Background] = field(default_factory=list)  # cfn-lint, when started beside the tests

    @property
    def template_file(self) -> Path:
        return self.outdir / f"{self.built.stack.artifact_id}.template.json"

    def asset_path(self, file_name: str) -> Path:
        """Where a file asset's source is (``DefinitionS3Location`` names it by its key)."""
        manifest = json.loads(
            (self.outdir / f"{self.built.stack.artifact_id}.assets.json").read_text(encoding="utf-8")
        )
        source = Path(manifest["files"][file_name.split(".", maxsplit=1)[0]]["source"]["path"])
        return source if source.is_absolute() else self.outdir / source

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.resources.items() if v["Type"] == resource_type}

    def function_id(self, fn: Fn) -> str:
        handler = FUNCTIONS[fn].handler
        (found,) = [
            k
            for k, v in self.of_type("AWS::Lambda::Function").items()
            if v["Properties"]["Handler"] == handler
        ]
        return found

    def function(self, fn: Fn) -> dict[str, Any]:
        return self.resources[self.function_id(fn)]["Properties"]

    def statements_of_role(self, role_id: str) -> list[dict[str, Any]]:
        return [
            statement
            for policy in self.of_type("AWS::IAM::Policy").values()
            if {"Ref": role_id} in policy["Properties"]["Roles"]
            for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        ]

    def statements_of(self, fn: Fn) -> list[dict[str, Any]]:
        return self.statements_of_role(self.function(fn)["Role"]["Fn::GetAtt"][0])


def actions(statement: dict[str, Any]) -> list[str]:
    value = statement["Action"]
    return [value] if isinstance(value, str) else list(value)


def resources(statement: dict[str, Any]) -> list[Any]:
    value = statement["Resource"]
    return value if isinstance(value, list) else [value]


class Background:
    """A command started now and awaited later (CDK CLI synth, cfn-lint), so that it overlaps other work."""

    def __init__(self, command: list[str], cwd: Path | None = None) -> None:
        environment = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
        self._process = subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self._result: tuple[int, str] | None = None

    def wait(self, timeout: float = 300) -> tuple[int, str]:
        """The exit status and the output (stdout then stderr)."""
        if self._result is None:
            out, err = self._process.communicate(timeout=timeout)
            self._result = (self._process.returncode, out + err)
        return self._result


@dataclass(frozen=True)
class CliSynth:
    outdir: Path
    run: Background


def cfn_lint_command(template: Path) -> list[str]:
    # W3005: CDK adds an explicit DependsOn on a function's role beside the GetAtt that implies it.
    cfn_lint = (
        shutil.which("cfn-lint", path=str(REPO / ".venv" / "bin")) or shutil.which("cfn-lint") or "cfn-lint"
    )
    return [
        cfn_lint,
        "--regions",
        "ap-northeast-2",
        "us-east-1",
        "--ignore-checks",
        "W3005",
        "--",
        str(template),
    ]


def cdk_cli_command(outdir: Path) -> list[str]:
    return [str(CDK_CLI), "synth", "--quiet", "--no-staging", "--output", str(outdir)]


# Under pytest-xdist each worker has its own session: background work is then started by the test that
# needs it, so that two workers never run it twice.
OVERLAP_IN_ONE_PROCESS = "PYTEST_XDIST_WORKER" not in os.environ
