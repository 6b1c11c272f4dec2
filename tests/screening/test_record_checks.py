"""The checks each record drew, for its owning agency (``GET /api/v1/records/{id}/hits``)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.records.conftest import person

Headers = dict[str, dict[str, str]]
TRAVELLER = {"names": ["Yulia Timofeeva"], "date_of_birth": "1985-03-07"}
MISSING = 999_999


def _check(client: TestClient, headers: dict[str, str], place: str) -> None:
    body = {"person": TRAVELLER, "place": place}
    assert client.post("/api/v1/checks", json=body, headers=headers).status_code == 200


def _hits(client: TestClient, headers: dict[str, str], record_id: int, **params: Any) -> Any:
    response = client.get(f"/api/v1/records/{record_id}/hits", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def drawn(client: TestClient, countries: Headers) -> int:
    """A record hidden from Austria, checked at a Latvian border, then at Vienna airport
    (silently); the owner confirms the Latvian hit."""
    hidden = person(visibility={"mode": "except", "countries": ["AT"]})
    record = client.post("/api/v1/records", json=hidden, headers=countries["dm.bg"]).json()
    _check(client, countries["officer.lv"], "Terehova border crossing")
    _check(client, countries["officer.at"], "Vienna airport")
    latvian = _hits(client, countries["dm.bg"], record["id"])["items"][1]
    decided = client.post(f"/api/v1/hits/{latvian['id']}/decision",
                          json={"decision": "confirmed", "note": "Same person"},
                          headers=countries["dm.bg"])  # fmt: skip
    assert decided.status_code == 200, decided.text
    return int(record["id"])


def test_the_owner_sees_every_check_newest_first_with_totals(
    client: TestClient, countries: Headers, drawn: int
) -> None:
    page = _hits(client, countries["dm.bg"], drawn)
    assert (page["total"], page["limit"], page["offset"]) == (2, 50, 0)
    assert page["totals"] == {"checks": 2, "hits": 2, "confirmed": 1, "rejected": 0, "silent": 1}
    vienna, terehova = page["items"]
    assert vienna["at"] >= terehova["at"]
    assert (vienna["checking_agency"], vienna["checking_country"], vienna["place"]) == (
        "AT-NCB", "AT", "Vienna airport",
    )  # fmt: skip
    assert (vienna["silent"], vienna["decision"], vienna["decided_by"]) == (True, "pending", None)
    assert (terehova["checking_agency"], terehova["checking_country"]) == ("LV-POLICE", "LV")
    assert (terehova["silent"], terehova["decision"], terehova["decided_by"]) == (
        False, "confirmed", "dm.bg",
    )  # fmt: skip
    for item in page["items"]:
        assert item["record_id"] == drawn and item["channel"] == "api"
        assert item["band"] == "hit" and item["score"] > 0.9 and item["explanation"]


def test_anyone_of_the_owning_agency_who_reads_records_sees_them(
    client: TestClient, countries: Headers, database: Database, drawn: int
) -> None:
    make_user(database, "officer.ncb", Role.OFFICER, "BG-NCB")
    colleague = bearer(make_token(database, "officer.ncb", Scope.READ))
    assert _hits(client, colleague, drawn)["totals"]["checks"] == 2


@pytest.mark.parametrize("who", ["officer.lv", "dm.lv", "officer.bg", "officer.at"])
def test_for_anyone_else_the_record_answers_like_a_missing_one(
    client: TestClient, countries: Headers, drawn: int, who: str
) -> None:
    """officer.lv checked it and sees the record; officer.bg is of the owner's country but
    another agency; officer.at met it silently."""
    refused = client.get(f"/api/v1/records/{drawn}/hits", headers=countries[who])
    missing = client.get(f"/api/v1/records/{MISSING}/hits", headers=countries[who])
    assert refused.status_code == missing.status_code == 404
    assert refused.content == missing.content
    assert refused.content == client.get(f"/api/v1/records/{MISSING}",
                                         headers=countries[who]).content  # fmt: skip
    owner_missing = client.get(f"/api/v1/records/{MISSING}/hits", headers=countries["dm.bg"])
    assert owner_missing.status_code == 404 and owner_missing.content == missing.content


@pytest.mark.parametrize(
    ("decision", "places"),
    [
        ("all", ["Vienna airport", "Terehova border crossing"]),
        ("pending", ["Vienna airport"]),
        ("confirmed", ["Terehova border crossing"]),
        ("rejected", []),
    ],
)
def test_the_decision_filter_narrows_the_list_not_the_totals(
    client: TestClient, countries: Headers, drawn: int, decision: str, places: list[str]
) -> None:
    page = _hits(client, countries["dm.bg"], drawn, decision=decision)
    assert [item["place"] for item in page["items"]] == places
    assert page["total"] == len(places)
    assert page["totals"]["checks"] == 2
    bad = client.get(f"/api/v1/records/{drawn}/hits", params={"decision": "maybe"},
                     headers=countries["dm.bg"])  # fmt: skip
    assert bad.status_code == 422


def test_the_page_size_is_bounded(client: TestClient, countries: Headers, drawn: int) -> None:
    first = _hits(client, countries["dm.bg"], drawn, limit=1)
    second = _hits(client, countries["dm.bg"], drawn, limit=1, offset=1)
    assert [p["place"] for p in first["items"] + second["items"]] == [
        "Vienna airport", "Terehova border crossing",
    ]  # fmt: skip
    assert first["total"] == second["total"] == 2
    for limit in (0, 201, 10_000):
        response = client.get(f"/api/v1/records/{drawn}/hits", params={"limit": limit},
                              headers=countries["dm.bg"])  # fmt: skip
        assert response.status_code == 422, limit


def test_every_view_is_audited_without_names_or_document_numbers(
    client: TestClient, countries: Headers, drawn: int
) -> None:
    _hits(client, countries["dm.bg"], drawn, decision="pending")
    client.get(f"/api/v1/records/{drawn}/hits", headers=countries["dm.lv"])  # refused
    with client.app.state.database.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.exec_driver_sql(
            "SELECT username, target, query, result_ids FROM audit_entries"
            " WHERE action = 'hit.record' ORDER BY seq"
        ).all()
    assert [row[0] for row in rows] == ["dm.bg", "dm.bg"]  # the fixture's view, then this one
    entry = rows[-1]
    assert entry[1] == f"record:{drawn}"
    assert json.loads(entry[2])["decision"] == "pending"
    assert str(drawn) in entry[3]
    for secret in ("Тимофеева", "TIMOFEEVA", "Timofeeva", "382"):
        assert secret not in entry[2] and secret not in entry[3]
