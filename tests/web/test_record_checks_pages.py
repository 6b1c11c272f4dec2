"""The "Checks drawn" page of a record: its owner's list of the checks that returned it."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from clew.access.roles import Role
from clew.storage import Database
from clew.web import hit_pages
from tests.conftest import make_user
from tests.records.conftest import make_countries, person
from tests.web.test_browser import sign_in as browser_sign_in
from tests.web.test_check_pages import TRAVELLER, check, decide, hit_ids
from tests.web.test_pages import sign_in
from tests.web.test_records_pages import api_record

MISSING = 999_999


@pytest.fixture
def drawn(client: TestClient, database: Database) -> int:
    """A record hidden from Austria, checked at Terehova by Latvia's police, then at Vienna
    airport by Austria's NCB (silently); the owner confirms the Latvian hit."""
    headers = make_countries(database)
    record_id = api_record(client, headers, visibility={"mode": "except", "countries": ["AT"]})
    sign_in(client, "officer.lv")
    check(client, TRAVELLER | {"place": "Terehova"})
    sign_in(client, "officer.at")
    check(client, TRAVELLER | {"place": "Vienna airport"})
    sign_in(client, "dm.bg")
    latvian = hit_ids(client.get("/hits").text)[-1]
    assert decide(client, latvian, "confirmed", note="Same person").status_code == 303
    return record_id


def totals(html: str) -> dict[str, int]:
    block = html[html.index('<dl class="hit-meta check-totals">') :].split("</dl>")[0]
    return {k: int(v) for k, v in re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", block)}


def places(html: str) -> list[str]:
    return re.findall(r"<dt>Where</dt><dd><bdi>([^<]+)</bdi></dd>", html)


def test_the_owner_finds_the_checks_from_the_record_page(client: TestClient, drawn: int) -> None:
    record = client.get(f"/records/{drawn}").text
    assert "checks: 2, hits: 2" in record
    assert f'<a href="/records/{drawn}/checks">Checks drawn</a>' in record
    page = client.get(f"/records/{drawn}/checks")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Checks drawn</h1>" in html and "Юлия Тимофеева (1985-03-07)" in html
    assert totals(html) == {"Checks": 2, "Hits": 2, "Confirmed": 1, "Rejected": 0,
                            "Silent hits": 1}  # fmt: skip
    assert places(html) == ["Vienna airport", "Terehova"]  # newest first
    vienna, terehova = html.split('<li class="result hit-item')[1:]
    assert "silent" in vienna.split(">")[0] and "Silent — the checking country" in vienna
    assert "AT-NCB · Austria" in vienna and "Not decided yet." in vienna
    assert "LV-POLICE · Latvia" in terehova and "<strong>Confirmed</strong> · dm.bg" in terehova
    assert "Same person" in terehova and "Silent" not in terehova
    assert "<dt>Channel</dt><dd>Web</dd>" in vienna and "<dt>Channel</dt><dd>Web</dd>" in terehova
    assert 'value="confirmed"' not in html  # decisions are taken in the inbox


def test_anyone_of_the_owning_agency_who_reads_records_sees_them(
    client: TestClient, database: Database, drawn: int
) -> None:
    make_user(database, "analyst.bg", Role.ANALYST, "BG-NCB")
    sign_in(client, "analyst.bg")
    assert places(client.get(f"/records/{drawn}/checks").text) == ["Vienna airport", "Terehova"]


@pytest.mark.parametrize("who", ["officer.lv", "dm.lv", "officer.bg", "officer.at"])
def test_for_anyone_else_the_page_answers_like_a_missing_record(
    client: TestClient, drawn: int, who: str
) -> None:
    sign_in(client, who)
    record = client.get(f"/records/{drawn}")
    assert f"/records/{drawn}/checks" not in record.text  # no link for a non-owner
    refused = client.get(f"/records/{drawn}/checks")
    missing = client.get(f"/records/{MISSING}/checks")
    assert refused.status_code == missing.status_code == 404
    assert refused.text.replace(f"/records/{drawn}/", "/records/N/") == missing.text.replace(
        f"/records/{MISSING}/", "/records/N/"
    )
    assert "Тимофеева" not in refused.text and "Vienna" not in refused.text


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("all", ["Vienna airport", "Terehova"]),
        ("pending", ["Vienna airport"]),
        ("confirmed", ["Terehova"]),
        ("rejected", []),
    ],
)
def test_the_decision_filter_narrows_the_list_not_the_totals(
    client: TestClient, drawn: int, decision: str, expected: list[str]
) -> None:
    html = client.get(f"/records/{drawn}/checks?decision={decision}").text
    assert places(html) == expected
    assert re.search(rf'decision={decision}" aria-current="page"', html)
    assert totals(html)["Checks"] == 2
    assert ("No hits here." in html) is (not expected)


def test_pages_are_bounded_and_walked_with_the_pager(
    client: TestClient, drawn: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hit_pages, "PAGE_SIZE", 1)
    first = client.get(f"/records/{drawn}/checks").text
    assert places(first) == ["Vienna airport"]
    assert "1–1 of 2" in first and 'href="?offset=1&amp;decision=all">Next</a>' in first
    second = client.get(f"/records/{drawn}/checks?offset=1&decision=all").text
    assert places(second) == ["Terehova"] and "2–2 of 2" in second
    assert client.get(f"/records/{drawn}/checks?offset=2000000").status_code == 422


@pytest.mark.browser
def test_in_a_browser_the_owner_goes_from_the_record_to_its_checks(
    page: Page, live_url: str, database: Database
) -> None:
    headers = make_countries(database)
    with httpx.Client(base_url=live_url) as api:
        hidden = person(visibility={"mode": "except", "countries": ["AT"]})
        record = api.post("/api/v1/records", json=hidden, headers=headers["dm.bg"]).json()
        for who, place in (("officer.lv", "Terehova"), ("officer.at", "Vienna airport")):
            body = {"person": {"names": ["Yulia Timofeeva"]}, "place": place}
            assert api.post("/api/v1/checks", json=body, headers=headers[who]).is_success
        latvian = api.get(f"/api/v1/records/{record['id']}/hits", headers=headers["dm.bg"])
        hit_id = latvian.json()["items"][1]["id"]
        api.post(f"/api/v1/hits/{hit_id}/decision", json={"decision": "confirmed"},
                 headers=headers["dm.bg"])  # fmt: skip

    browser_sign_in(page, "dm.bg")
    page.goto(f"/records/{record['id']}")
    page.get_by_role("link", name="Checks drawn").click()
    expect(page.get_by_role("heading", name="Checks drawn")).to_be_visible()
    expect(page.locator(".check-totals")).to_contain_text("Silent hits")
    items = page.locator("ol.hits > li")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Vienna airport")
    expect(items.first).to_contain_text("Silent — the checking country cannot see this record.")
    page.locator("nav.filter-links").get_by_role("link", name="Confirmed").click()
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text("LV-POLICE · Latvia")
    expect(items.first).to_contain_text("dm.bg")
