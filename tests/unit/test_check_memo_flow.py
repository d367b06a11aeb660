"""The check_memo flow Lambda, driven with the ContactFlowEvent a Connect flow sends (documented
payload, the memo form's fields as its parameters)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from aftercall import container
from aftercall.handlers import check_memo
from aftercall.local.lambda_context import lambda_context
from tests.helpers import load_event, mutate

CARD = "4111 1111 1111 1111"
GOOD = {
    "aftercall_purpose": "11월 요금 중복 청구 문의",
    "aftercall_status": "중복 청구 12,000원 확인, 환불 접수",
    "aftercall_desired_outcome": "중복 청구분 환불",
    "aftercall_occurred_at": "2026-11-20",
    "aftercall_problem": "같은 요금제가 두 번 청구됨",
    "aftercall_progress": "환불 요청 완료, 3영업일 내 입금",
    "aftercall_consent": "yes",
}


@pytest.fixture(autouse=True)
def _fresh() -> None:
    container.reset()


def _check(parameters: dict[str, str]) -> dict[str, str]:
    event = mutate(
        load_event("connect_contact_flow_event.lambda_docs.json"), **{"Details.Parameters": parameters}
    )
    return check_memo.handler(event, lambda_context("check_memo"))


def test_a_good_memo_is_ok_and_saved_as_typed() -> None:
    reply = _check(GOOD)

    assert reply["ok"] == "true"
    assert reply["count"] == "0"
    assert reply["findings"] == ""
    assert {k: reply[k] for k in GOOD} == GOOD
    assert all(isinstance(v, str) for v in reply.values())


def test_a_draft_gets_plain_words_what_to_fix_first_and_is_never_saved_unsafe() -> None:
    draft = {
        **GOOD,
        "aftercall_purpose": "진상 고객이 무례하게 환불 요구",
        "aftercall_status": "확인 필요",
        "aftercall_agent_note": f"카드 {CARD} 불러줌",
        "aftercall_desired_outcome": "",
    }
    reply = _check(draft)

    assert reply["ok"] == "false"
    lines = reply["findings"].splitlines()
    assert reply["count"] == str(len(lines))
    assert reply["finding1"] == "원하는 결과 항목이 비어 있습니다. 꼭 적어 주세요."
    assert any("감정·평가 표현 대신 사실과 상황만" in line and "진상" in line for line in lines)
    assert any("확인 필요" in line and "구체적으로" in line for line in lines)
    assert any("카드번호나 주민등록번호는 저장 전에 가려졌습니다" in line for line in lines)
    # What the form saves: judging words and the card number never as typed
    assert reply["aftercall_purpose"] == "○○ 고객이 ○○하게 환불 요구"
    assert reply["aftercall_agent_note"] == "카드 **** **** **** 1111 불러줌"
    assert CARD not in json.dumps(reply)


def test_english_for_an_english_speaking_agent() -> None:
    reply = _check({**GOOD, "aftercall_status": "will look into it", "agent_locale": "en-US"})

    assert reply["ok"] == "false"
    assert "does not say what exactly, or by when" in reply["findings"]
    assert "agent_locale" not in reply  # only memo attributes are handed back to be saved


def test_a_judging_word_found_only_after_normalising_removes_the_whole_value() -> None:
    reply = _check({**GOOD, "aftercall_purpose": "진\u200b상 고객 환불 요구"})  # a zero-width space inside

    assert reply["ok"] == "false"
    assert reply["aftercall_purpose"] == "(고객을 평가하는 표현이 있어 저장하지 않았습니다)"


@pytest.mark.parametrize(
    "event",
    [
        load_event("connect_contact_flow_event.powertools_min.json"),  # no parameters at all
        load_event("connect_contact_flow_event.powertools_all.json"),
        {"Details": {"Parameters": {"aftercall_purpose": 12}}},  # not a string
        {"Details": []},
        "not an event",
    ],
)
def test_any_event_gets_an_answer(event: Any) -> None:
    reply = check_memo.handler(event, lambda_context("check_memo"))

    assert reply["ok"] == "false"  # nothing written is never ok
    assert reply["finding1"].startswith("메모가 작성되지 않았습니다")


def test_nothing_the_agent_typed_reaches_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        _check({**GOOD, "aftercall_agent_note": f"카드 {CARD}", "aftercall_purpose": "진상 고객"})

    assert "memo checked" in caplog.text
    for typed in (CARD, "1111", "진상", "중복 청구"):
        assert typed not in caplog.text


HUNSPELL_FILES = "/usr/share/hunspell"  # Debian's hunspell-ko and hunspell-en-us (make spelling)


def test_with_its_spelling_layer_the_lambda_checks_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    # The deployed function's environment (the layer's dictionaries: here Debian's, the same files)
    from pathlib import Path

    if not (Path(HUNSPELL_FILES) / "ko.aff").is_file():
        pytest.skip("no Hunspell dictionaries (make spelling)")
    monkeypatch.setenv("SPELL_CHECK", "true")
    monkeypatch.setenv("SPELL_DICTIONARIES", HUNSPELL_FILES)
    container.reset()

    good = _check(GOOD)
    typo = _check({**GOOD, "aftercall_progress": "환뷸 요청 완료, 3영업일 내 입금"})

    assert (good["spelling_checked"], good["count"], good["ok"]) == ("true", "0", "true")
    assert typo["spelling_checked"] == "true"
    assert typo["count"] == "1"
    assert typo["finding1"].startswith("처리 내용")  # which field, in the agent's words
    assert typo["aftercall_progress"] == "환뷸 요청 완료, 3영업일 내 입금"  # a typo is the agent's to fix


def test_without_its_dictionaries_the_lambda_still_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Any
) -> None:
    monkeypatch.setenv("SPELL_CHECK", "true")
    monkeypatch.setenv("SPELL_DICTIONARIES", str(tmp_path))  # the layer is missing: no files
    container.reset()

    answer = _check(GOOD)

    assert (answer["ok"], answer["spelling_checked"]) == ("true", "false")
    assert '"SpellingUnavailable"' in capsys.readouterr().out  # the metric that says so
