"""Template blocks from package data: escaped by default, shipped with the package."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from aftercall.domain.markup import EMPTY, Blocks, Markup, escape, join, parse_blocks

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "functions" / "aftercall" / "templates"
FILE = """<!-- what this file is -->
<!-- block: greeting -->
<p>${text}</p>
<!-- block: wrapper -->
<div>
${inner}</div>
"""


def test_text_is_escaped_quotes_included() -> None:
    assert escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"


def test_markup_goes_in_as_is() -> None:
    assert escape(Markup("<b>ok</b>")) == "<b>ok</b>"


def test_markup_joins_and_adds_only_markup() -> None:
    assert join([Markup("<i>"), EMPTY, Markup("</i>")]) == Markup("<i></i>")
    assert Markup("<i>") + Markup("</i>") == Markup("<i></i>")
    assert not EMPTY
    with pytest.raises(TypeError):
        Markup("<i>") + "text"  # type: ignore[operator]


def test_blocks_run_from_marker_to_marker_with_their_newlines() -> None:
    blocks = parse_blocks(FILE)

    assert set(blocks) == {"greeting", "wrapper"}
    assert blocks["greeting"].template == "<p>${text}</p>\n"
    assert blocks["wrapper"].template == "<div>\n${inner}</div>\n"


def test_duplicate_blocks_are_refused() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        parse_blocks(FILE + "<!-- block: greeting -->\nagain\n")


def test_invalid_placeholders_are_refused() -> None:
    with pytest.raises(ValueError, match="invalid"):
        parse_blocks("<!-- block: broken -->\n<p>${text</p>\n")


def test_a_missing_value_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(KeyError):
        Blocks("detail_page.html").render("note")


def test_the_page_template_is_read_from_package_data() -> None:
    page = Blocks("detail_page.html")

    assert {"document", "section", "notice"} <= page.names()
    assert page.placeholders("document") == {"lang", "title", "css", "body"}
    assert page.render("note", text="<x>") == Markup('<p class="note">&lt;x&gt;</p>\n')


def test_every_template_file_is_package_data() -> None:
    # Given the package-data globs  Then each file under aftercall/templates is in the wheel
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["aftercall"]
    files = [f"templates/{path.name}" for path in TEMPLATES.iterdir()]

    assert files
    assert [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)] == []
