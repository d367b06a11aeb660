"""The WhatsApp templates: what Meta accepts, and parameters only from what the customer may read."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aftercall.domain.compose_values import ComposeContext, placeholder_values
from aftercall.domain.kinds import FOLLOWUP, REMINDER
from aftercall.domain.memo import Memo, Strategy
from aftercall.domain.message_lint import lint_message
from aftercall.domain.whatsapp_templates import (
    MAX_BODY,
    MAX_PARAMETER,
    TEMPLATES,
    TemplateUnfitError,
    whatsapp_template,
)

VARIABLE = re.compile(r"\{\{(\d+)\}\}")


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: f"{t.purpose}-{t.locale}")
def test_every_template_is_one_meta_accepts(template):
    numbers = [int(n) for n in VARIABLE.findall(template.body)]
    assert numbers == list(range(1, len(template.fields) + 1))  # {{1}}…{{n}} in order, once each
    assert len(template.body) <= MAX_BODY
    assert not template.body.startswith("{{")
    assert not template.body.rstrip(".").endswith("}}")
    assert len(template.example) == len(template.fields)
    definition = json.loads(template.definition())
    assert definition["name"] == template.name
    assert re.fullmatch(r"[a-z0-9_]{1,512}", template.name)
    assert definition["category"] == "UTILITY"
    assert definition["components"][0]["example"]["body_text"] == [list(template.example)]
    # What a reviewer reads is a clean text by our own message lint.
    shown = VARIABLE.sub(lambda m: template.example[int(m.group(1)) - 1], template.body)
    assert lint_message(shown) == []


def test_each_strategy_and_the_reminder_has_both_languages():
    for purpose in [*(s.value for s in Strategy), REMINDER]:
        assert {t.locale for t in TEMPLATES if t.purpose == purpose} == {"ko-KR", "en-US"}


def _values(memo: Memo, locale: str = "ko-KR") -> dict[str, str]:
    ctx = ComposeContext("에이스카드", "1588-0000", "https://f.example.com/x", "Asia/Seoul")
    return placeholder_values(memo, ctx, locale)


def test_parameters_come_from_the_customer_fields_and_never_the_agent_note():
    memo = Memo(purpose="결제 오류 문의", desired_outcome="환불 처리", agent_note="고객이 까다로움")
    template = whatsapp_template(Strategy.CONFIRM, "ko-KR", FOLLOWUP)
    assert template.parameters(_values(memo)) == ("에이스카드", "환불 처리", "1588-0000")
    detail = whatsapp_template(Strategy.DETAIL, "ko-KR", FOLLOWUP).parameters(_values(memo))
    assert "고객이 까다로움" not in " ".join(detail)


def test_an_empty_field_takes_the_neutral_wording_never_a_placeholder():
    memo = Memo(purpose="-", desired_outcome="없음")  # placeholders the agent typed
    params = whatsapp_template(Strategy.CONFIRM, "ko-KR", FOLLOWUP).parameters(_values(memo))
    assert params[1] == "상담하신 내용"


def test_a_value_with_no_wording_makes_the_template_unfit():
    memo = Memo(purpose="문의")
    with pytest.raises(TemplateUnfitError) as caught:
        whatsapp_template(Strategy.APPOINTMENT, "en-US", FOLLOWUP).parameters(_values(memo, "en-US"))
    assert caught.value.field == "appointment_time"


def test_parameters_are_one_capped_line():
    memo = Memo(desired_outcome="첫째 줄\n\t둘째     줄 " + "가나다 " * 100)
    (_, summary, _) = whatsapp_template(Strategy.CONFIRM, "ko-KR", FOLLOWUP).parameters(_values(memo))
    assert not re.search(r"[\n\t]| {4}", summary)
    assert len(summary) <= MAX_PARAMETER


def test_an_unknown_locale_gets_the_english_template():
    template = whatsapp_template(Strategy.DETAIL, "ja-JP", FOLLOWUP)
    assert (template.locale, template.language) == ("en-US", "en_US")


DOC = Path(__file__).resolve().parents[2] / "docs" / "texts.md"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: f"{t.purpose}-{t.locale}")
def test_the_texts_doc_shows_each_template_and_what_fills_it(template):
    doc = DOC.read_text(encoding="utf-8")
    heading = f"### `{template.name}` ({template.locale}, `{template.language}`)\n\n```\n"
    assert heading + template.body + "\n```" in doc
    section = doc[doc.index(heading) :]
    parameters = section[section.index("Parameters: ") : section.index("\n", section.index("Parameters: "))]
    assert [p.split("` ")[1].split(" ")[0].rstrip(",.") for p in parameters.split("`{{")[1:]] == list(
        template.fields
    )
