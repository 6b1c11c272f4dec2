"""A firearm trace in a real headless Chromium: a Bulgarian officer checks a pistol's serial, gets
a hit, opens a trace from it and asks Latvia; a Latvian officer, whose interface is in Latvian,
acknowledges it and answers with the weapon's history (made, sold to a dealer, reported stolen by
the dealer); the Bulgarian officer's trace page names the point of diversion: that sale."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update

from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import Role
from clew.records import store
from clew.records.schemas import FirearmCreate
from clew.storage import Database
from tests.conftest import make_user
from tests.records.conftest import firearm
from tests.web.test_browser import sign_in

pytestmark = pytest.mark.browser

SERIAL = "BHZ143"


def _stolen_pistol(database: Database) -> None:
    """Latvia's record of a stolen pistol, with an alert; officer.lv reads Latvian."""
    make_user(database, "dm.lv", Role.DATA_MANAGER, "LV-POLICE")
    with database.transaction() as session:
        session.execute(update(User).where(User.username == "officer.lv").values(locale="lv"))
        owner = actor_for(session.query(User).filter_by(username="dm.lv").one())
        body = firearm(serial_number=SERIAL, make="Glock", model="17", firearm_type="pistol",
                       calibre="9×19mm", country_of_manufacture="AT")  # fmt: skip
        store.create_record(session, owner, FirearmCreate(**body))


def test_a_trace_from_a_hit_is_answered_in_latvian_and_names_the_point_of_diversion(
    page: Page, world: Database
) -> None:
    _stolen_pistol(world)

    # Bulgaria: the check, the hit, the trace
    sign_in(page, "officer.bg")
    page.goto("/check")
    page.wait_for_load_state()
    page.locator("#firearm-serial_number").fill(SERIAL)
    page.get_by_role("button", name="Check now").click()
    hit = page.locator("#check-results .result").first
    expect(hit.locator(".result-label")).to_contain_text(SERIAL)
    hit.get_by_role("link", name="Open a trace").click()
    page.get_by_label("Reason", exact=True).select_option("trafficked")
    page.get_by_label("Crime", exact=True).select_option("firearms_trafficking")
    page.get_by_label("Country", exact=True).fill("BG")
    page.get_by_label("Place", exact=True).fill("Kapitan Andreevo")
    page.get_by_label("Date", exact=True).fill("2026-11-02")
    page.get_by_label("Name", exact=True).fill("Emre Aydın")
    page.get_by_label("Agencies to ask (codes, separated by spaces)").fill("LV-POLICE")
    page.get_by_role("button", name="Send the trace").click()
    expect(page.locator("h1")).to_contain_text(SERIAL)
    trace_url = page.url.split("?")[0]
    assert re.search(r"/traces/[A-Za-z0-9_-]{20,}$", trace_url), trace_url
    expect(page.locator(".recipients")).to_contain_text("LV-POLICE")
    page.context.clear_cookies()

    # Latvia: the incoming trace, in Latvian
    sign_in(page, "officer.lv")
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    page.goto(trace_url)
    expect(page.locator(".recipients")).to_contain_text("Nosūtīta")
    page.get_by_role("button", name="Apstiprināt saņemšanu").click()
    expect(page.locator(".recipients")).to_contain_text("Saņemšana apstiprināta")
    form = page.locator("form.answer-form")
    history = [
        ("2023-01", "manufactured", "AT", "Glock GmbH", ""),
        ("2023-03-02", "sold", "LV", "Glock GmbH", "Ieroču nams SIA"),
        ("2025-01-10", "reported_stolen", "LV", "Ieroču nams SIA", ""),
    ]
    for row, (when, kind, country, by, to) in enumerate(history):
        form.locator(f'[name="e{row}_occurred_on"]').fill(when)
        form.locator(f'[name="e{row}_kind"]').select_option(kind)
        form.locator(f'[name="e{row}_country"]').fill(country)
        form.locator(f'[name="e{row}_actor"]').fill(by)
        if to:
            form.locator(f'[name="e{row}_counterpart"]').fill(to)
    form.get_by_role("button", name="Nosūtīt atbildi").click()
    expect(page.locator(".recipients")).to_contain_text("Atbildēta")
    events = page.locator(".timeline .event")
    expect(events.nth(0)).to_contain_text("Izgatavots")
    expect(events.nth(1)).to_contain_text("Pārdots")
    expect(events.nth(2)).to_contain_text("Ziņots par zādzību")
    expect(page.locator("dl.diversion")).to_contain_text("Novirzīšanas punkts")
    expect(page.locator(".timeline .event.diversion")).to_contain_text("Pārdots")
    page.context.clear_cookies()

    # Bulgaria: the point of diversion, the sale to the dealer that reported the theft
    sign_in(page, "officer.bg")
    page.goto(trace_url)
    expect(page.locator(".recipients")).to_contain_text("Answered")
    diversion = page.locator("dl.diversion")
    expect(diversion).to_contain_text("Point of diversion")
    expect(diversion).to_contain_text("Sold · 2023-03-02 · Latvia · Glock GmbH → Ieroču nams SIA")
    expect(page.locator(".timeline .event.diversion")).to_contain_text("Sold")
