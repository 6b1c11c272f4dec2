"""The check page and the hit pages over HTTP: the right record first, silent hits, decisions."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from clew.access.roles import Role
from clew.storage import Database
from clew.web.check_pages import PLACE_COOKIE
from tests.conftest import make_user
from tests.records.conftest import document, make_countries, vehicle
from tests.web.test_pages import csrf, sign_in
from tests.web.test_records_pages import api_record, input_value

HTMX = {"HX-Request": "true"}
TARGET = "Юлия Тимофеева (1985-03-07)"
TRAVELLER = {"person.names": "Yulia Timofeeva", "person.date_of_birth": "1985-03-07"}


@pytest.fixture
def headers(database: Database) -> dict[str, dict[str, str]]:
    """Bearer headers of dm.bg (owner), officer.bg, officer.lv, officer.at and dm.lv."""
    return make_countries(database)


def check(client: TestClient, form: dict[str, str], htmx: bool = False) -> Response:
    data = {"csrf_token": csrf(client, "/check")} | form
    return client.post("/check", data=data, headers=HTMX if htmx else {})


def hit_ids(html: str) -> list[str]:
    """The public ids of the hits listed on a page, in order."""
    return re.findall(r'<li class="result hit-item[^"]*" id="hit-([A-Za-z0-9_-]+)"', html)


def decide(client: TestClient, hit_id: str, decision: str, **extra: str) -> Response:
    data = {"csrf_token": csrf(client, "/hits"), "decision": decision} | extra
    return client.post(f"/hits/{hit_id}/decision", data=data, follow_redirects=False)


def test_a_latin_name_finds_the_cyrillic_record_first(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    target = api_record(client, headers)
    api_record(client, headers, names=[{"given": "Юрий", "family": "Тимофеев"}], gender="male",
               date_of_birth="1960", identifiers=[])  # fmt: skip
    sign_in(client, "officer.lv")
    form = client.get("/check").text
    assert re.search(r'id="person-names"[^>]*autofocus', form)

    response = check(client, TRAVELLER | {"place": "Terehova road crossing"})
    assert response.status_code == 200
    html = response.text
    labels = re.findall(r'class="result-label" href="/records/(\d+)"><bdi>([^<]+)<', html)
    assert labels[0] == (str(target), TARGET)
    first = html.split('<li class="result ')[1]  # the first result, up to the second
    assert first.startswith('band-hit">') and '<span class="band band-hit">HIT</span>' in first
    assert "Arrest; inform NCB Sofia" in first and "BG-NCB" in first
    assert "Wanted for arrest" in first and "H0" in first
    # The explanation, item by item, in the caller's language.
    why = first[first.index('<ul class="why">') :]
    assert "Тимофеева" in why and "<li>date of birth: exact</li>" in why
    assert input_value(html, "person.names") == "Yulia Timofeeva"  # the values stay
    # The place is remembered for the next check, in any script.
    assert response.cookies.get(PLACE_COOKIE)
    assert input_value(client.get("/check").text, "place") == "Terehova road crossing"
    check(client, TRAVELLER | {"place": "Пункт Калотина"})
    assert input_value(client.get("/check").text, "place") == "Пункт Калотина"


def test_with_htmx_the_results_come_with_the_form_out_of_band(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    response = check(client, TRAVELLER, htmx=True)
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html and TARGET in html
    assert re.search(r'<form id="check-form"[^>]*hx-swap-oob="true"', html)
    assert "autofocus" not in html  # the officer's focus stays where it was


def test_no_hits_is_unmistakable(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    html = check(client, {"person.names": "Nobody Atall", "person.date_of_birth": "1950"}).text
    assert '<p class="no-hits-title">No hits</p>' in html
    assert 'class="result-label"' not in html and "Тимофеева" not in html
    assert "<bdi>Nobody Atall</bdi> · <bdi>1950</bdi>" in html  # what was checked, isolated


def test_objects_are_checked_from_the_same_form(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    for body in (document(), vehicle()):
        assert client.post("/api/v1/records", json=body, headers=headers["dm.bg"]).is_success
    sign_in(client, "officer.lv")
    html = check(client, {"document.number": "AB I234567", "vehicle.plate": "CA 1234 AB"}).text
    assert "Seize the document" in html and "Seize the vehicle" in html
    assert "Travel document" in html and "Vehicle" in html


def test_a_hidden_record_stays_hidden_and_hits_silently(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers, visibility={"mode": "except", "countries": ["AT"]})
    sign_in(client, "officer.at")
    html = check(client, TRAVELLER | {"place": "Vienna airport"}).text
    assert "No hits" in html and "Тимофеева" not in html and "NCB Sofia" not in html
    assert "Тимофеева" not in client.get("/hits/ours").text

    sign_in(client, "dm.bg")
    inbox = client.get("/hits").text
    assert TARGET in inbox
    assert "Silent — the checking country cannot see this record." in inbox
    assert "AT-NCB · Austria" in inbox and "Vienna airport" in inbox
    assert "1 hit" in inbox


def test_the_owner_confirms_and_the_checking_agency_sees_it(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    record_id = api_record(client, headers)
    sign_in(client, "officer.lv")
    check(client, TRAVELLER | {"place": "Terehova"})
    assert "Not decided yet." in client.get("/hits/ours").text

    sign_in(client, "dm.bg")
    inbox = client.get("/hits").text
    (hit_id,) = hit_ids(inbox)
    assert "LV-POLICE · Latvia" in inbox and "Terehova" in inbox and "Confirm" in inbox
    response = decide(client, hit_id, "confirmed", note="Same person; arrested", back="pending")
    assert response.status_code == 303
    assert response.headers["location"] == "/hits?decision=pending&done=hit_confirmed"
    assert "Hit confirmed." in client.get(response.headers["location"]).text
    assert hit_ids(client.get("/hits").text) == []  # no longer pending
    assert hit_ids(client.get("/hits?decision=confirmed").text) == [hit_id]
    # The record's page tells its owner how often checks found it.
    assert "checks: 1, hits: 1" in client.get(f"/records/{record_id}").text

    sign_in(client, "officer.lv")
    ours = client.get("/hits/ours").text
    assert TARGET in ours and "Confirmed" in ours
    assert "dm.bg" in ours and "Same person; arrested" in ours
    assert "checks: 1" not in client.get(f"/records/{record_id}").text  # the owner's alone


def test_with_htmx_a_decision_replaces_its_hit(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    check(client, TRAVELLER)
    sign_in(client, "dm.bg")
    (hit_id,) = hit_ids(client.get("/hits").text)
    data = {"csrf_token": csrf(client, "/hits"), "decision": "rejected"}
    response = client.post(f"/hits/{hit_id}/decision", data=data, headers=HTMX)
    assert response.status_code == 200
    item = f'<li class="result hit-item band-hit" id="hit-{hit_id}"'
    assert response.text.lstrip().startswith(item)
    assert '<span class="badge decision-rejected">Rejected</span>' in response.text


def test_a_bad_date_keeps_the_values_and_names_the_field(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    sign_in(client, "officer.lv")
    form = {"person.names": "Юлия Тимофеева", "person.date_of_birth": "1985-13-40",
            "vehicle.plate": "CA 1234 AB", "place": "Terehova"}  # fmt: skip
    response = check(client, form)
    assert response.status_code == 422
    html = response.text
    assert html.count("Please correct the marked fields.") == 1
    assert 'id="person-date_of_birth-error">month 13 does not exist' in html
    assert re.search(r'name="person.date_of_birth"[^>]*aria-invalid="true"[^>]*autofocus', html)
    for name, value in form.items():
        assert input_value(html, name) == value, name
    with_htmx = check(client, form, htmx=True)  # htmx swaps only a 2xx answer
    assert with_htmx.status_code == 200 and "month 13 does not exist" in with_htmx.text
    assert "No hits" not in with_htmx.text


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({}, "form", "Type a name, a document number, a VIN or plate"),
        ({"person.date_of_birth": "1985"}, "person-names", "give at least one name"),
        ({"person.mrz": "P<BGRTIMOFEEVA<<IULIIA"}, "person-mrz", "not a TD3"),
        ({"firearm.make": "Zastava"}, "firearm-serial_number", "Required."),
        ({"person.names": "X", "person.nationality": "QQ"}, "person-nationality", "QQ"),
    ],
)
def test_each_bad_input_is_named(
    client: TestClient, headers: dict[str, dict[str, str]], form: dict[str, str], field: str,
    message: str,
) -> None:  # fmt: skip
    sign_in(client, "officer.lv")
    html = check(client, form).text
    if field == "form":
        assert f'<p class="error" role="alert">{message}' in html
    else:
        assert re.search(rf'id="{field}-error">[^<]*{re.escape(message)}', html), html


def test_forms_need_the_csrf_token(client: TestClient, headers: dict[str, dict[str, str]]) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    client.get("/check")
    for token in ({}, {"csrf_token": "forged"}):
        assert client.post("/check", data=TRAVELLER | token).status_code == 403
    check(client, TRAVELLER)
    sign_in(client, "dm.bg")
    (hit_id,) = hit_ids(client.get("/hits").text)
    for token in ({}, {"csrf_token": "forged"}):
        data = {"decision": "confirmed"} | token
        assert client.post(f"/hits/{hit_id}/decision", data=data).status_code == 403
    assert hit_ids(client.get("/hits?decision=pending").text) == [hit_id]


def test_only_the_owners_data_managers_decide(
    client: TestClient, headers: dict[str, dict[str, str]], database: Database
) -> None:
    make_user(database, "analyst.bg", Role.ANALYST, "BG-NCB")
    api_record(client, headers)
    sign_in(client, "officer.lv")
    check(client, TRAVELLER)
    sign_in(client, "analyst.bg")  # reads the owner's inbox, may not decide
    inbox = client.get("/hits").text
    (hit_id,) = hit_ids(inbox)
    assert TARGET in inbox and 'value="confirmed"' not in inbox
    assert decide(client, hit_id, "confirmed").status_code == 403
    sign_in(client, "officer.lv")  # the checking officer
    assert decide(client, hit_id, "rejected").status_code == 403
    sign_in(client, "dm.lv")  # a data manager of another agency: as if there were no such hit
    assert decide(client, hit_id, "confirmed").status_code == 404
    assert hit_ids(client.get("/hits").text) == []
    sign_in(client, "dm.bg")
    assert decide(client, hit_id, "maybe").status_code == 422
    assert hit_ids(client.get("/hits?decision=pending").text) == [hit_id]


def test_the_menu_puts_check_first_for_officers(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    def menu() -> list[str]:
        nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', client.get("/").text, re.S)
        assert nav
        return re.findall(r'<a href="([^"]+)"', nav.group(1))

    sign_in(client, "officer.lv")
    assert menu()[:2] == ["/check", "/"] and "/hits" in menu()
    sign_in(client, "dm.bg")
    assert menu()[0] == "/" and {"/check", "/hits"} <= set(menu())
    assert 'href="/check"' in client.get("/").text  # and a card on the dashboard


def test_a_gender_the_officer_did_not_give_is_said_to_come_from_the_surname(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    api_record(client, headers)
    sign_in(client, "officer.lv")
    html = check(client, TRAVELLER).text  # no gender given: "Тимофеева" says female
    why = html[html.index('<ul class="why">') :]
    assert "<li>gender: exact</li>" not in why
    assert re.search(r"<li>gender: [^<]*inferred from the surname[^<]*— exact</li>", why)
    sign_in(client, "dm.bg")
    assert "inferred from the surname" in client.get("/hits").text  # the stored hit says so too
    sign_in(client, "officer.lv")
    given = check(client, TRAVELLER | {"person.gender": "female"}).text
    assert "<li>gender: exact</li>" in given  # given and recorded: nothing inferred
