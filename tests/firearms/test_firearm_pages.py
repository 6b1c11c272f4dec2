"""Firearms in the browser's pages: the reference table (search, an administrator's addition and
CSV import), a firearm record's form and page (markings, the unlisted flag), locate and clear,
and the partial serial search of the records list."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.records.conftest import firearm
from tests.web.test_pages import csrf, sign_in, sign_in_with_code


def _record(client: TestClient, world: Database, **overrides: object) -> int:
    make_user(world, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    token = bearer(make_token(world, "dm.bg", Scope.READ, Scope.WRITE))
    answer = client.post("/api/v1/records", json=firearm(**overrides), headers=token)
    assert answer.status_code == 201, answer.text
    record_id: int = answer.json()["id"]
    return record_id


def test_an_officer_searches_the_reference_table(client: TestClient, world: Database) -> None:
    sign_in(client, "officer.lv")
    page = client.get("/firearms/reference", params={"kind": "calibre", "q": "9x19"})
    assert page.status_code == 200
    assert "9mm Luger" in page.text
    assert 'href="/firearms/reference"' in page.text  # the nav entry
    assert 'action="/firearms/reference/import"' not in page.text  # administrators only
    refused = client.post("/firearms/reference", data={
        "csrf_token": csrf(client, "/firearms/reference"), "kind": "make", "name": "Acme",
    })  # fmt: skip
    assert refused.status_code == 403


def test_an_administrator_adds_a_make_and_imports_a_csv(
    client: TestClient, world: Database
) -> None:
    sign_in_with_code(client, world, "admin.bg")
    added = client.post("/firearms/reference", follow_redirects=False, data={
        "csrf_token": csrf(client, "/firearms/reference"), "kind": "make",
        "name": "Acme Arms Works", "country": "BG", "aliases": "AAW|Acme",
    })  # fmt: skip
    assert added.status_code == 303, added.text
    page = client.get(added.headers["location"]).text
    assert "Acme Arms Works" in page and "AAW" in page
    assert "Added to the reference table." in page
    bad = client.post("/firearms/reference", data={
        "csrf_token": csrf(client, "/firearms/reference"), "kind": "model", "name": "X1",
    })  # fmt: skip
    assert bad.status_code == 422 and "make" in bad.text

    csv = "kind,name,make,country,firearm_type,calibre,aliases\ncalibre,9x21 IMI,,,,,9x21\n,,,\n"
    imported = client.post(
        "/firearms/reference/import",
        data={"csrf_token": csrf(client, "/firearms/reference")},
        files={"file": ("makes.csv", csv.encode(), "text/csv")},
    )
    assert imported.status_code == 200, imported.text
    assert "1 of 2 rows imported." in imported.text and "Line 3" in imported.text
    assert "9x21 IMI" in client.get("/firearms/reference", params={"q": "9x21"}).text


def test_the_record_page_flags_an_unlisted_make_and_shows_markings(
    client: TestClient, world: Database
) -> None:
    record_id = _record(
        client, world, make="Acme Thunder", calibre="9x19",
        import_marks=[{"country": "DE", "year": 1998}], other_markings="Crest on the receiver",
        serial_obliterated=True, serial_restored="AB1?45",
    )  # fmt: skip
    sign_in(client, "officer.lv")
    page = client.get(f"/records/{record_id}").text
    make = re.search(r"<dd>Acme Thunder(.*?)</dd>", page, re.S)
    assert make and "not in the reference table" in make.group(1)
    calibre = re.search(r"<dd>9x19(.*?)</dd>", page, re.S)
    assert calibre and "not in the reference table" not in calibre.group(1)  # an alias: listed
    assert "Germany" in page and "1998" in page and "Crest on the receiver" in page
    assert "AB1?45" in page


def test_the_record_form_suggests_and_keeps_the_markings(
    client: TestClient, world: Database
) -> None:
    make_user(world, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    sign_in(client, "dm.bg")
    form = client.get("/records/new?kind=firearm").text
    assert 'list="reference-calibres"' in form and '<option value="9mm Luger">' in form
    created = client.post("/records", follow_redirects=False, data={
        "csrf_token": csrf(client, "/records/new?kind=firearm"), "kind": "firearm",
        "serial_number": "WEB12345", "status": "stolen", "make": "Glock",
        "import_marks.0.country": "AT", "import_marks.0.year": "2004",
        "import_marks.1.country": "XX-bad",
        "serial_obliterated": "on", "serial_restored": "WEB1??45",
        "other_markings": "Proof mark", "visibility.mode": "all",
    })  # fmt: skip
    assert created.status_code == 422  # the second import mark's country is not a country
    assert 'id="import_marks-1-country-error"' in created.text
    created = client.post("/records", follow_redirects=False, data={
        "csrf_token": csrf(client, "/records/new?kind=firearm"), "kind": "firearm",
        "serial_number": "WEB12345", "status": "stolen", "make": "Glock",
        "import_marks.0.country": "AT", "import_marks.0.year": "2004",
        "serial_obliterated": "on", "serial_restored": "WEB1??45",
        "other_markings": "Proof mark", "visibility.mode": "all",
    })  # fmt: skip
    assert created.status_code == 303, created.text
    record_id = created.headers["location"].split("/")[2].split("?")[0]
    edit = client.get(f"/records/{record_id}/edit").text
    assert 'value="AT"' in edit and 'value="2004"' in edit and "checked" in edit


def test_locate_then_clear_from_the_record_page(client: TestClient, world: Database) -> None:
    record_id = _record(client, world, serial_number="PAGE12345")
    sign_in(client, "dm.bg")
    page = client.get(f"/records/{record_id}").text
    assert f'action="/records/{record_id}/locate"' in page
    missing = client.post(f"/records/{record_id}/locate", data={
        "csrf_token": csrf(client, f"/records/{record_id}"), "on": "2025-03-01", "place": "",
        "agency": "BG-BORDER", "status": "seized",
    })  # fmt: skip
    assert missing.status_code == 422 and 'id="locate"' in missing.text
    located = client.post(f"/records/{record_id}/locate", data={
        "csrf_token": csrf(client, f"/records/{record_id}"), "on": "2025-03-01",
        "place": "Kapitan Andreevo", "agency": "BG-BORDER", "status": "seized",
    })  # fmt: skip
    assert located.status_code == 200, located.text  # followed to the record's page
    assert "Find recorded." in located.text and "Kapitan Andreevo" in located.text
    cleared = client.post(f"/records/{record_id}/clear", data={
        "csrf_token": csrf(client, f"/records/{record_id}"), "reason": "Returned to its owner",
    })  # fmt: skip
    assert "Record cleared: it is no longer checked." in cleared.text
    assert f'action="/records/{record_id}/clear"' not in cleared.text  # nothing left to do

    sign_in(client, "officer.lv")
    check = client.post("/api/v1/checks", json={"firearm": {"serial_number": "PAGE12345"}},
                        headers=bearer(make_token(world, "officer.lv", Scope.READ)))  # fmt: skip
    assert check.json()["results"] == []


def test_the_records_list_searches_a_partial_serial(client: TestClient, world: Database) -> None:
    record_id = _record(client, world, serial_number="PART12345")
    sign_in(client, "officer.lv")
    page = client.get("/records", params={"serial": "PART1*5"}).text
    assert f'href="/records/{record_id}"' in page
    assert (
        f'href="/records/{record_id}"'
        not in client.get("/records", params={"serial": "PART9*"}).text
    )
    vague = client.get("/records", params={"serial": "*5"}).text
    assert "at least 3 letters or digits" in vague
