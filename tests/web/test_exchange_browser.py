"""The liaison exchange in a real headless Chromium: a Vietnamese liaison officer, whose interface
is in Vietnamese, sends an urgent request to Cambodia; the Cambodian SPOC routes it to a desk and
answers it naming a passport; the passport is on Bulgaria's watchlist, and the Vietnamese
officer's copy of the answer says so.

Selectors are fields' names and the pages' classes, not their words: the Vietnamese words come
from the catalogues, which the words' own tests cover."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update

from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import Role
from clew.records import store
from clew.records.schemas import DocumentCreate
from clew.storage import Database
from tests.conftest import make_user
from tests.records.conftest import document
from tests.web.test_browser import sign_in
from tests.web.test_exchange_pages import make_cast

pytestmark = pytest.mark.browser

PASSPORT = "N2841937"


def _stolen_passport(database: Database) -> None:
    """Bulgaria's record of a stolen Vietnamese passport (seen by every country); the
    Vietnamese liaison officer reads Vietnamese."""
    make_user(database, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    with database.transaction() as session:
        session.execute(update(User).where(User.username == "liaison.vn").values(locale="vi"))
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        store.create_record(
            session, owner, DocumentCreate(**document(number=PASSPORT, issuing_country="VN"))
        )


def test_an_urgent_request_to_cambodia_is_routed_answered_and_its_passport_flagged(
    page: Page,
    database: Database,
) -> None:
    make_cast(database)
    _stolen_passport(database)

    # Vietnam: the urgent request, in a Vietnamese interface
    sign_in(page, "liaison.vn")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.goto("/exchange/requests/new")
    form = page.locator("form.request-form")
    form.locator('input[name="to_KH-NCB"]').check()
    form.locator('select[name="crime_area"]').select_option("drug_trafficking")
    form.locator('input[name="subject"]').fill("Người vận chuyển heroin qua Mộc Bài")
    form.locator('textarea[name="question"]').fill("Hộ chiếu của người này có được cấp không?")
    form.locator('input[name="about"]').fill("Trần Văn Long, sinh 1979")
    form.locator('input[name="legal_basis"]').fill("Hiệp định hợp tác VN-KH 2019")
    form.locator('select[name="urgency"]').select_option("urgent")
    form.locator('input[name="urgency_reason"]').fill("Chuyến hàng đi qua biên giới tối nay")
    form.locator('button[type="submit"]').click()
    expect(page.locator("table.recipients")).to_contain_text("KH-NCB")
    request_url = page.url.split("?")[0]
    assert re.search(r"/exchange/requests/[A-Za-z0-9_-]{20,}$", request_url), request_url
    expect(page.locator(".badge.urgent")).to_be_visible()
    page.context.clear_cookies()

    # Cambodia's SPOC: the request is in its inbox; it routes it to a desk and answers
    sign_in(page, "spoc.kh")
    expect(page.locator("header nav .exchange-badge")).to_be_visible()
    page.goto("/exchange")
    expect(page.locator("tr.message-row.unread")).to_contain_text("Mộc Bài")
    page.goto(request_url)
    expect(page.locator("h1")).to_have_attribute("lang", "vi")
    page.locator("details:has(form.route-form) > summary").click()
    route = page.locator("form.route-form")
    route.locator('input[name="desk"]').fill("Anti-drug desk")
    route.locator('button[type="submit"]').click()
    expect(page.locator("table.recipients")).to_contain_text("Anti-drug desk")
    answer = page.locator("form.answer-form")
    answer.locator('textarea[name="body"]').fill("The passport was issued to a different man.")
    answer.locator('select[name="language"]').select_option("en")
    answer.locator('input[name="ed0_number"]').fill(PASSPORT)
    answer.locator('input[name="ed0_country"]').fill("VN")
    answer.locator('button[type="submit"]').click()
    expect(page.locator("ul.replies")).to_contain_text("KH-NCB")
    page.context.clear_cookies()

    # Vietnam: the answer, its passport flagged as on Bulgaria's watchlist
    sign_in(page, "liaison.vn")
    page.goto(request_url)
    expect(page.locator("table.recipients")).to_contain_text("KH-NCB")
    page.locator("ul.replies a").first.click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".message-body")).to_have_attribute("lang", "en")
    flagged = page.locator("li.entity.flagged")
    expect(flagged).to_contain_text(PASSPORT)
    expect(flagged.locator(".annotation.watchlist")).to_contain_text("BG-NCB")
