"""The owner's hits page: one hit per encounter ("checked 3 times"), several decided at once,
and what a checking officer needs to act on a hit (the owner's 24/7 contact)."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from clew.access.models import Agency
from clew.access.roles import Role
from clew.storage import Database
from tests.conftest import make_user
from tests.records.conftest import make_countries
from tests.web.test_check_pages import TRAVELLER, check, hit_ids
from tests.web.test_pages import csrf, sign_in
from tests.web.test_records_pages import api_record


@pytest.fixture
def headers(database: Database) -> dict[str, dict[str, str]]:
    return make_countries(database)


def test_re_checks_of_one_encounter_are_one_hit_checked_so_many_times(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    for _ in range(3):
        check(client, TRAVELLER | {"place": "Terehova"})
    check(client, TRAVELLER | {"place": "Grebneva"})
    sign_in(client, "dm.bg")
    inbox = client.get("/hits").text
    assert len(hit_ids(inbox)) == 2
    assert "2 hits" in inbox
    assert inbox.count("checked 3 times") == 1
    (record,) = client.get("/api/v1/records", headers=headers["dm.bg"]).json()["items"]
    assert "checks: 4, hits: 4" in client.get(f"/records/{record['id']}").text  # every check
    assert "checked 3 times" in client.get(f"/records/{record['id']}/checks").text


def test_the_owner_decides_the_ticked_hits_at_once(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    for place in ("Terehova", "Grebneva", "Pāternieki"):
        check(client, TRAVELLER | {"place": place})
    sign_in(client, "dm.bg")
    inbox = client.get("/hits").text
    first, second, third = hit_ids(inbox)
    assert re.search(
        rf'<input type="checkbox"[^>]*name="hit-{first}"[^>]*form="decide-many"', inbox
    )
    data = {"csrf_token": csrf(client, "/hits"), "decision": "rejected", "note": "Not her",
            f"hit-{first}": "on", f"hit-{third}": "on", "back": "pending"}  # fmt: skip
    response = client.post("/hits/decisions", data=data, follow_redirects=False)
    assert response.status_code == 303
    assert "Hits rejected." in client.get(response.headers["location"]).text
    assert hit_ids(client.get("/hits").text) == [second]
    rejected = client.get("/hits?decision=rejected").text
    assert (
        set(hit_ids(rejected)) == {first, third}
        and rejected.count('<p class="decision-note">Not her</p>') == 2
    )


def test_a_decision_on_several_including_anothers_hit_decides_none(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    check(client, TRAVELLER | {"place": "Terehova"})
    sign_in(client, "dm.bg")
    (ours,) = hit_ids(client.get("/hits").text)
    data = {"csrf_token": csrf(client, "/hits"), "decision": "confirmed",
            f"hit-{ours}": "on", "hit-AAAAAAAAAAAAAAAAAAAAAA": "on"}  # fmt: skip
    response = client.post("/hits/decisions", data=data, follow_redirects=False)
    assert response.status_code == 404
    assert hit_ids(client.get("/hits").text) == [ours]  # still pending
    nothing = {"csrf_token": csrf(client, "/hits"), "decision": "confirmed"}
    assert client.post("/hits/decisions", data=nothing).status_code == 422


def _desk(database: Database) -> None:
    with database.transaction() as session:
        contact = {"desk": "NCB Sofia duty desk", "phone": "+359 2 555 0100",
                   "email": "duty@ncb.example.org"}  # fmt: skip
        session.execute(update(Agency).where(Agency.code == "BG-NCB").values(**contact))


def test_a_hit_shows_the_owners_24_7_contact_and_a_way_to_report_it(
    client: TestClient, headers: dict[str, dict[str, str]], database: Database
) -> None:
    record_id = api_record(client, headers)
    _desk(database)
    make_user(database, "liaison.lv", Role.LIAISON_OFFICER, "LV-POLICE")
    sign_in(client, "officer.lv")
    result = check(client, TRAVELLER | {"place": "Terehova"}).text
    assert "24/7 contact" in result and "NCB Sofia duty desk" in result
    assert 'href="tel:+35925550100"' in result and "mailto:duty@ncb.example.org" in result
    assert "Report the encounter" not in result  # an officer has no exchange: the desk it is
    assert "NCB Sofia duty desk" in client.get("/hits/ours").text

    sign_in(client, "liaison.lv")
    result = check(client, TRAVELLER | {"place": "Terehova"}).text
    link = re.search(r'<a class="button report" href="([^"]+)">Report the encounter', result)
    assert link is not None
    form = client.get(html.unescape(link.group(1))).text
    assert re.search(r'name="to_BG-NCB" value="1"\s+checked', form)
    assert f"Record {record_id}: Юлия Тимофеева (1985-03-07)" in html.unescape(form)
    assert "NCB Sofia duty desk" in client.get("/agencies").text  # in the directory too


def _figure(page: str, name: str) -> int:
    found = re.search(rf'class="figure count-{name}">(\d+)<', page)
    assert found is not None, name
    return int(found.group(1))


def test_the_dashboard_counts_what_waits_for_the_role(
    client: TestClient, headers: dict[str, dict[str, str]], database: Database
) -> None:
    soon = (date.today() + timedelta(days=30)).isoformat()
    api_record(client, headers, alert={"category": "discreet_check", "action": "Report",
                                       "expires_on": soon})  # fmt: skip
    sign_in(client, "officer.lv")
    for place in ("Terehova", "Grebneva"):
        check(client, TRAVELLER | {"place": place})
    sign_in(client, "dm.bg")
    home = client.get("/").text
    assert _figure(home, "pending-hits") == 2 and "hits wait for your decision" in home
    assert 'href="/hits?decision=pending"' in home
    assert _figure(home, "reviews-due") == 1 and 'href="/alerts/due"' in home
    (first, _) = hit_ids(client.get("/hits").text)
    client.post(f"/hits/{first}/decision", data={"csrf_token": csrf(client, "/hits"),
                                                 "decision": "confirmed"})  # fmt: skip
    assert _figure(client.get("/").text, "pending-hits") == 1

    make_user(database, "liaison.lv", Role.LIAISON_OFFICER, "LV-POLICE")
    sign_in(client, "liaison.lv")
    home = client.get("/").text
    assert _figure(home, "overdue-incoming") == 0
    assert 'href="/exchange/requests?box=incoming&amp;overdue=1"' in home
    assert "count-reviews-due" not in home  # a liaison officer reviews no alerts
