"""The reference table through the API and the CLI, and what checks make of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.records.conftest import firearm, make_countries
from tests.test_cli import clew

API = "/api/v1/firearms/reference"


@pytest.fixture
def countries(database: Database) -> dict[str, dict[str, str]]:
    return make_countries(database)


@pytest.fixture
def admin(countries: dict[str, dict[str, str]], database: Database) -> dict[str, str]:
    make_user(database, "admin.bg", Role.ADMINISTRATOR, "BG-NCB")
    return bearer(make_token(database, "admin.bg", Scope.READ, Scope.ADMIN))


def test_an_officer_finds_a_calibre_by_an_alias(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    page = client.get(API, params={"kind": "calibre", "q": "308"}, headers=countries["officer.lv"])
    assert page.status_code == 200
    assert "308 Winchester" in [i["name"] for i in page.json()["items"]]
    suggested = client.get(
        f"{API}/suggest", params={"kind": "calibre", "q": "9x19"}, headers=countries["officer.lv"]
    ).json()
    assert suggested[0] == "9mm Luger"


def test_only_an_administrator_adds_and_the_addition_is_used(
    client: TestClient, countries: dict[str, dict[str, str]], admin: dict[str, str]
) -> None:
    body = {"kind": "make", "name": "Acme Arms Works", "country": "BG", "aliases": ["AAW"]}
    assert client.post(API, json=body, headers=countries["dm.bg"]).status_code == 403
    assert client.post(API, json=body, headers=admin).status_code == 201
    suggested = client.get(
        f"{API}/suggest", params={"kind": "make", "q": "aaw"}, headers=countries["officer.lv"]
    ).json()
    assert suggested[0] == "Acme Arms Works"


def test_an_import_adds_good_rows_and_names_bad_lines(
    client: TestClient, admin: dict[str, str]
) -> None:
    csv = (
        "kind,name,make,country,firearm_type,calibre,aliases\n"
        "calibre,9x21 IMI,,,,,9x21|9mm IMI\n"
        "model,,Glock,,pistol,9mm Luger,\n"
    )
    answer = client.post(
        f"{API}/import", content=csv, headers=admin | {"Content-Type": "text/csv"}
    ).json()
    assert answer["added"] == 1 and [r["line"] for r in answer["rejected"]] == [3]
    exported = client.get(f"{API}/export", headers=admin).text
    assert "9x21 IMI" in exported.splitlines()[-1] or "9x21 IMI" in exported


def test_a_check_matches_calibres_by_alias_and_flags_an_unknown_make(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    record = firearm(calibre="9mm Luger", make="Acme Thunder", model="X1",
                     serial_number="AB123456", firearm_type="pistol")  # fmt: skip
    assert (
        client.post("/api/v1/records", json=record, headers=countries["dm.bg"]).status_code == 201
    )
    query = {"firearm": {"serial_number": "AB123456", "make": "Acme Thunder", "calibre": "9x19"}}
    answer = client.post("/api/v1/checks", json=query, headers=countries["officer.lv"]).json()
    (result,) = answer["results"]
    assert result["band"] == "hit"  # 9x19 is 9mm Luger: the calibre does not count against
    assert "make: exact (not in the reference table)" in result["text"]
    assert "calibre: exact" in result["text"] and "calibre: exact (" not in result["text"]


def test_the_cli_lists_adds_and_imports(database: Database, tmp_path: Path) -> None:
    added = clew(database, "firearms", "reference", "add", "calibre", "9x21 IMI", "--alias", "9x21")
    assert added.returncode == 0, added.stderr
    listed = clew(database, "firearms", "reference", "list", "--kind", "calibre", "--q", "9x21",
                  "--json")  # fmt: skip
    assert "9x21 IMI" in listed.stdout
    path = tmp_path / "makes.csv"
    path.write_text("kind,name,make,country,firearm_type,calibre,aliases\nmake,Acme,,Narnia,,,\n")
    imported = clew(database, "firearms", "reference", "import", str(path))
    assert imported.returncode == 1 and "line 2" in imported.stderr
