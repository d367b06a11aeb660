"""Check a template override written to the table (the stream validator): the functions' own check,
its verdict recorded on the item, a rejection counted (``TemplateRejected``, alarmed).

The item is read again rather than taken from the stream record, so the verdict is about what the
table holds now; content that carries its verdict already (the validator's own write, or ``aftercall
templates put``'s) is not checked again, so the validator's write never loops.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from aws_lambda_powertools.metrics import MetricUnit

from aftercall.domain.template_admin import REJECTED, VALID, CheckContext, check_stored
from aftercall.observability import logger, metrics
from aftercall.usecases.metrics import TEMPLATE_REJECTED, count_by
from aftercall.usecases.ports import TemplateVerdicts


class Checked(StrEnum):
    VALID = VALID
    REJECTED = REJECTED
    UNCHANGED = "unchanged"  # this content carries its verdict already
    GONE = "gone"  # deleted since
    SUPERSEDED = "superseded"  # edited again while checked: that edit has its own stream record


@dataclass
class CheckTemplate:
    """Check one stored template and record its verdict."""

    templates: TemplateVerdicts
    context: CheckContext
    clock: Callable[[], datetime]

    def __call__(self, template_id: str) -> Checked:
        template = self.templates.record(template_id)
        if template is None:
            return Checked.GONE
        if template.checked:
            return Checked.UNCHANGED
        reasons = check_stored(template, self.context)
        verdict = Checked.REJECTED if reasons else Checked.VALID
        if not self.templates.record_verdict(template, verdict.value, reasons, self.clock()):
            return Checked.SUPERSEDED
        count_by("TemplateChecked", "verdict", verdict.value)
        if reasons:
            metrics.add_metric(name=TEMPLATE_REJECTED, unit=MetricUnit.Count, value=1)
            logger.warning("template rejected", template_id=template_id, reasons=list(reasons))
        else:
            logger.info("template accepted", template_id=template_id)
        return verdict
