"""The follow-up state machine: one ASL file, used by CDK and by local runs.

CDK loads ``DEFINITION_PATH`` with ``DefinitionBody.from_file`` and fills the placeholders through
``definition_substitutions``; local runs (moto) call ``render``. Placeholders are strings only, so the
file stays valid JSON before and after substitution; tunable numbers (receipt windows) reach the
definition through the plan step's output (``TimeoutSecondsPath``) instead.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

DEFINITION_PATH: Path = Path(__file__).with_name("followup.asl.json")

PLACEHOLDERS: dict[str, str] = {
    "PlanFunctionArn": "ARN of the plan Lambda (handlers/plan.handler)",
    "SendQueueUrl": "URL of the SQS send queue consumed by handlers/send_sms.handler",
    "SendEmailFunctionArn": "ARN of the email Lambda (handlers/send_email.handler), called with a task token",
    "SendWhatsAppFunctionArn": "ARN of the WhatsApp Lambda (handlers/send_whatsapp.handler), with a token",
    "CreateTaskFunctionArn": "ARN of the Connect task Lambda (handlers/create_task.handler)",
    "OutcomeFunctionArn": "ARN of the outcome Lambda (handlers/outcome.handler)",
    "FollowupTable": "name of the followups DynamoDB table (direct UpdateItem on the happy path)",
}

_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


def placeholders_in(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def render(substitutions: Mapping[str, str]) -> str:
    """The definition with every ``${Name}`` replaced; unknown or missing names are an error."""
    text = DEFINITION_PATH.read_text(encoding="utf-8")
    missing = placeholders_in(text) - set(substitutions)
    if missing:
        raise KeyError(f"missing substitutions: {', '.join(sorted(missing))}")
    # Values are JSON string contents: escape them so an odd character cannot break the document.
    rendered = _PLACEHOLDER.sub(lambda m: json.dumps(substitutions[m.group(1)])[1:-1], text)
    json.loads(rendered)
    return rendered
