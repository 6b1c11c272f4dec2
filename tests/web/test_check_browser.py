"""The check page in a real headless Chromium: a Bulgarian officer checks a traveller typed in
Latin letters and gets the Cyrillic-named record first, explained in Bulgarian."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from clew.access.login import actor_for
from clew.access.models import User
from clew.records import store
from clew.records.schemas import PersonCreate
from clew.storage import Database
from tests.records.conftest import make_countries, person
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def _records(database: Database) -> None:
    """The wanted woman, named only in Cyrillic, and a man with a like name."""
    make_countries(database)
    with database.transaction() as session:
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        for body in (
            person(names=[{"given": "Юрий", "family": "Тимофеев"}], gender="male",
                   date_of_birth="1961-11-02", identifiers=[]),
            person(names=[{"given": "Юлия", "family": "Тимофеева"}], identifiers=[]),
        ):  # fmt: skip
            store.create_record(session, owner, PersonCreate(**body))


def test_a_bulgarian_officer_finds_the_cyrillic_record_from_latin_letters(
    page: Page, database: Database
) -> None:
    _records(database)
    sign_in(page, "officer.bg")
    page.get_by_label("Language").select_option("bg")
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", "bg")

    menu = page.locator("header nav").get_by_role("link")
    expect(menu.first).to_have_text("Проверка")  # the first item of an officer's menu
    menu.first.click()
    page.wait_for_load_state()  # htmx listens from DOMContentLoaded on
    names = page.get_by_label("Име и фамилия", exact=True)
    expect(names).to_be_focused()  # type at once, no click
    page.evaluate("window.sameDocument = true")
    page.keyboard.type("IULIIA TIMOFEEVA")
    page.keyboard.press("Tab")
    page.keyboard.type("1985-03-07")
    page.keyboard.press("Enter")

    first = page.locator("#check-results .result").first
    expect(first.locator(".result-label")).to_have_text("Юлия Тимофеева (1985-03-07)")
    expect(first.locator(".band")).to_have_text("СЪВПАДЕНИЕ")
    expect(first.locator(".action")).to_have_text("Arrest; inform NCB Sofia")
    why = first.locator(".why")
    expect(why).to_contain_text("Тимофеева")
    expect(why).to_contain_text("транслитерира")  # Cyrillic read as the Latin letters typed
    expect(why).to_contain_text("дата на раждане: съвпада")
    assert page.evaluate("window.sameDocument") is True  # swapped in, not a new page
    expect(names).to_have_value("IULIIA TIMOFEEVA")

    page.keyboard.press("Escape")  # the next traveller
    expect(names).to_be_focused()
    expect(names).to_have_value("")
    expect(page.locator("#check-results .result")).to_have_count(0)
    page.keyboard.type("Nobody Atall")
    page.keyboard.press("Enter")
    expect(page.locator(".no-hits-title")).to_have_text("Няма съвпадения")


def test_after_enter_the_hit_is_in_view_at_1366_by_768(page: Page, database: Database) -> None:
    """On a laptop screen the form fills the window: the answer is scrolled into view at once,
    so the officer sees the hit without scrolling."""
    _records(database)
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, "officer.bg")
    page.goto("/check")
    page.wait_for_load_state()
    page.keyboard.type("IULIIA TIMOFEEVA")
    page.keyboard.press("Tab")
    page.keyboard.type("1985-03-07")
    page.keyboard.press("Enter")

    first = page.locator("#check-results .result").first
    expect(first.locator(".band")).to_have_text("HIT")
    expect(first.locator(".result-head")).to_be_in_viewport(ratio=1)
    expect(first.locator(".action")).to_be_in_viewport(ratio=1)
