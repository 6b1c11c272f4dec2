"""A joint operation's live dashboard in a real headless Chromium: the Bulgarian coordinator
watches the dashboard in Bulgarian; a Romanian officer, on a phone-sized screen, reports an
arrest from the field form; the coordinator's arrests tile and timeline change without a
reload (server-sent events)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from clew.access.models import User
from clew.storage import Database
from tests.operations.conftest import accept, add_post, create, make_cast
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_an_arrest_reported_from_a_phone_moves_the_coordinators_tile_without_reload(
    page: Page, browser: Browser, live_url: str, database: Database
) -> None:
    cast = make_cast(database)
    operation = create(database, cast, timezone="UTC")
    accept(database, cast, operation, "officer.ro")
    add_post(database, cast, operation, "RO-POLICE", "Calafat", "CAL")
    with database.transaction() as session:
        session.execute(update(User).where(User.username == "coord.bg").values(locale="bg"))

    # The coordinator's dashboard, in Bulgarian
    sign_in(page, "coord.bg")
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    page.goto(f"/operations/{operation}/live")
    expect(page.locator("html")).to_have_attribute("lang", "bg")
    expect(page.get_by_role("link", name="Табло", exact=True)).to_be_visible()
    expect(page.locator("table.live-agencies thead")).to_contain_text("Ведомство")
    arrests = page.locator('[data-tile="arrests"] .tile-value')
    expect(arrests).to_have_text("0")
    expect(page.locator("#live")).to_have_attribute("data-live", "on")  # the stream is open
    page.evaluate("window.__notReloaded = true")

    # The officer's phone
    phone = browser.new_context(base_url=live_url, locale="en-GB",
                                viewport={"width": 390, "height": 844}, is_mobile=True,
                                has_touch=True)  # fmt: skip
    officer = phone.new_page()
    officer.set_default_timeout(10_000)
    try:
        sign_in(officer, "officer.ro")
        officer.goto(f"/operations/{operation}/report-result")
        officer.get_by_label("What happened").select_option("arrest")
        expect(officer.get_by_label("Legal basis")).to_be_visible()
        expect(officer.get_by_label("Seized")).to_be_hidden()  # only the kind's fields show
        officer.get_by_label("Persons arrested").fill("1")
        officer.get_by_label("Crime").select_option("migrant_smuggling")
        officer.get_by_label("Legal basis").select_option("red_notice")
        officer.get_by_label("Post").select_option(label="Calafat (CAL)")
        send = officer.get_by_role("button", name="Send the report")
        box = send.bounding_box()
        assert box is not None and box["width"] <= 390  # fits the phone's width
        send.click()
        expect(officer.get_by_role("status")).to_contain_text("Reported.")
    finally:
        phone.close()

    # The coordinator's tile moves by itself; the page was not reloaded
    expect(arrests).to_have_text("1", timeout=10_000)
    expect(page.locator("#live-timeline")).to_contain_text("Calafat")
    assert page.evaluate("window.__notReloaded") is True
