"""Checks over the API: the right record first, explained; hidden records hit silently."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.records.conftest import document, firearm, person, vehicle


def _check(client: TestClient, headers: dict[str, str], body: dict[str, object],
           language: str = "en") -> dict[str, object]:  # fmt: skip
    response = client.post(
        "/api/v1/checks", params={"language": language}, json=body, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_latin_query_finds_the_cyrillic_record_first_with_an_explanation(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    target = client.post("/api/v1/records", json=person(), headers=countries["dm.bg"]).json()
    client.post(
        "/api/v1/records",
        json=person(names=[{"given": "Юрий", "family": "Тимофеев"}], gender="male",
                    date_of_birth="1960", identifiers=[]),
        headers=countries["dm.bg"],
    )  # fmt: skip
    answer = _check(
        client, countries["officer.lv"],
        {"person": {"names": ["Yulia Timofeeva"], "date_of_birth": "1985-03-07"},
         "place": "Terehova border crossing"},
    )  # fmt: skip
    results = answer["results"]
    assert results, answer
    first = results[0]  # type: ignore[index]
    assert first["record_id"] == target["id"] and first["band"] == "hit"
    assert first["action"] == "Arrest; inform NCB Sofia"
    assert "Тимофеева" in first["text"] and "date of birth: exact" in first["text"]
    in_bulgarian = _check(client, countries["officer.lv"],
                          {"person": {"names": ["Yulia Timofeeva"]}}, "bg")  # fmt: skip
    assert (
        "фамилия" in in_bulgarian["results"][0]["text"].lower()
        or "име" in in_bulgarian["results"][0]["text"]
    )  # type: ignore[index]


def test_objects_are_found_by_number_with_ocr_confusions(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    doc = client.post("/api/v1/records", json=document(), headers=countries["dm.bg"]).json()
    car = client.post("/api/v1/records", json=vehicle(), headers=countries["dm.bg"]).json()
    gun = client.post("/api/v1/records", json=firearm(), headers=countries["dm.bg"]).json()
    officer = countries["officer.lv"]
    assert (
        _check(client, officer, {"document": {"number": "AB I234567"}})["results"][0]["record_id"]
        == doc["id"]
    )  # type: ignore[index]
    assert (
        _check(client, officer, {"vehicle": {"vin": "WVWZZZ1KZ8W123456"}})["results"][0][
            "record_id"
        ]
        == car["id"]
    )  # type: ignore[index]
    found = _check(client, officer, {"firearm": {"serial_number": "ZAS7710B42", "make": "Zastava"}})
    assert found["results"][0]["record_id"] == gun["id"]  # type: ignore[index]
    assert _check(client, officer, {"document": {"number": "ZZ9999999"}})["results"] == []


def test_a_hidden_record_hits_silently_and_the_owner_is_told(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    hidden = client.post(
        "/api/v1/records", json=person(visibility={"mode": "except", "countries": ["AT"]}),
        headers=countries["dm.bg"],
    ).json()  # fmt: skip
    answer = _check(client, countries["officer.at"],
                    {"person": {"names": ["TIMOFEEVA IULIIA"], "date_of_birth": "1985-03-07"},
                     "place": "Vienna airport"})  # fmt: skip
    assert answer["results"] == []
    inbox = client.get("/api/v1/hits/inbox", headers=countries["dm.bg"]).json()
    assert inbox["total"] == 1
    (hit,) = inbox["items"]
    assert hit["record_id"] == hidden["id"] and hit["silent"] is True
    assert (hit["checking_country"], hit["place"]) == ("AT", "Vienna airport")
    assert client.get("/api/v1/hits/ours", headers=countries["officer.at"]).json() == []


def test_the_owner_confirms_and_the_checking_agency_sees_it(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    client.post("/api/v1/records", json=person(), headers=countries["dm.bg"])
    _check(client, countries["officer.lv"], {"person": {"names": ["Iuliia Timofeeva"]}})
    (hit,) = client.get("/api/v1/hits/inbox", headers=countries["dm.bg"]).json()["items"]
    assert hit["silent"] is False
    refused = client.post(f"/api/v1/hits/{hit['id']}/decision", json={"decision": "confirmed"},
                          headers=countries["dm.lv"])  # fmt: skip
    assert refused.status_code == 404
    decided = client.post(f"/api/v1/hits/{hit['id']}/decision",
                          json={"decision": "confirmed", "note": "Same person; arrest"},
                          headers=countries["dm.bg"])  # fmt: skip
    assert decided.status_code == 200, decided.text
    (ours,) = client.get("/api/v1/hits/ours", headers=countries["officer.lv"]).json()
    assert (ours["decision"], ours["decided_by"]) == ("confirmed", "dm.bg")


def test_the_index_follows_updates_and_cancellations(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    record = client.post("/api/v1/records", json=person(), headers=countries["dm.bg"]).json()
    officer = countries["officer.lv"]
    query = {"person": {"names": ["Timofeeva Iuliia"]}}
    assert _check(client, officer, query)["results"]
    renamed = {
        k: v
        for k, v in person(names=[{"given": "Анна", "family": "Смирнова"}]).items()
        if k != "alert"
    }
    client.put(
        f"/api/v1/records/{record['id']}", json={"data": renamed}, headers=countries["dm.bg"]
    )
    assert _check(client, officer, query)["results"] == []
    assert _check(client, officer, {"person": {"names": ["Anna Smirnova"]}})["results"]
    client.post(
        f"/api/v1/records/{record['id']}/cancel", json={"reason": "x"}, headers=countries["dm.bg"]
    )
    assert _check(client, officer, {"person": {"names": ["Anna Smirnova"]}})["results"] == []


def test_every_check_is_audited_with_what_was_asked(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    client.post("/api/v1/records", json=person(), headers=countries["dm.bg"])
    _check(client, countries["officer.lv"], {"person": {"names": ["Iuliia Timofeeva"]}})
    with client.app.state.database.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.exec_driver_sql(
            "SELECT query, result_ids FROM audit_entries WHERE action = 'screening.check'"
        ).all()
    assert len(rows) == 1 and "Iuliia Timofeeva" in rows[0][0]
