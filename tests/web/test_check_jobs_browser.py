"""After a job (a manifest screened, a file imported) the page that shows its results keeps the
navigation bar: the officer goes on from there, not back through the browser's history."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from clew.storage import Database
from tests.records.conftest import make_countries
from tests.web.test_browser import nav, sign_in
from tests.web.test_check_browser import _records

pytestmark = pytest.mark.browser

PAXLST = Path(__file__).parents[1] / "screening" / "fixtures" / "fb471.paxlst"
CSV = Path(__file__).parents[2] / "src" / "clew" / "web" / "static" / "import-example.csv"


def test_the_results_of_a_screened_manifest_keep_the_navigation(
    page: Page, database: Database
) -> None:
    _records(database)
    sign_in(page, "officer.bg")
    page.goto("/screen")
    page.set_input_files("input[type=file]", str(PAXLST))
    page.get_by_role("button", name="Upload and screen").click()
    expect(page.locator("#screen-job")).to_contain_text("3 travellers", timeout=30_000)
    expect(nav(page, "Check")).to_be_visible()
    # What htmx's last poll of the running job fetched: the panel alone, at the page's address.
    page.evaluate("fetch(location.href, {headers: {'HX-Request': 'true'}}).then(r => r.text())")
    page.locator("#screen-job a[href^='/records/']").first.click()  # a hit's record ...
    expect(page.locator("h1")).to_contain_text("Тимофеева")
    page.go_back()  # ... and back to the results: the whole page, not the polled panel
    expect(page.locator("#screen-job")).to_contain_text("3 travellers")
    expect(nav(page, "Check")).to_be_visible()
    expect(page.locator("footer")).to_be_visible()


def test_the_results_of_an_import_keep_the_navigation(page: Page, database: Database) -> None:
    make_countries(database)
    sign_in(page, "dm.bg")
    page.goto("/records/import")
    page.set_input_files("input[type=file]", str(CSV))
    page.locator("#import-form button[type=submit]").click()
    expect(page.locator("#import-job")).not_to_contain_text("%", timeout=30_000)
    expect(nav(page, "Watchlists")).to_be_visible()
    expect(page.locator("footer")).to_be_visible()
