"""Connect flow Lambda: the agent's memo checked before it is saved.

The memo form posts the ``aftercall_*`` fields as the Lambda's parameters (and ``agent_locale``); the
answer says in plain words what to fix, and holds the values the form saves (numbers masked, judging
words removed). With ``SPELL_CHECK`` (as the stack deploys it, with its spelling layer) spelling is
checked against Hunspell's Korean and English dictionaries too.
Nothing a flow sends makes it raise: the form must always get an answer within Connect's 8 seconds.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from aftercall.composition.check_memo import gate_policy, memo_speller
from aftercall.domain.memo import memo_from_attributes
from aftercall.events.flow_event import read_flow_event
from aftercall.observability import lambda_entry, logger
from aftercall.settings.gate import GateSettings
from aftercall.usecases.check_memo import check_memo, flow_reply
from aftercall.usecases.metrics import count_by


@lambda_entry(models=(GateSettings,))
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    flow = read_flow_event(event)
    locale = "en-US" if flow.parameter("agent_locale") == "en-US" else "ko-KR"
    submitted = {k: v for k, v in flow.parameters.items() if k.startswith("aftercall_")}
    check = check_memo(memo_from_attributes(submitted), memo_speller(), gate_policy())
    for finding in check.findings:
        count_by("MemoCheckFinding", "rule", finding.rule.value)
    logger.info("memo checked", ok=check.ok, findings=[f.rule.value for f in check.findings])
    return flow_reply(check, submitted, locale)
