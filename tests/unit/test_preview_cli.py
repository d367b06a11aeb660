"""``aftercall preview``: the text, its encoding, parts, budget and lint, for people and for scripts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from aftercall.cli import preview
from aftercall.domain.memo import MemoKey

MEMO = {
    MemoKey.PURPOSE.value: "double charge on your card",
    MemoKey.DESIRED_OUTCOME.value: "refund of $35.00 to your card by Mar 6",
    MemoKey.AGENT_NOTE.value: "AGENT ONLY note",
}


@pytest.fixture(autouse=True)
def sender(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMPANY_NAME", "Acme Bank")
    monkeypatch.setenv("CALLBACK_NUMBER", "1588-1234")
    monkeypatch.delenv("BANNED_PHRASES", raising=False)


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    preview.register(parser.add_subparsers())
    args = parser.parse_args(["preview", *argv])
    result: int = args.func(args)
    return result


def memo_file(tmp_path: Path, attributes: dict[str, str]) -> str:
    path = tmp_path / "memo.json"
    path.write_text(json.dumps(attributes, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_prints_the_text_with_its_sizing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run("--strategy", "confirm", "--locale", "en-US", "--memo", memo_file(tmp_path, MEMO))
    out = capsys.readouterr().out
    assert code == 0
    assert "template   confirm#en-US (default)" in out
    assert "encoding   GSM-7" in out
    assert "parts      1 of a budget of 1" in out
    assert "lint       none" in out
    assert "We agreed: refund of $35.00 to your card by Mar 6" in out
    assert "AGENT ONLY" not in out


def test_json_output_is_one_object(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("--strategy", "detail", "--locale", "ko-KR", "--memo", memo_file(tmp_path, MEMO), "--json")
    report = json.loads(capsys.readouterr().out)
    assert (report["template_id"], report["encoding"], report["budget"]) == ("detail#ko-KR", "UCS-2", 3)
    assert report["parts"] <= report["budget"]
    assert "https://d.example.com/l/" in report["text"]


def test_a_reminder_preview(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memo = {MemoKey.APPOINTMENT_AT.value: "2026-03-05T14:30:00+09:00", MemoKey.APPOINTMENT_PLACE.value: "2F"}
    run(
        "--strategy",
        "appointment",
        "--locale",
        "en-US",
        "--kind",
        "reminder",
        "--memo",
        memo_file(tmp_path, memo),
    )
    assert "When: Thu, Mar 5 at 2:30 PM" in capsys.readouterr().out


def test_lint_findings_give_exit_status_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    memo = {MemoKey.DESIRED_OUTCOME.value: "refund refund by Mar 6"}
    code = run("--strategy", "confirm", "--locale", "en-US", "--memo", memo_file(tmp_path, memo))
    assert code == 1
    assert "lint       repeated_word" in capsys.readouterr().out


def test_a_broken_override_shows_its_reasons_and_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "t.txt"
    template.write_text("${company_name}: hi ${nickname}", encoding="utf-8")
    code = run(
        "--strategy",
        "confirm",
        "--locale",
        "en-US",
        "--memo",
        memo_file(tmp_path, MEMO),
        "--template",
        str(template),
    )
    out = capsys.readouterr().out
    assert code == 1
    assert "refused    unknown placeholder ${nickname}" in out
    assert "template   confirm#en-US (default)" in out


def test_a_sound_override_is_previewed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.txt"
    template.write_text("${company_name}: we agreed: ${desired_outcome}", encoding="utf-8")
    args = ["--strategy", "confirm", "--locale", "en-US", "--memo", memo_file(tmp_path, MEMO)]
    code = run(*args, "--template", str(template), "--json")
    report = json.loads(capsys.readouterr().out)
    assert (code, report["template_source"], report["override_refused"]) == (0, "override", [])


def test_an_unreadable_memo_gives_exit_status_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "memo.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    assert run("--strategy", "confirm", "--memo", str(bad)) == 2
    assert "JSON object" in capsys.readouterr().err
