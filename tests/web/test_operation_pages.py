"""Joint operation pages over HTTP: the list, a new operation, the plan and accepting it, the
live dashboard, the phone-sized field form and its refusals, the results and withdrawing one;
an agency that takes no part finds the page of an operation that does not exist."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from clew.access.models import User
from clew.operations.models import FieldResult, Operation
from clew.storage import Database, utcnow
from tests.operations.conftest import Cast, accept, add_post, create, make_cast
from tests.web.test_pages import csrf, sign_in


@pytest.fixture
def cast(database: Database) -> Cast:
    return make_cast(database)


@pytest.fixture
def running(database: Database, cast: Cast) -> str:
    """Theseus, running: Bulgaria coordinates, Romania has accepted and has a border post."""
    operation = create(database, cast, timezone="UTC")
    accept(database, cast, operation, "officer.ro")
    add_post(database, cast, operation, "RO-POLICE", "Calafat", "CAL")
    return operation


def _as(client: TestClient, username: str) -> TestClient:
    sign_in(client, username)
    return client


def _reports(database: Database) -> int:
    with database.reading() as session:
        return session.execute(select(func.count()).select_from(FieldResult)).scalar_one()


def _local_now(hours: float = 0) -> str:
    return (utcnow() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _report(client: TestClient, operation: str, **fields: str) -> tuple[int, str]:
    token = csrf(client, f"/operations/{operation}/report-result")
    body = {"csrf_token": token, "occurred_at": _local_now()} | fields
    response = client.post(f"/operations/{operation}/report-result", data=body)
    return response.status_code, response.text


def _error_next_to(html: str, field: str) -> str:
    """The message shown next to a field of the form (it must be there)."""
    match = re.search(rf'<small class="field-error" id="err-{field}"[^>]*>([^<]+)</small>', html)
    assert match, f"no error next to {field}"
    return match.group(1)


def test_a_participant_sees_the_operation_in_the_list_and_its_plan(
    client: TestClient, running: str
) -> None:
    _as(client, "officer.ro")
    listing = client.get("/operations")
    assert listing.status_code == 200
    assert "Theseus" in listing.text and "Running" in listing.text
    assert f'href="/operations/{running}/live"' in listing.text
    plan = client.get(f"/operations/{running}")
    assert plan.status_code == 200
    assert "Calafat" in plan.text and "RO-POLICE" in plan.text and "RS-NCB" in plan.text
    assert "/exchange/cases/" in plan.text  # the link to the operation's exchange case
    assert 'aria-current="page">Operations</a>' in plan.text


def test_an_invited_agency_accepts_from_the_plan(
    client: TestClient, database: Database, running: str
) -> None:
    _as(client, "officer.rs")
    plan = client.get(f"/operations/{running}")
    assert "Accept for RS-NCB" in plan.text
    response = client.post(f"/operations/{running}/accept",
                           data={"csrf_token": csrf(client, f"/operations/{running}")})  # fmt: skip
    assert response.status_code == 200 and "Accepted" in response.text
    assert "Accept for RS-NCB" not in response.text


def test_a_coordinator_creates_an_operation_with_its_period_on_the_local_clock(
    client: TestClient, database: Database, cast: Cast
) -> None:
    _as(client, "coord.bg")
    token = csrf(client, "/operations/new")
    body = {
        "csrf_token": token, "name": "Danube Shield", "period_start": "2030-05-04T08:00",
        "period_end": "2030-05-06T20:00", "timezone": "Europe/Sofia", "handling_code": "H1",
        "area_drug_trafficking": "1", "agency_RO-POLICE": "1", "description": "Meet at 07:00",
    }  # fmt: skip
    response = client.post("/operations/new", data=body)
    assert response.status_code == 200 and "Danube Shield" in response.text
    assert "RO-POLICE" in response.text and "Planned" in response.text
    with database.reading() as session:
        start = session.execute(select(Operation.period_start)).scalar_one()
    assert start.isoformat() == "2030-05-04T05:00:00+00:00"  # 08:00 in Sofia (UTC+3 in May)


def test_a_new_operation_with_its_end_before_its_start_is_shown_again(
    client: TestClient, database: Database, cast: Cast
) -> None:
    _as(client, "coord.bg")
    body = {"csrf_token": csrf(client, "/operations/new"), "name": "Backwards",
            "period_start": "2030-05-06T08:00", "period_end": "2030-05-04T08:00",
            "timezone": "UTC"}  # fmt: skip
    response = client.post("/operations/new", data=body)
    assert response.status_code == 422
    assert "the period must end after it starts" in response.text
    assert 'value="Backwards"' in response.text
    with database.reading() as session:
        assert session.execute(select(func.count()).select_from(Operation)).scalar_one() == 0


@pytest.mark.parametrize(
    "path",
    ["", "/live", "/live/stream", "/results", "/report-result"],
)
def test_an_agency_that_takes_no_part_gets_the_page_of_a_made_up_operation(
    client: TestClient, running: str, path: str
) -> None:
    _as(client, "officer.ee")
    made_up_id = "NoSuchOperation0000000"
    hidden = client.get(f"/operations/{running}{path}")
    made_up = client.get(f"/operations/{made_up_id}{path}")
    assert hidden.status_code == made_up.status_code == 404
    assert hidden.text.replace(running, "?") == made_up.text.replace(made_up_id, "?")
    assert "Theseus" not in client.get("/operations").text


def test_the_live_dashboard_renders_its_figures_on_the_server(
    client: TestClient, database: Database, running: str
) -> None:
    _as(client, "officer.ro")
    status, _ = _report(client, running, kind="arrest", persons="2", crime_area="drug_trafficking",
                        basis="red_notice")  # fmt: skip
    assert status == 200
    page = client.get(f"/operations/{running}/live")
    assert page.status_code == 200
    arrests = re.search(
        r'data-tile="arrests">\s*<strong class="tile-value"[^>]*>([^<]+)<', page.text
    )
    assert arrests and arrests.group(1) == "2"
    assert "INTERPOL Red Notice" in page.text  # on the timeline: an international warrant
    assert "/static/operation-live.js" in page.text


def test_an_officer_reports_an_arrest_from_the_field_form(
    client: TestClient, database: Database, running: str
) -> None:
    _as(client, "officer.ro")
    form = client.get(f"/operations/{running}/report-result")
    assert form.status_code == 200
    assert 'name="occurred_at" type="datetime-local" value="' in form.text
    assert "Calafat (CAL)" in form.text
    status, html = _report(client, running, kind="arrest", persons="1",
                           crime_area="migrant_smuggling", basis="flagrante")  # fmt: skip
    assert status == 200 and "Reported." in html
    assert _reports(database) == 1


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "seizure", "category": "drugs", "item": "cocaine", "unit": "kg",
          "amount": "-3"}, "amount", "Give a number above zero."),
        ({"kind": "seizure", "category": "firearms", "unit": "kg", "amount": "2"}, "unit",
         "firearms is counted in units"),
        ({"kind": "seizure", "category": "cash", "item": "EURO", "unit": "currency",
          "amount": "5000"}, "item", "EURO is not an ISO 4217 currency code"),
        ({"kind": "arrest", "persons": "1", "crime_area": "fraud", "basis": "flagrante",
          "occurred_at": _local_now(hours=3)}, "occurred_at", "This moment is in the future."),
        ({"kind": "victim", "victim_count": "2", "victim_minors": "5"}, "victim_minors",
         "more minors (5) than persons (2)"),
    ],
    ids=["negative-amount", "kilograms-of-pistols", "not-a-currency", "future", "minors"],
)  # fmt: skip
def test_the_field_form_refuses_a_mistake_next_to_its_field_and_stores_nothing(
    client: TestClient, database: Database, running: str, fields: dict[str, str], field: str,
    message: str,
) -> None:  # fmt: skip
    _as(client, "officer.ro")
    status, html = _report(client, running, note="Truck at lane 3", **fields)
    assert status == 422
    assert _error_next_to(html, field) == message
    assert "Truck at lane 3" in html  # the form is kept
    assert _reports(database) == 0


def test_an_officer_withdraws_a_report_of_its_agency(
    client: TestClient, database: Database, running: str
) -> None:
    _as(client, "officer.ro")
    _report(client, running, kind="migrant", migrant_count="7", migrant_minors="2")
    listing = client.get(f"/operations/{running}/results")
    assert "Irregular migrants" in listing.text and "2 minors" in listing.text
    action = re.search(r'action="(/operations/[^"]+/withdraw)"', listing.text)
    assert action
    response = client.post(action.group(1), data={"csrf_token": csrf(client, "/operations")})
    assert response.status_code == 200 and "Withdrawn" in response.text
    with database.reading() as session:
        assert session.execute(select(FieldResult.withdrawn_at)).scalar_one() is not None


def test_the_pages_render_in_bulgarian(
    client: TestClient, database: Database, running: str
) -> None:
    with database.transaction() as session:
        session.execute(update(User).where(User.username == "coord.bg").values(locale="bg"))
    _as(client, "coord.bg")
    for path in ("/operations", f"/operations/{running}", f"/operations/{running}/live",
                 f"/operations/{running}/results", f"/operations/{running}/report-result",
                 "/operations/new"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="bg">' in response.text, path
