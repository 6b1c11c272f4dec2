"""Watchlists in a real headless Chromium: a record restricted from one country, end to end."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from clew.access.login import actor_for
from clew.access.models import User
from clew.records import store
from clew.records.schemas import PersonCreate
from clew.storage import Database
from tests.records.conftest import make_countries, person
from tests.web.test_browser import nav, sign_in

pytestmark = pytest.mark.browser


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def search(page: Page, text: str) -> None:
    nav(page, "Watchlists").click()
    page.wait_for_load_state()  # htmx listens from DOMContentLoaded on
    page.get_by_label("Name, number or plate, in any script").fill(text)  # live search, no submit


def test_a_record_kept_from_austria_is_found_by_latvia(page: Page, database: Database) -> None:
    make_countries(database)
    with database.transaction() as session:  # one record that every country sees
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        store.create_record(session, owner, PersonCreate(**person(names=[{"full": "Ivan Petrov"}])))

    sign_in(page, "dm.bg")
    nav(page, "Watchlists").click()
    page.get_by_role("link", name="Person", exact=True).click()
    own_script = page.get_by_role("group", name="Name 1")
    own_script.get_by_label("Given name").fill("Юлия")
    own_script.get_by_label("Family name").fill("Тимофеева")
    latin = page.get_by_role("group", name="Name 2")
    expect(latin.get_by_label("Kind of name")).to_have_value("latin")
    latin.get_by_label("Given name").fill("IULIIA")
    latin.get_by_label("Family name").fill("TIMOFEEVA")
    page.get_by_label("Date of birth", exact=True).fill("1985-03-07")
    page.get_by_label("Nationalities").fill("BG")
    page.get_by_label("Category").select_option("wanted_for_arrest")
    page.get_by_label("Action to take").fill("Arrest; inform NCB Sofia at once")
    page.get_by_label("Every member country except the listed ones").check()
    page.get_by_label("Countries", exact=True).fill("AT")
    page.get_by_role("button", name="Create record").click()
    expect(page.get_by_role("status")).to_have_text("Record created.")
    expect(page.get_by_role("heading", name="Юлия Тимофеева (1985-03-07)")).to_be_visible()
    expect(page.get_by_text("Every member country except the listed ones: Austria")).to_be_visible()
    record_url = page.url.split("?")[0]
    sign_out(page)

    sign_in(page, "officer.at")
    search(page, "timofeeva")
    rows = page.locator("#record-rows")
    expect(rows).to_contain_text("0 records")
    expect(rows).to_contain_text("No records match.")
    page.get_by_label("Name, number or plate, in any script").fill("petrov")  # search works
    expect(rows.get_by_role("link", name=re.compile("Ivan Petrov"))).to_be_visible()
    page.goto(record_url)
    expect(page.get_by_role("heading", name="Not found.")).to_be_visible()
    sign_out(page)

    sign_in(page, "officer.lv")
    search(page, "Iuliia Timofeeva")
    expect(rows).to_contain_text("1 record")
    rows.get_by_role("link", name=re.compile("Тимофеева")).click()
    expect(page.get_by_role("heading", name="Юлия Тимофеева (1985-03-07)")).to_be_visible()
    expect(page.locator(".alert-box .action")).to_have_text("Arrest; inform NCB Sofia at once")
    expect(page.get_by_role("link", name="Edit the record")).to_have_count(0)
