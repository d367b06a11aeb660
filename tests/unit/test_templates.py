"""Templates: the defaults are sound, and a broken override is refused with a clear reason."""

from __future__ import annotations

import pytest

from aftercall.domain.memo import Strategy
from aftercall.domain.templates import (
    DEFAULT_TEMPLATES,
    Template,
    default_template,
    render_lines,
    supported_locale,
    template_id,
    validate_template,
)

COMPANY = "Acme Bank"
CALLBACK = "1588-1234"


def check(
    body: str, tid: str = "confirm#en-US", budget: int = 1, banned: tuple[str, ...] = ()
) -> tuple[str, ...]:
    return validate_template(Template(tid, body, budget, "override"), COMPANY, CALLBACK, banned)


@pytest.mark.parametrize("template", DEFAULT_TEMPLATES.values(), ids=lambda t: t.template_id)
def test_every_default_template_passes_its_own_validation(template: Template) -> None:
    company = "에이스카드" if template.locale == "ko-KR" else COMPANY
    assert validate_template(template, company, CALLBACK) == ()


def test_there_is_a_default_for_every_strategy_kind_and_locale() -> None:
    expected = {f"{s.value}#{loc}" for s in Strategy for loc in ("ko-KR", "en-US")}
    expected |= {"reminder#ko-KR", "reminder#en-US"}
    assert set(DEFAULT_TEMPLATES) == expected


def test_a_good_override_is_accepted() -> None:
    assert check("${company_name}: thanks for calling. We agreed: ${desired_outcome}") == ()


def test_an_unknown_placeholder_is_refused() -> None:
    assert check("${company_name}: hello ${customer_name}") == ("unknown placeholder ${customer_name}",)


def test_a_missing_required_placeholder_is_refused() -> None:
    reasons = check("${company_name}: see the details.", tid="detail#en-US", budget=2)
    assert reasons == ("missing required placeholder ${detail_url}",)


def test_invalid_placeholder_syntax_is_refused() -> None:
    # An attribute lookup is not a placeholder: nothing in a template is evaluated.
    assert check("${company_name.__class__} ${company_name}")[0].startswith("invalid placeholder syntax")


def test_a_placeholder_of_another_engine_is_refused_by_lint() -> None:
    assert check("${company_name}: hello {{ config }}") == ("message lint: unfilled_placeholder",)


def test_a_template_over_its_budget_with_a_typical_memo_is_refused() -> None:
    body = "${company_name}: " + "thank you very much for calling us today. " * 4 + "${desired_outcome}"
    assert check(body) == ("a typical memo needs 2 parts, over the budget of 1",)


@pytest.mark.parametrize("budget", [0, 11])
def test_a_budget_out_of_range_is_refused(budget: int) -> None:
    assert check("${company_name}", budget=budget) == ("part budget must be between 1 and 10",)


def test_a_banned_phrase_is_refused() -> None:
    assert check("${company_name}: a free gift awaits.", banned=("free gift",)) == (
        "message lint: banned_phrase",
    )


def test_a_line_with_an_empty_value_is_left_out() -> None:
    template = default_template(Strategy.CONFIRM, "en-US")
    text = render_lines(template.lines, {"company_name": COMPANY, "callback_number": CALLBACK, "purpose": ""})
    assert text == "Thank you for calling Acme Bank today.\nQuestions? Call 1588-1234."


def test_a_dollar_in_a_value_is_not_a_placeholder() -> None:
    template = Template("confirm#en-US", "${company_name} ${desired_outcome}", 1)
    assert render_lines(template.lines, {"company_name": "A", "desired_outcome": "$purpose"}) == "A $purpose"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("ko-KR", "ko-KR"),
        ("ko", "ko-KR"),
        ("en_GB", "en-US"),
        ("EN-us", "en-US"),
        ("ja-JP", None),
        (None, None),
    ],
)
def test_locales_resolve_to_the_supported_ones(given: str | None, expected: str | None) -> None:
    assert supported_locale(given) == expected


def test_a_reminder_has_its_own_template_id_whatever_the_strategy() -> None:
    assert template_id(Strategy.CONFIRM, "ko-KR", "reminder") == "reminder#ko-KR"


def test_an_unsupported_locale_falls_back_to_english() -> None:
    assert template_id(Strategy.DETAIL, "ja-JP") == "detail#en-US"
