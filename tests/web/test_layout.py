"""The main pages at 1366×768 in all four languages: nothing wider than the window (a cut tab,
a cut chart panel, an audit table past the edge), the import radios beside their labels, and
a top bar that stays one line at 1280 px."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update

from clew.access.models import User
from clew.access.roles import Role
from clew.storage import Database
from tests.conftest import PG_URL, make_user
from tests.web.test_browser import give_code, sign_in
from tests.web.test_intel_browser import _caviar_file

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "vi", "lv", "bg")
#: Layout does not depend on the database: the whole language matrix runs on SQLite, and the
#: PostgreSQL run keeps the language with the longest words (Bulgarian), to hold CI time.
MATRIX = ("bg",) if PG_URL else LANGUAGES
#: Who sees which pages (an analyst's file pages get its id).
PAGES: dict[str, tuple[str, ...]] = {
    "officer.bg": ("/", "/check", "/records", "/hits", "/hits/ours", "/agencies", "/screen",
                   "/traces", "/operations", "/firearms/reference", "/tokens"),
    "dm.bg": ("/", "/records", "/records/import", "/hits", "/alerts/due",
              "/records/new?kind=person"),
    "analyst.ca": ("/", "/files", "/files/{file}", "/files/{file}/chart", "/files/{file}/players",
                   "/exchange", "/exchange/requests", "/liaison"),
    "dpo": ("/", "/audit"),
}  # fmt: skip

OVERFLOW = """() => {
  // The page wider than the window, or a box that cuts its content sideways (a tab bar, a
  // side panel, a table in a scroller): what is past the edge is not seen.
  const root = document.documentElement;
  const cut = [...document.querySelectorAll("body *")].filter((e) => {
    const style = getComputedStyle(e);
    return style.overflowX !== "visible" && e.scrollWidth > e.clientWidth + 1
      && e.clientWidth > 2 && !e.classList.contains("sr-only") && style.display !== "none"
      && !["TEXTAREA", "SELECT", "INPUT"].includes(e.tagName);
  }).map((e) => "cut " + e.tagName + "." + e.className);
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll("body *")].filter(
      (e) => e.getBoundingClientRect().right > root.clientWidth + 1);
    cut.push("page: " + wide.slice(-3).map((e) => e.tagName + "." + e.className).join(", "));
  }
  return cut.length ? cut.join("; ") : null;
}"""


@pytest.fixture
def file_id(database: Database) -> Iterator[int]:
    """A world of every role, something on each page, and the analyst's CAVIAR file."""
    from tests.records.conftest import make_countries

    make_countries(database)
    found, _ = _caviar_file(database)
    make_user(database, "dpo", Role.AUDITOR, "BG-NCB")
    yield found


def _speak(database: Database, language: str) -> None:
    with database.transaction() as session:
        session.execute(update(User).values(locale=language))


def _overflowing(page: Page, paths: tuple[str, ...], file_id: int) -> list[str]:
    found = []
    for path in paths:
        page.goto(path.format(file=file_id))
        page.wait_for_load_state("networkidle")
        wide = page.evaluate(OVERFLOW)
        if wide:
            found.append(f"{path}: {wide}")
    return found


@pytest.mark.parametrize("language", MATRIX)
def test_no_main_page_is_wider_than_the_window(
    page: Page, database: Database, file_id: int, language: str
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    _speak(database, language)
    overflowing: list[str] = []
    for username, paths in PAGES.items():
        page.context.clear_cookies()
        sign_in(page, username)
        if username == "dpo":
            give_code(page, database, username)
        expect(page.locator("html")).to_have_attribute("lang", language)
        overflowing += _overflowing(page, paths, file_id)
    assert not overflowing, "\n".join(overflowing)


@pytest.mark.parametrize("language", MATRIX)
def test_the_top_bar_stays_one_line_at_1280(
    page: Page, database: Database, file_id: int, language: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    _speak(database, language)
    for username in ("officer.bg", "dm.bg", "analyst.ca"):
        page.context.clear_cookies()
        sign_in(page, username)
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.wait_for_load_state("networkidle")
        tops = page.evaluate(
            "() => [...document.querySelectorAll('header.top > *, header.top nav a')]"
            ".map((e) => e.getBoundingClientRect()).filter((box) => box.width > 0)"
            ".map((box) => Math.round(box.top + box.height / 2))"
        )
        assert max(tops) - min(tops) <= 12, (username, tops)


RADIOS = """() => [...document.querySelectorAll("label > input[type=radio]")].map((radio) => {
  const text = document.createRange();
  text.selectNodeContents(radio.parentElement);
  text.setStartAfter(radio);
  const [own, words] = [radio.getBoundingClientRect(), text.getClientRects()[0]];
  return {gap: words.left - own.right, rise: Math.abs(words.top + words.height / 2
          - (own.top + own.height / 2))};
})"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_import_radios_sit_beside_their_labels(
    page: Page, database: Database, file_id: int, language: str
) -> None:
    page.set_viewport_size({"width": 1366, "height": 768})
    _speak(database, language)
    sign_in(page, "dm.bg")
    page.goto("/records/import")
    radios = page.evaluate(RADIOS)
    assert len(radios) == 2
    assert all(0 <= r["gap"] <= 12 and r["rise"] <= 6 for r in radios), radios


def test_pages_raise_no_policy_errors_and_have_an_icon(
    page: Page, database: Database, file_id: int
) -> None:
    """The browser's console stays clean (no inline style refused by the Content-Security-
    Policy: htmx's indicator styles are in the style sheet) and the icon is served."""
    refused: list[str] = []
    missing: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if message.type == "error" else None)  # fmt: skip
    page.on("response", lambda response: missing.append(response.url)
            if response.status >= 400 else None)  # fmt: skip
    sign_in(page, "officer.bg")
    for path in ("/", "/check", "/records", "/hits"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
    icon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
    assert page.request.get(icon).status == 200
    assert refused == [] and missing == [], (refused, missing)
