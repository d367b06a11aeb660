"""The detail page in a real browser: Debian's Chromium driven by Playwright, against ``aftercall serve``.

The server is the one ``aftercall serve`` runs (``serve_in_thread``) on 127.0.0.1, over moto with the
sample follow-ups seeded. Screenshots go to test-artifacts/. Without Chromium these tests fail,
saying how to install it, unless AFTERCALL_SKIP_BROWSER=1 is set.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from aftercall import container
from aftercall.adapters.tables import create_tables
from aftercall.local.page_samples import seed_samples
from aftercall.local.page_server import LOCAL_ENV, LOCAL_TABLES, serve_in_thread
from aftercall.settings import table_environment

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("AFTERCALL_CHROMIUM", "/usr/bin/chromium")
# Flags known to work as root on a machine without outside network (see docs/detail-page.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}
MIN_CONTRAST = 4.5

# Per element with text of its own: its colour against the first opaque background behind it.
CONTRASTS_JS = """
() => {
  const rgba = (css) => {
    const p = css.match(/[\\d.]+/g).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((el) => {
      const [hi, lo] = [luminance(rgba(getComputedStyle(el).color)), luminance(background(el))]
        .sort((x, y) => y - x);
      return { text: el.textContent.trim().slice(0, 40), ratio: (hi + 0.05) / (lo + 0.05) };
    });
}
"""
# True when Hangul is drawn with a real glyph: a missing glyph draws the same box as a code point no
# font has (U+10FFFD, private use).
HANGUL_DRAWN_JS = """
(element) => {
  const draw = (text) => {
    const canvas = document.createElement("canvas");
    canvas.width = 200; canvas.height = 60;
    const ctx = canvas.getContext("2d");
    ctx.font = getComputedStyle(element).font;
    ctx.fillText(text, 10, 40);
    return canvas.toDataURL();
  };
  return draw("한") !== draw(String.fromCodePoint(0x10FFFD));
}
"""
HEADING_LEVELS_JS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])"


@dataclass(frozen=True)
class Links:
    korean: str
    english: str
    expired: str


@pytest.fixture(scope="module")
def links() -> Iterator[Links]:
    """``aftercall serve``'s server in a thread, over moto, with its sample follow-ups."""
    env = {**LOCAL_ENV, **table_environment(LOCAL_TABLES)}
    with pytest.MonkeyPatch.context() as patch, mock_aws():
        for name, value in env.items():  # set here so they are undone after the module
            patch.setenv(name, value)
        create_tables(LOCAL_TABLES, env["AWS_REGION"])
        server, base_url = serve_in_thread(LOCAL_TABLES)
        try:
            samples = {s.label: s.url for s in seed_samples(base_url, datetime.now(UTC))}
            yield Links(samples["ko-KR follow-up"], samples["en-US follow-up"], samples["expired link"])
        finally:
            server.shutdown()
            server.server_close()
            container.reset()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if os.environ.get("AFTERCALL_SKIP_BROWSER") == "1":
        pytest.skip("AFTERCALL_SKIP_BROWSER=1")
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: `apt-get install -y chromium fonts-noto-cjk` "
            "(or set AFTERCALL_CHROMIUM, or AFTERCALL_SKIP_BROWSER=1 to skip browser tests)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    page: Any
    status: int
    console_errors: list[str]


def visit(browser: Any, url: str, locale: str, color_scheme: str = "light") -> Iterator[Visit]:
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale=locale, color_scheme=color_scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    try:
        yield Visit(page, response.status, errors)
    finally:
        context.close()


@pytest.fixture(scope="module")
def korean(browser: Any, links: Links) -> Iterator[Visit]:
    yield from visit(browser, links.korean, "ko-KR")


@pytest.fixture(scope="module")
def english(browser: Any, links: Links) -> Iterator[Visit]:
    yield from visit(browser, links.english, "en-US")


@pytest.fixture(scope="module")
def korean_dark(browser: Any, links: Links) -> Iterator[Visit]:
    yield from visit(browser, links.korean, "ko-KR", color_scheme="dark")


@pytest.fixture(scope="module")
def expired(browser: Any, links: Links) -> Iterator[Visit]:
    yield from visit(browser, links.expired, "ko-KR")


def screenshot(visit: Visit, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / f"detail-page-{name}.png"), full_page=True)


def test_korean_page_renders_with_hangul_glyphs(korean: Visit) -> None:
    screenshot(korean, "ko-KR")
    heading = korean.page.locator("h1")

    assert korean.status == 200
    assert heading.inner_text() == "상담 내용 안내"
    assert heading.evaluate(HANGUL_DRAWN_JS), "Hangul renders as boxes: apt-get install -y fonts-noto-cjk"


def test_english_page_renders(english: Visit) -> None:
    screenshot(english, "en-US")

    assert english.status == 200
    assert english.page.locator("h1").inner_text() == "Your call summary"


@pytest.mark.parametrize(("fixture", "lang"), [("korean", "ko"), ("english", "en")])
def test_page_declares_its_language(fixture: str, lang: str, request: pytest.FixtureRequest) -> None:
    visit: Visit = request.getfixturevalue(fixture)

    assert visit.page.locator("html").get_attribute("lang") == lang


@pytest.mark.parametrize("fixture", ["korean", "english"])
def test_no_console_errors(fixture: str, request: pytest.FixtureRequest) -> None:
    visit: Visit = request.getfixturevalue(fixture)

    assert visit.console_errors == []


@pytest.mark.parametrize("fixture", ["korean", "english", "expired"])
def test_every_link_has_a_name(fixture: str, request: pytest.FixtureRequest) -> None:
    page = request.getfixturevalue(fixture).page

    assert page.get_by_role("link", name=re.compile(r"\S")).count() == page.locator("a[href]").count()


@pytest.mark.parametrize("fixture", ["korean", "english", "expired"])
def test_headings_start_at_h1_and_skip_no_level(fixture: str, request: pytest.FixtureRequest) -> None:
    levels: list[int] = request.getfixturevalue(fixture).page.evaluate(HEADING_LEVELS_JS)

    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in itertools.pairwise(levels))


@pytest.mark.parametrize("fixture", ["korean", "english", "korean_dark", "expired"])
def test_text_contrast_is_at_least_4_5_to_1(fixture: str, request: pytest.FixtureRequest) -> None:
    visit: Visit = request.getfixturevalue(fixture)
    if fixture == "korean_dark":
        screenshot(visit, "ko-KR-dark")

    contrasts = visit.page.evaluate(CONTRASTS_JS)

    assert contrasts
    assert [c for c in contrasts if c["ratio"] < MIN_CONTRAST] == []


def test_calendar_link_downloads_the_appointment(korean: Visit) -> None:
    with korean.page.expect_download() as download_info:
        korean.page.get_by_role("link", name="캘린더에 추가하기").click()
    download = download_info.value

    assert download.suggested_filename == "appointment.ics"
    assert Path(download.path()).read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_expired_link_shows_a_friendly_page_with_no_data(expired: Visit) -> None:
    screenshot(expired, "expired")
    text = expired.page.locator("body").inner_text()

    assert expired.status == 404
    assert expired.page.locator("h1").inner_text() == "링크를 열 수 없습니다"
    for data in ("Aftercall Telecom", "1600-0000", "5678", "환불", "예약"):
        assert data not in text
