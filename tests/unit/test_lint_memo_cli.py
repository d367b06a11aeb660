"""``aftercall lint-memo``: what an agent or supervisor sees for a memo file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aftercall.cli.main import main
from tests.helpers import EVENTS
from tests.samples import memo_attributes


def write(tmp_path: Path, data: object) -> str:
    path = tmp_path / "memo.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_good_memo_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint-memo", write(tmp_path, memo_attributes())]) == 0
    assert "memo ok" in capsys.readouterr().out


def test_findings_as_json_with_exit_code_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memo = {"aftercall_purpose": "인터넷 끊김", "aftercall_status": "확인 필요"}
    assert main(["lint-memo", "--json", write(tmp_path, memo)]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False
    found = {(f["rule"], f["field"]) for f in out["findings"]}
    assert found == {("missing", "desired_outcome"), ("vague", "status")}


def test_a_contact_record_is_read_through_its_attributes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint-memo", str(EVENTS / "connect_ctr_voice_inbound_with_acw.json")]) == 1
    assert "empty" in capsys.readouterr().out


def test_a_broken_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "memo.json"
    path.write_text("[1, 2]", encoding="utf-8")
    assert main(["lint-memo", str(path)]) == 2
    assert "expected a JSON object" in capsys.readouterr().out
