"""Records over the API: the owner manages them, others read what they may see."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.records.conftest import firearm, person, vehicle


def test_a_data_manager_creates_a_person_with_an_alert(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    created = client.post("/api/v1/records", json=person(), headers=countries["dm.bg"])
    assert created.status_code == 201, created.text
    record = created.json()
    assert record["owner"] == "BG-NCB" and record["kind"] == "person"
    assert record["data"]["identifiers"][0]["number"] == "382154907"
    assert record["label"] == "Юлия Тимофеева (1985-03-07)"
    (alert,) = record["alerts"]
    assert alert["status"] == "active" and alert["handling_code"] == "H0"
    # Persons are reviewed every 5 years.
    assert int(alert["expires_on"][:4]) - int(record["created_at"][:4]) == 5
    assert record["visibility"] == {"mode": "all", "countries": []}

    seen = client.get(f"/api/v1/records/{record['id']}", headers=countries["officer.lv"]).json()
    assert seen["label"] == record["label"]
    assert seen["visibility"] is None  # the rule is the owner's business


def test_officers_cannot_create_records(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    response = client.post("/api/v1/records", json=person(), headers=countries["officer.bg"])
    assert response.status_code == 403


def test_search_by_text_in_any_script_and_by_exact_key(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    client.post("/api/v1/records", json=person(), headers=countries["dm.bg"])
    client.post("/api/v1/records", json=vehicle(), headers=countries["dm.bg"])
    officer = countries["officer.lv"]
    for query in ("тимофеева", "Timofeeva", "iuliia timofeeva"):
        page = client.get("/api/v1/records", params={"q": query}, headers=officer).json()
        assert page["total"] == 1, query
    by_plate = client.get("/api/v1/records", params={"plate": "ca-1234-ab"}, headers=officer).json()
    assert [r["kind"] for r in by_plate["items"]] == ["vehicle"]
    bad_vin = client.get("/api/v1/records", params={"vin": "123"}, headers=officer)
    assert bad_vin.status_code == 422
    assert bad_vin.json()["error"]["fields"][0]["field"] == "vin"


def test_only_the_owner_changes_and_every_change_is_kept(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    record = client.post("/api/v1/records", json=firearm(), headers=countries["dm.bg"]).json()
    changed = {k: v for k, v in firearm(calibre="7.62×39 mm").items() if k != "alert"}
    refused = client.put(
        f"/api/v1/records/{record['id']}", json={"data": changed}, headers=countries["dm.lv"]
    )
    assert refused.status_code == 403
    updated = client.put(
        f"/api/v1/records/{record['id']}",
        json={"data": changed, "visibility": {"mode": "except", "countries": ["at"]}},
        headers=countries["dm.bg"],
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == 2
    history = client.get(
        f"/api/v1/records/{record['id']}/history", headers=countries["dm.bg"]
    ).json()
    assert [h["action"] for h in history] == ["create", "update"]
    assert history[1]["changes"]["calibre"] == ["7.62x39mm", "7.62×39 mm"]
    assert history[1]["changes"]["visibility"][1] == {"mode": "except", "countries": ["AT"]}
    assert history[1]["username"] == "dm.bg"
    # Austria can no longer see it: not found, like a record that never existed.
    assert (
        client.get(f"/api/v1/records/{record['id']}", headers=countries["officer.at"]).status_code
        == 404
    )


def test_changing_the_kind_of_a_record_is_refused(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    record = client.post("/api/v1/records", json=firearm(), headers=countries["dm.bg"]).json()
    data = {k: v for k, v in vehicle().items() if k != "alert"}
    response = client.put(
        f"/api/v1/records/{record['id']}", json={"data": data}, headers=countries["dm.bg"]
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "data.kind"


def test_cancelled_records_vanish_for_everyone_but_the_owner(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    record = client.post("/api/v1/records", json=person(), headers=countries["dm.bg"]).json()
    cancel = client.post(
        f"/api/v1/records/{record['id']}/cancel", json={"reason": "Arrested"},
        headers=countries["dm.bg"],
    )  # fmt: skip
    assert cancel.json()["status"] == "cancelled"
    assert cancel.json()["alerts"][0]["status"] == "cancelled"
    assert (
        client.get(f"/api/v1/records/{record['id']}", headers=countries["officer.lv"]).status_code
        == 404
    )
    assert client.get("/api/v1/records", headers=countries["officer.lv"]).json()["total"] == 0
    owner_view = client.get(
        "/api/v1/records", params={"status": "cancelled"}, headers=countries["dm.bg"]
    ).json()
    assert owner_view["total"] == 1


def test_alerts_are_extended_with_a_reason_or_let_lapse(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    soon = person(alert={"category": "discreet_check", "action": "Report movements",
                         "expires_on": "2027-01-15"})  # fmt: skip
    record = client.post("/api/v1/records", json=soon, headers=countries["dm.bg"]).json()
    due = client.get("/api/v1/alerts/due", headers=countries["dm.bg"]).json()
    assert [d["record"]["id"] for d in due] == [record["id"]]
    alert_id = due[0]["alert"]["id"]
    assert (
        client.post(
            f"/api/v1/alerts/{alert_id}/extend", json={}, headers=countries["dm.bg"]
        ).status_code
        == 422
    )
    extended = client.post(
        f"/api/v1/alerts/{alert_id}/extend", json={"reason": "Still at large"},
        headers=countries["dm.bg"],
    ).json()  # fmt: skip
    assert extended["expires_on"] > "2031-01-01"
    assert client.get("/api/v1/alerts/due", headers=countries["dm.bg"]).json() == []
    lapsed = client.post(
        f"/api/v1/alerts/{alert_id}/lapse", json={"reason": "No longer needed"},
        headers=countries["dm.lv"],
    )  # fmt: skip
    assert lapsed.status_code == 403  # Latvia sees the record but does not own it


def test_bad_records_name_the_field_and_write_nothing(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    cases = [
        (person(names=[]), "names"),
        (person(date_of_birth="1985-02-30"), "date_of_birth"),
        (person(nationalities=["XQ"]), "nationalities.0"),
        (vehicle(vin="SHORT"), "vin"),
        (vehicle(vin=None, plate=None), "body"),  # "a vehicle needs a VIN or a plate"
        (
            person(alert={"category": "wanted_for_arrest", "action": "x", "handling_code": "H3"}),
            "alert",
        ),
        (person(visibility={"mode": "only", "countries": []}), "visibility"),
        (person(kind="spaceship"), "kind"),
    ]
    for body, field in cases:
        response = client.post("/api/v1/records", json=body, headers=countries["dm.bg"])
        assert response.status_code == 422, body
        fields = [f["field"] for f in response.json()["error"]["fields"]]
        assert any(f.startswith(field) or field in f for f in fields), (field, fields)
    assert client.get("/api/v1/records", headers=countries["dm.bg"]).json()["total"] == 0
