"""Kosovo and travel-document codes are accepted wherever a country is read; a date of birth in
the future is refused with a field-named error (records, imports, checks)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import document, make_countries, person
from tests.web.test_pages import sign_in

KOSOVAR = person(
    names=[{"given": "Arben", "family": "Krasniqi"}], date_of_birth="1988-02-17",
    gender="male", nationalities=["XK"], country_of_birth="XK",
    identifiers=[{"type": "passport", "number": "P01234567", "country": "RKS"}],
)  # fmt: skip


def _import(client: TestClient, headers: dict[str, str], body: str, mode: str) -> Any:
    return client.post(
        "/api/v1/records/import", params={"format": "csv", "mode": mode, "filename": "x.csv"},
        content=body.encode(), headers=headers | {"Content-Type": "text/csv"},
    )  # fmt: skip


def _fields(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.text
    return {f["field"]: f["message"] for f in response.json()["error"]["fields"]}


def test_a_kosovar_is_recorded_and_found_at_the_border(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    created = client.post("/api/v1/records", json=KOSOVAR, headers=countries["dm.bg"])
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert (data["nationalities"], data["country_of_birth"]) == (["XK"], "XK")
    assert data["identifiers"][0]["country"] == "XK"
    for check in (
        {"person": {"names": ["Arben Krasniqi"], "date_of_birth": "1988-02-17",
                    "nationality": "XK"}},
        {"document": {"number": "P01234567", "country": "RKS"}},
    ):  # fmt: skip
        answer = client.post("/api/v1/checks", json=check, headers=countries["officer.lv"])
        assert answer.status_code == 200, answer.text
        [hit] = answer.json()["results"]
        assert hit["band"] == "hit", hit
        verdicts = {e["field"]: e["verdict"] for e in hit["explanation"]}
        assert verdicts.get("nationality", verdicts.get("document")) == "exact", verdicts


def test_travel_document_codes_are_kept_as_written(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    stateless = person(nationalities=["XXA", "GBD"], identifiers=[])
    created = client.post("/api/v1/records", json=stateless, headers=countries["dm.bg"])
    assert created.status_code == 201, created.text
    assert created.json()["data"]["nationalities"] == ["XXA", "GBD"]
    laissez_passer = document(number="EU1234567", issuing_country="EUE")
    created = client.post("/api/v1/records", json=laissez_passer, headers=countries["dm.bg"])
    assert created.status_code == 201 and created.json()["label"] == "EU1234567 (EUE)"
    # A visibility list names member countries: a travel-document code is not one.
    hidden = person(visibility={"mode": "except", "countries": ["XXA"]})
    assert "visibility.countries.0" in _fields(
        client.post("/api/v1/records", json=hidden, headers=countries["dm.bg"])
    )


def test_one_kosovar_row_no_longer_fails_an_all_or_nothing_import(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    body = (
        "kind,family_name,given_names,date_of_birth,nationalities,identifiers,alert_category,"
        "alert_action\n"
        "person,Петров,Иван,1979-11-02,BG,passport:382154907:BG,wanted_for_arrest,Arrest\n"
        "person,Krasniqi,Arben,1988-02-17,XK,passport:P01234567:XK,wanted_for_arrest,Arrest\n"
    )
    response = _import(client, countries["dm.bg"], body, "all")
    assert response.status_code == 200, response.text
    assert (response.json()["created"], response.json()["rejected"]) == (2, [])


def test_a_date_of_birth_in_the_future_is_refused_by_name(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    dm, officer = countries["dm.bg"], countries["officer.lv"]
    refused = client.post("/api/v1/records", json=person(date_of_birth="2099-01-01"), headers=dm)
    assert _fields(refused) == {"date_of_birth": "2099-01-01 is in the future"}

    record = client.post("/api/v1/records", json=person(), headers=dm).json()
    changed = {k: v for k, v in person(date_of_birth="2099").items() if k != "alert"}
    update = client.put(f"/api/v1/records/{record['id']}", json={"data": changed}, headers=dm)
    assert _fields(update) == {"data.date_of_birth": "2099 is in the future"}

    check = {"person": {"names": ["Yulia Timofeeva"], "date_of_birth": "2099-01-01"}}
    assert _fields(client.post("/api/v1/checks", json=check, headers=officer)) == {
        "person.date_of_birth": "2099-01-01 is in the future"
    }

    body = (
        "kind,family_name,given_names,date_of_birth,alert_category,alert_action\n"
        "person,Петров,Иван,1979-11-02,wanted_for_arrest,Arrest\n"
        "person,Future,Fay,2099-01-01,wanted_for_arrest,Arrest\n"
    )
    rows = _import(client, dm, body, "rows").json()
    assert rows["created"] == 1
    assert rows["rejected"] == [{"line": 3, "fields": [
        {"field": "date_of_birth", "message": "2099-01-01 is in the future"}]}]  # fmt: skip


def test_the_record_form_refuses_a_future_birth_and_pages_name_the_codes(
    client: TestClient, database: Database
) -> None:
    from tests.web.test_records_pages import PERSON, submit

    make_countries(database)
    sign_in(client, "dm.bg")
    refused = submit(client, "/records", PERSON | {"date_of_birth": "2099-01-01"})
    assert refused.status_code == 422
    assert (
        'id="date_of_birth-error"' in refused.text and "2099-01-01 is in the future" in refused.text
    )

    created = submit(client, "/records", PERSON | {"nationalities": "XK, XXA, GBD"})
    assert created.status_code == 303, created.text
    page = client.get(created.headers["location"]).text
    for shown in ("Kosovo (XK)", "Stateless person (XXA)",
                  "British Overseas Territories citizen (GBD)"):  # fmt: skip
        assert shown in page, shown
