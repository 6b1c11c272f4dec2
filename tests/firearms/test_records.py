"""Firearm records: ITI markings, the locate and clear transactions, partial serial searches."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.access.roles import Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.records.conftest import firearm, make_countries, vehicle
from tests.test_cli import clew

Headers = dict[str, dict[str, str]]
RECORDS = "/api/v1/records"
MARKINGS = {
    "import_marks": [{"country": "DE", "year": 1998}, {"country": "at"}],
    "other_markings": "Proof mark of Ferlach; crest on the receiver",
    "serial_obliterated": True,
    "serial_restored": "ab1?45",
}

MARKS = [{"country": "DE", "year": 1998}, {"country": "AT", "year": None}]  # as read back


@pytest.fixture
def countries(database: Database) -> Headers:
    return make_countries(database)


def _create(client: TestClient, headers: Headers, **overrides: Any) -> dict[str, Any]:
    answer = client.post(RECORDS, json=firearm(**overrides), headers=headers["dm.bg"])
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _check(client: TestClient, headers: Headers, serial: str) -> list[dict[str, Any]]:
    answer = client.post(
        "/api/v1/checks", json={"firearm": {"serial_number": serial}}, headers=headers["officer.lv"]
    )
    assert answer.status_code == 200, answer.text
    results: list[dict[str, Any]] = answer.json()["results"]
    return results


# --- markings ---------------------------------------------------------------------------------


def test_markings_round_trip_through_the_api(client: TestClient, countries: Headers) -> None:
    created = _create(client, countries, **MARKINGS)
    data = client.get(f"{RECORDS}/{created['id']}", headers=countries["officer.lv"]).json()["data"]
    assert data["import_marks"] == MARKS
    assert data["other_markings"] == MARKINGS["other_markings"]
    assert data["serial_obliterated"] is True
    assert data["serial_restored"] == "AB1?45"


def test_a_bad_import_mark_is_refused_by_field(client: TestClient, countries: Headers) -> None:
    body = firearm(import_marks=[{"country": "Narnia", "year": 1700}])
    answer = client.post(RECORDS, json=body, headers=countries["dm.bg"])
    assert answer.status_code == 422
    fields = {f["field"] for f in answer.json()["error"]["fields"]}
    assert any("import_marks" in f for f in fields)


def test_markings_round_trip_through_csv(client: TestClient, countries: Headers) -> None:
    created = _create(client, countries, **MARKINGS)
    exported = client.get(
        f"{RECORDS}/export", params={"format": "csv"}, headers=countries["dm.bg"]
    ).text
    header = exported.splitlines()[0].split(",")
    assert {"import_marks", "other_markings", "serial_obliterated", "serial_restored"} <= set(
        header
    )
    client.post(
        f"{RECORDS}/{created['id']}/cancel",
        json={"reason": "re-imported"},
        headers=countries["dm.bg"],
    )
    imported = client.post(
        f"{RECORDS}/import", params={"format": "csv"}, content=exported.encode(),
        headers=countries["dm.bg"] | {"Content-Type": "text/csv"},
    )  # fmt: skip
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == 1, imported.text
    (new_id,) = imported.json()["record_ids"]
    data = client.get(f"{RECORDS}/{new_id}", headers=countries["dm.bg"]).json()["data"]
    assert {k: data[k] for k in MARKINGS} == {
        "import_marks": MARKS,
        "other_markings": MARKINGS["other_markings"],
        "serial_obliterated": True,
        "serial_restored": "AB1?45",
    }


# --- locate and clear -------------------------------------------------------------------------

FOUND = {"on": "2025-03-01", "place": "Kapitan Andreevo border post", "agency": "BG-BORDER",
         "status": "seized"}  # fmt: skip


def test_locate_marks_the_firearm_seized_and_keeps_it_screened(
    client: TestClient, countries: Headers
) -> None:
    record = _create(client, countries, serial_number="LOC12345")
    answer = client.post(f"{RECORDS}/{record['id']}/locate", json=FOUND, headers=countries["dm.bg"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "active"
    assert answer.json()["data"]["status"] == "seized"
    assert answer.json()["data"]["located"]["place"] == FOUND["place"]
    history = client.get(f"{RECORDS}/{record['id']}/history", headers=countries["dm.bg"]).json()
    assert history[-1]["action"] == "locate"
    assert history[-1]["changes"]["status"] == ["stolen", "seized"]
    assert [r["record_id"] for r in _check(client, countries, "LOC12345")] == [record["id"]]


def test_clear_takes_the_record_off_the_watchlist(
    client: TestClient, countries: Headers, database: Database
) -> None:
    record = _create(client, countries, serial_number="CLR12345")
    assert _check(client, countries, "CLR12345")
    body = {"reason": "Returned to its owner", "on": "2025-04-02"}
    answer = client.post(f"{RECORDS}/{record['id']}/clear", json=body, headers=countries["dm.bg"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "cleared"
    assert answer.json()["data"]["status"] == "recovered"
    assert [a["status"] for a in answer.json()["alerts"]] == ["cancelled"]
    assert _check(client, countries, "CLR12345") == []
    history = client.get(f"{RECORDS}/{record['id']}/history", headers=countries["dm.bg"]).json()
    assert history[-1]["action"] == "clear"
    with database.reading() as session:
        actions = session.execute(select(AuditEntry.action)).scalars().all()
    assert "record.clear" in actions


@pytest.mark.parametrize("action,body", [("locate", FOUND), ("clear", {"reason": "found"})])
def test_only_the_owner_transacts_and_hidden_records_are_not_found(
    client: TestClient, countries: Headers, action: str, body: dict[str, str]
) -> None:
    shared = _create(client, countries)
    hidden = _create(client, countries, visibility={"mode": "only", "countries": ["AT"]})
    url = f"{RECORDS}/{{}}/{action}"
    assert client.post(url.format(shared["id"]), json=body,
                       headers=countries["dm.lv"]).status_code == 403  # fmt: skip
    missing = client.post(url.format(999_999), json=body, headers=countries["dm.lv"])
    refused = client.post(url.format(hidden["id"]), json=body, headers=countries["dm.lv"])
    assert (refused.status_code, refused.json()) == (missing.status_code, missing.json())
    assert refused.status_code == 404


def test_a_cleared_record_cannot_be_located(client: TestClient, countries: Headers) -> None:
    record = _create(client, countries)
    client.post(f"{RECORDS}/{record['id']}/clear", json={"reason": "x"}, headers=countries["dm.bg"])
    answer = client.post(f"{RECORDS}/{record['id']}/locate", json=FOUND, headers=countries["dm.bg"])
    assert answer.status_code == 422


def test_only_a_firearm_is_located(client: TestClient, countries: Headers) -> None:
    record = client.post(RECORDS, json=vehicle(), headers=countries["dm.bg"]).json()
    answer = client.post(f"{RECORDS}/{record['id']}/locate", json=FOUND, headers=countries["dm.bg"])
    assert answer.status_code == 422


def test_the_cli_locates_and_clears(client: TestClient, world: Database) -> None:
    make_user(world, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    token = bearer(make_token(world, "dm.bg", Scope.READ, Scope.WRITE))
    record_id = client.post(RECORDS, json=firearm(), headers=token).json()["id"]
    located = clew(world, "records", "locate", str(record_id), "--agency", "BG-NCB",
                   "--on", "2025-03-01", "--place", "Sofia", "--found-by", "BG-BORDER")  # fmt: skip
    assert located.returncode == 0, located.stderr
    assert "located: seized" in located.stdout
    bad = clew(world, "records", "locate", str(record_id), "--agency", "BG-NCB",
               "--on", "yesterday", "--place", "Sofia", "--found-by", "BG-BORDER")  # fmt: skip
    assert bad.returncode != 0
    cleared = clew(world, "records", "clear", str(record_id), "--agency", "BG-NCB",
                   "--reason", "Returned to its owner")  # fmt: skip
    assert cleared.returncode == 0, cleared.stderr
    listed = clew(world, "records", "list", "--status", "cleared", "--json")
    assert [row["id"] for row in json.loads(listed.stdout)] == [record_id]
