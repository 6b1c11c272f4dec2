"""Watchlist pages over HTTP: forms for each kind, errors by field, owners and everyone else."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from clew.storage import Database
from tests.records.conftest import make_countries, person
from tests.web.test_pages import csrf, sign_in


@pytest.fixture
def headers(database: Database) -> dict[str, dict[str, str]]:
    """Bearer headers of dm.bg (owner), officer.bg, officer.lv, officer.at and dm.lv."""
    return make_countries(database)


def api_record(client: TestClient, headers: dict[str, dict[str, str]], **body: Any) -> int:
    response = client.post("/api/v1/records", json=person(**body), headers=headers["dm.bg"])
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def submit(client: TestClient, path: str, data: dict[str, str], page: str = "/records") -> Response:
    return client.post(path, data={"csrf_token": csrf(client, page)} | data, follow_redirects=False)


def input_value(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', html)
    assert match, f"no input {name}"
    return match.group(1)


PERSON = {
    "kind": "person",
    "names.0.kind": "primary", "names.0.given": "Юлия", "names.0.family": "Тимофеева",
    "names.1.kind": "latin", "names.1.given": "IULIIA", "names.1.family": "TIMOFEEVA",
    "names.2.kind": "alias", "names.2.full": "Yulia Timo",
    "date_of_birth": "1985-03", "gender": "female", "nationalities": "bg, ua",
    "identifiers.0.type": "passport", "identifiers.0.number": "382 154 907",
    "identifiers.0.country": "bg",
    "alert.category": "wanted_for_arrest", "alert.action": "Arrest; inform NCB Sofia",
    "alert.handling_code": "H1", "visibility.mode": "all",
}  # fmt: skip
FORMS: dict[str, tuple[dict[str, str], list[str]]] = {
    # kind: (the form, what its page must then show)
    "person": (PERSON, ["Юлия Тимофеева", "IULIIA TIMOFEEVA", "Yulia Timo", "1985-03", "Ukraine",
                        "382154907", "Arrest; inform NCB Sofia", "H1"]),
    "document": ({"kind": "document", "document_type": "id_card", "number": "ab 1234567",
                  "issuing_country": "BG", "status": "stolen", "expires_on": "2031-05-01",
                  "alert.category": "object_to_seize", "alert.action": "Seize the card"},
                 ["AB1234567", "Identity card", "Stolen", "2031-05-01", "Seize the card"]),
    "vehicle": ({"kind": "vehicle", "vehicle_type": "truck", "plate": "CA 1234 AB",
                 "plate_country": "BG", "make": "Volvo", "year": "2019", "visibility.mode": "only",
                 "visibility.countries": "lv, AT", "external_id": "SOF-2024-118"},
                ["CA1234AB", "Truck", "Volvo", "2019", "No active alert", "Latvia (LV)",
                 "SOF-2024-118"]),
    "firearm": ({"kind": "firearm", "firearm_type": "assault_rifle", "serial_number": "ZAS-7710B42",
                 "status": "trafficked", "calibre": "7.62x39mm", "country_of_manufacture": "RS",
                 "alert.category": "object_to_seize", "alert.action": "Seize; trace to RS",
                 "alert.handling_code": "H3", "alert.handling_note": "Not for the press"},
                ["ZAS7710B42", "Assault rifle", "Trafficked", "Serbia", "Not for the press"]),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(FORMS))
def test_a_data_manager_creates_each_kind_through_its_form(
    client: TestClient, headers: dict[str, dict[str, str]], kind: str
) -> None:
    form, shown = FORMS[kind]
    sign_in(client, "dm.bg")
    assert client.get(f"/records/new?kind={kind}").status_code == 200
    response = submit(client, "/records", form, f"/records/new?kind={kind}")
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert re.fullmatch(r"/records/\d+\?done=record_created", location)
    page = client.get(location).text
    assert "Record created." in page
    for text in shown:
        assert text in page, text
    # The owner sees who may see it, the history and the tools.
    assert "Edit the record" in page and "History" in page and "Created" in page


def test_a_bad_form_keeps_the_values_and_names_each_field(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    sign_in(client, "dm.bg")
    form = PERSON | {
        "date_of_birth": "1985-13-40", "nationalities": "BG, QQ",
        # The first identifier row left empty: the error must mark the second row, as typed.
        "identifiers.0.number": "", "identifiers.0.country": "",
        "identifiers.1.type": "passport", "identifiers.1.number": "X1",
        "identifiers.1.country": "ZZ",
        "visibility.mode": "all", "visibility.countries": "AT",
    }  # fmt: skip
    response = submit(client, "/records", form)
    assert response.status_code == 422
    html = response.text
    assert "Please correct the marked fields." in html
    assert input_value(html, "names.0.given") == "Юлия"
    assert input_value(html, "date_of_birth") == "1985-13-40"
    assert input_value(html, "identifiers.1.country") == "ZZ"
    for field in ("date_of_birth", "nationalities", "identifiers-1-country", "visibility"):
        assert f'id="{field}-error"' in html, field
    assert re.search(r'name="date_of_birth"[^>]*aria-invalid="true"', html)
    assert "&#39;QQ&#39; is not an ISO 3166 alpha-2 country code" in html
    assert 'href="#identifiers-1-country">Identifiers 2 · Issuing country</a>' in html
    assert client.get("/api/v1/records", headers=headers["dm.bg"]).json()["total"] == 0


def test_an_alert_in_the_past_is_refused_on_its_field(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    sign_in(client, "dm.bg")
    response = submit(client, "/records", PERSON | {"alert.expires_on": "2001-01-01"})
    assert response.status_code == 422
    assert 'id="alert-expires_on-error">must be in the future' in response.text


def test_others_see_no_tools_and_cannot_change_the_record(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    record_id = api_record(client, headers)
    sign_in(client, "dm.lv")  # a data manager, but of another agency
    page = client.get(f"/records/{record_id}").text
    assert "Arrest; inform NCB Sofia" in page
    for tool in ("Edit the record", "Cancel the record", "Add an alert", "History", "Extend"):
        assert tool not in page, tool
    assert client.get(f"/records/{record_id}/edit").status_code == 403
    edited = submit(client, f"/records/{record_id}/edit", PERSON)
    cancelled = submit(client, f"/records/{record_id}/cancel", {"reason": "mine now"})
    alert = {"alert.category": "for_information", "alert.action": "Note it"}
    added = submit(client, f"/records/{record_id}/alerts", alert)
    assert edited.status_code == cancelled.status_code == added.status_code == 403
    record = client.get(f"/api/v1/records/{record_id}", headers=headers["dm.bg"]).json()
    assert record["status"] == "active" and record["version"] == 1 and len(record["alerts"]) == 1


def test_an_officer_may_not_open_the_create_form(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    sign_in(client, "officer.lv")
    assert client.get("/records/new?kind=person").status_code == 403
    assert submit(client, "/records", PERSON).status_code == 403
    assert "Watchlists" in client.get("/").text and 'href="/alerts/due"' not in client.get("/").text


def test_a_hidden_record_answers_like_a_missing_one(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    record_id = api_record(client, headers, visibility={"mode": "except", "countries": ["AT"]})
    sign_in(client, "officer.at")
    hidden = client.get(f"/records/{record_id}")
    missing = client.get("/records/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.text.replace(f"/records/{record_id}", "/records/N") == missing.text.replace(
        "/records/999999", "/records/N"
    )
    assert "Not found." in hidden.text
    assert "TIMOFEEVA" not in client.get("/records?q=timofeeva").text


def test_forms_need_the_csrf_token(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    record_id = api_record(client, headers)
    sign_in(client, "dm.bg")
    for path in ("/records", f"/records/{record_id}/edit", f"/records/{record_id}/cancel"):
        for token in ({}, {"csrf_token": "forged"}):
            reason = {"reason": "test"}
            response = client.post(path, data=PERSON | reason | token, follow_redirects=False)
            assert response.status_code == 403, path
    record = client.get(f"/api/v1/records/{record_id}", headers=headers["dm.bg"]).json()
    assert record["status"] == "active" and record["version"] == 1
    assert client.get("/api/v1/records", headers=headers["dm.bg"]).json()["total"] == 1


def test_the_owner_edits_and_the_history_shows_the_change(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    record_id = api_record(client, headers)
    sign_in(client, "dm.bg")
    form = client.get(f"/records/{record_id}/edit").text
    assert input_value(form, "names.1.family") == "TIMOFEEVA"
    assert input_value(form, "identifiers.0.number") == "382154907"
    assert 'name="alert.action"' not in form  # alerts are changed on the record's page
    values = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form))
    values |= {"names.0.kind": "primary", "names.1.kind": "latin", "names.2.kind": "alias",
               "identifiers.0.type": "passport", "identifiers.1.type": "passport",
               "gender": "female", "date_of_birth": "1985", "visibility.mode": "all"}  # fmt: skip
    response = submit(client, f"/records/{record_id}/edit", values, f"/records/{record_id}/edit")
    assert response.headers["location"] == f"/records/{record_id}?done=record_updated"
    page = client.get(response.headers["location"]).text
    assert "Record updated." in page
    assert "<del>1985-03-07</del> → <ins>1985</ins>" in page
    assert "dm.bg · BG-NCB" in page


def test_cancelling_needs_a_reason(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    record_id = api_record(client, headers)
    sign_in(client, "dm.bg")
    refused = submit(client, f"/records/{record_id}/cancel", {"reason": "  "})
    assert refused.status_code == 422
    assert "Give a reason." in refused.text and '<details class="tool" open>' in refused.text
    done = submit(client, f"/records/{record_id}/cancel", {"reason": "Arrested in Ruse"})
    page = client.get(done.headers["location"]).text
    assert "Record cancelled." in page and "Arrested in Ruse" in page
    assert "Edit the record" not in page and "No active alert" in page
    sign_in(client, "officer.lv")
    assert client.get(f"/records/{record_id}").status_code == 404


def test_live_search_answers_with_the_rows_only(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    api_record(client, headers, names=[{"full": "Ivan Petrov"}], nationalities=["UA"])
    sign_in(client, "officer.lv")
    full = client.get("/records")
    assert full.status_code == 200 and "2 records" in full.text and "<header" in full.text
    rows = client.get("/records", params={"q": "тимофеева"}, headers={"HX-Request": "true"})
    assert "<header" not in rows.text and rows.text.startswith('<div id="record-rows">')
    assert "1 record" in rows.text and "Юлия Тимофеева" in rows.text
    assert "Wanted for arrest" in rows.text and ">H0<" in rows.text
    by_nationality = client.get("/records", params={"nationality": "ua"}).text
    assert "Ivan Petrov" in by_nationality and "Тимофеева" not in by_nationality
    bad = client.get("/records", params={"nationality": "QQ", "owner": ""}).text
    assert "is not an ISO 3166 alpha-2 country code" in bad
    unknown_agency = client.get("/records", params={"owner": "NOPE"})
    assert unknown_agency.status_code == 200 and "0 records" in unknown_agency.text


def test_reviews_extend_and_lapse_alerts(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    soon = (date.today() + timedelta(days=30)).isoformat()
    first = api_record(client, headers, alert={"category": "discreet_check", "action": "Report",
                                               "expires_on": soon})  # fmt: skip
    second = api_record(client, headers, names=[{"full": "Ivan Petrov"}],
                        alert={"category": "specific_check", "action": "Search the car",
                               "expires_on": soon})  # fmt: skip
    sign_in(client, "dm.bg")
    due = client.get("/alerts/due").text
    assert "Report" in due and "Search the car" in due
    alert_ids = [int(a) for a in re.findall(r'action="/alerts/(\d+)/extend"', due)]
    assert len(alert_ids) == 2

    refused = submit(client, f"/alerts/{alert_ids[0]}/extend", {"back": "due", "reason": ""},
                     "/alerts/due")  # fmt: skip
    assert refused.status_code == 422 and "Give a reason." in refused.text
    extended = submit(client, f"/alerts/{alert_ids[0]}/extend",
                      {"back": "due", "reason": "Still wanted"}, "/alerts/due")  # fmt: skip
    assert extended.headers["location"] == "/alerts/due?done=alert_extended"
    lapsed = submit(client, f"/alerts/{alert_ids[1]}/lapse",
                    {"back": "record", "record": str(second), "reason": "Car found"},
                    f"/records/{second}")  # fmt: skip
    assert lapsed.headers["location"] == f"/records/{second}?done=alert_lapsed"
    page = client.get(lapsed.headers["location"]).text
    assert "Alert lapsed." in page and "Earlier alerts" in page and "Car found" in page
    assert "Nothing is due for review." in client.get("/alerts/due").text
    history = client.get(f"/records/{first}").text
    assert "Alert extended" in history and "Still wanted" in history


def test_the_owner_adds_an_alert(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    record_id = api_record(client, headers, alert=None)
    sign_in(client, "dm.bg")
    refused = submit(client, f"/records/{record_id}/alerts", {"alert.category": "missing_person"})
    assert refused.status_code == 422 and 'id="alert-action-error"' in refused.text
    added = submit(client, f"/records/{record_id}/alerts",
                   {"alert.category": "missing_person", "alert.action": "Inform the family liaison",
                    "alert.handling_code": "H2"})  # fmt: skip
    page = client.get(added.headers["location"]).text
    assert "Alert added." in page and "Missing person" in page and "Inform the family" in page
    assert "Not to be passed on without the owner&#39;s permission." in page


def test_a_bad_form_is_explained_in_the_readers_language(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    sign_in(client, "dm.bg")
    token = csrf(client, "/")
    client.post("/language", data={"csrf_token": token, "language": "bg", "next": "/"})
    form = PERSON | {"nationalities": "BG, QQ", "alert.expires_on": "2001-01-01"}
    response = submit(client, "/records", form)
    assert response.status_code == 422
    html = response.text
    assert "Моля, поправете отбелязаните полета." in html
    assert "не е код на държава по ISO 3166 alpha-2" in html  # 'QQ' is not an ISO 3166 ...
    assert "is not an ISO 3166" not in html


def test_the_owner_asks_why_a_check_did_not_find_the_record(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    sign_in(client, "dm.bg")
    created = client.post("/api/v1/records", json=person(), headers=headers["dm.bg"]).json()
    page = client.get(f"/records/{created['id']}").text
    assert "Why did a check not find it?" in page
    token = csrf(client, f"/records/{created['id']}")
    asked = client.post(f"/records/{created['id']}/explain",
                        data={"csrf_token": token, "name": "Maria Timofeeva",
                              "date_of_birth": "1985-03-07"})  # fmt: skip
    assert asked.status_code == 200
    assert "below the possible-match threshold" in asked.text
    found = client.post(f"/records/{created['id']}/explain",
                        data={"csrf_token": token, "name": "Yulia Timofeeva",
                              "date_of_birth": "1985-03-07"})  # fmt: skip
    assert "The check finds this record" in found.text
    bad = client.post(
        f"/records/{created['id']}/explain",
        data={"csrf_token": token, "name": "Yulia", "date_of_birth": "1985-13-40"},
    )
    assert bad.status_code == 422 and 'class="field-error"' in bad.text
    assert client.get(f"/api/v1/records/{created['id']}/hits",
                      headers=headers["dm.bg"]).json()["total"] == 0  # fmt: skip
