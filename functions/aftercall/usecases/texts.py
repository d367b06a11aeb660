"""Compose a follow-up text with the admin's override when it is sound, else the default template.

An override is refused, with its reasons logged and a ``TemplateRejected`` metric, when it fails
validation (placeholders, part budget, message lint) or cannot fit this memo into its budget; the
default template is used instead. Reasons name the template's faults, never the memo's text.
"""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit

from aftercall.domain.composer import ComposeContext, ComposedSms, DoesNotFitError, compose_sms
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.templates import Template, default_template, validate_template
from aftercall.observability import logger, metrics
from aftercall.usecases.metrics import TEMPLATE_REJECTED
from aftercall.usecases.ports import TemplateSource


def _reject(template: Template, reasons: tuple[str, ...]) -> None:
    logger.warning("template override rejected", template_id=template.template_id, reasons=list(reasons))
    metrics.add_metric(name=TEMPLATE_REJECTED, unit=MetricUnit.Count, value=1)


def compose_for(
    memo: Memo,
    strategy: Strategy,
    locale: str,
    ctx: ComposeContext,
    kind: str,
    templates: TemplateSource,
    banned_phrases: tuple[str, ...],
) -> ComposedSms:
    """The text for this memo; raises DoesNotFitError only when even the default cannot fit."""
    default = default_template(strategy, locale, kind)
    override = templates.get(default.template_id)
    if override is not None:
        reasons = validate_template(override, ctx.company_name, ctx.callback_number, banned_phrases)
        if not reasons:
            try:
                sms = compose_sms(memo, strategy, locale, ctx, kind, override, banned_phrases)
            except DoesNotFitError as exc:
                reasons = (f"this memo needs {exc.parts} parts, over the budget of {exc.budget}",)
            else:
                if sms.text.strip():
                    return sms
                # Every line named a value this memo lacks; the defaults always keep a line.
                reasons = ("the text is empty for this memo",)
        _reject(override, reasons)
    return compose_sms(memo, strategy, locale, ctx, kind, default, banned_phrases)
