"""``aftercall lint-memo``: what an agent or supervisor sees for a memo file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aftercall.cli.main import main
from tests.helpers import EVENTS
from tests.samples import memo_attributes

QUICK = {
    "aftercall_purpose": "환불 문의",
    "aftercall_status": "접수 완료",
    "aftercall_desired_outcome": "환불",
}
ACCURATE = {
    "aftercall_occurred_at": "2026-11-20",
    "aftercall_problem": "같은 요금이 두 번 청구됨",
    "aftercall_progress": "환불 접수, 3영업일 내 입금",
}


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "memo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_given_a_good_memo_when_linted_then_it_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint-memo", "--no-spelling", write(tmp_path, {**QUICK, **ACCURATE})]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "memo ok: quick, accurate and polite"


def test_given_the_sample_memo_when_linted_then_it_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint-memo", write(tmp_path, memo_attributes())]) == 0
    assert "memo ok" in capsys.readouterr().out


def test_given_only_advice_when_linted_then_it_passes_with_suggestions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint-memo", "--no-spelling", write(tmp_path, QUICK)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("memo ok: quick, accurate and polite — 3 suggestions")
    assert "advice  missing_detail           occurred_at" in out
    assert "언제 일어났는지 날짜로 적어 주세요" in out
    assert "Please add when it happened, with a date" in out


def test_given_findings_when_linted_as_json_then_each_has_severity_and_advice_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = {"aftercall_purpose": "인터넷 끊김", "aftercall_status": "확인요망", **ACCURATE}
    assert main(["lint-memo", "--no-spelling", "--json", write(tmp_path, memo)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    found = {(f["rule"], f["field"], f["phrase"], f["severity"]) for f in out["findings"]}
    assert found == {("missing", "desired_outcome", "", "fix"), ("vague", "status", "확인 필요", "fix")}
    assert out["gate"]["action"] in {"send", "drop", "hold"}
    vague = next(f for f in out["findings"] if f["rule"] == "vague")
    assert "구체적으로 적어 주세요" in vague["advice_ko"]
    assert "Please be specific" in vague["advice_en"]


def test_given_a_judging_word_when_linted_then_the_text_shows_the_fix_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = {**QUICK, **ACCURATE, "aftercall_status": "진상 고객, 같은 요구 반복"}
    assert main(["lint-memo", "--no-spelling", write(tmp_path, memo)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "memo needs work: 1 to fix, 0 suggestions"
    assert lines[1].split() == ["fix", "judging", "status", '"진상"']
    assert lines[2].strip() == '현재 상태: "진상" 같은 감정·평가 표현 대신 사실과 상황만 적어 주세요.'
    assert lines[3].strip().startswith('current state: instead of words like "진상"')


def test_given_lang_ko_when_linted_then_only_korean_advice_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = {**QUICK, **ACCURATE, "aftercall_occurred_at": "최근"}
    assert main(["lint-memo", "--no-spelling", "--lang", "ko", write(tmp_path, memo)]) == 1
    out = capsys.readouterr().out
    assert '발생 시각: "최근" 같은 표현은 날짜가 아닙니다' in out
    assert "is not a date" not in out


def test_given_a_contact_record_when_linted_then_it_is_read_through_its_attributes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["lint-memo", str(EVENTS / "connect_ctr_voice_inbound_with_acw.json")]) == 1
    out = capsys.readouterr().out
    assert "empty" in out
    assert "메모가 작성되지 않았습니다" in out


def test_given_a_broken_file_when_linted_then_it_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "memo.json"
    path.write_text("[1, 2]", encoding="utf-8")
    assert main(["lint-memo", str(path)]) == 2
    assert "expected a JSON object" in capsys.readouterr().out


def test_given_a_free_text_memo_when_linted_then_the_missing_fields_are_named_with_their_labels(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    memo = {"aftercall_memo": "목적: 환불 문의\n원하는 결과: 환불\n고객이 중복 결제됐다고 함"}
    assert main(["lint-memo", "--no-spelling", write(tmp_path, memo)]) == 1
    out = capsys.readouterr().out
    assert "no memo was written" not in out.lower()
    assert "free-text memo (aftercall_memo)" in out
    assert "fix     missing                  status" in out
    assert '자유 형식 메모에서는 "상태: …" 줄로 적을 수 있습니다.' in out
    assert 'In a free-text memo, start a line with "Status: …".' in out
