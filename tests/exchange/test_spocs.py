"""Single Points of Contact: every user reads the list; the coordinating body's administrator
sets any country's, a national administrator only its own; a SPOC is an agency of its country;
a new SPOC takes the copies of the requests sent after it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.access.roles import OrganisationType, Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_agency, make_token, make_user
from tests.exchange.conftest import Headers
from tests.exchange.test_requests import send, show


@pytest.fixture
def admins(database: Database, cast: dict[str, Headers]) -> dict[str, Headers]:
    make_agency(database, "INT", "XX", OrganisationType.INTERNATIONAL_BODY)
    make_user(database, "admin.int", Role.ADMINISTRATOR, "INT")
    make_user(database, "admin.kh", Role.ADMINISTRATOR, "KH-NCB")
    return {
        name: bearer(make_token(database, name, Scope.READ, Scope.ADMIN))
        for name in ("admin.int", "admin.kh")
    }


def spocs(client: TestClient, headers: Headers) -> dict[str, str]:
    response = client.get("/api/v1/spocs", headers=headers)
    assert response.status_code == 200, response.text
    return {s["country"]: s["agency"] for s in response.json()}


def test_every_user_reads_the_spocs(client: TestClient, cast: dict[str, Headers]) -> None:
    expected = {"VN": "VN-NCB", "KH": "KH-NCB", "BG": "BG-NCB", "RS": "RS-NCB"}
    assert spocs(client, cast["liaison.ee"]) == expected
    assert spocs(client, cast["officer.kh"]) == expected


def test_an_administrator_sets_and_removes_a_spoc(
    client: TestClient, cast: dict[str, Headers], admins: dict[str, Headers], database: Database
) -> None:
    admin = admins["admin.int"]
    set_ = client.put("/api/v1/spocs/vn", json={"agency": "vn-border"}, headers=admin)
    assert set_.status_code == 200, set_.text
    assert set_.json()["agency"] == "VN-BORDER" and spocs(client, admin)["VN"] == "VN-BORDER"
    # VN-NCB is no longer the SPOC: its own direct request is now copied to VN-BORDER
    rid = send(client, cast["liaison.vn"], to=["KH-NCB"])["id"]
    assert show(client, cast["liaison.vnb"], rid)["id"] == rid

    removed = client.delete("/api/v1/spocs/EE", headers=admin)
    assert removed.status_code == 404 and removed.json()["error"]["message"] == "EE has no SPOC."
    assert client.delete("/api/v1/spocs/RS", headers=admin).status_code == 204
    assert "RS" not in spocs(client, admin)
    with database.reading() as session:
        spoc_entries = select(AuditEntry.action, AuditEntry.target).where(
            AuditEntry.action.like("exchange.spoc%")
        )
        actions = [tuple(r) for r in session.execute(spoc_entries).all()]
    assert ("exchange.spoc.set", "spoc:VN") in actions
    assert ("exchange.spoc.remove", "spoc:RS") in actions


def test_a_spoc_must_be_an_agency_of_its_country(
    client: TestClient, cast: dict[str, Headers], admins: dict[str, Headers]
) -> None:
    admin = admins["admin.int"]
    wrong = client.put("/api/v1/spocs/KH", json={"agency": "VN-NCB"}, headers=admin)
    assert wrong.status_code == 422
    assert wrong.json()["error"]["fields"] == [
        {"field": "agency", "message": "VN-NCB is an agency of VN, not of KH."}
    ]
    unknown = client.put("/api/v1/spocs/KH", json={"agency": "KH-NOBODY"}, headers=admin)
    assert unknown.status_code == 422 and "KH-NOBODY" in unknown.text
    assert spocs(client, admin)["KH"] == "KH-NCB"


def test_who_may_set_a_spoc(
    client: TestClient, cast: dict[str, Headers], admins: dict[str, Headers]
) -> None:
    national = admins["admin.kh"]
    own = client.put("/api/v1/spocs/KH", json={"agency": "KH-POLICE"}, headers=national)
    assert own.status_code == 200, own.text
    foreign = client.put("/api/v1/spocs/VN", json={"agency": "VN-BORDER"}, headers=national)
    assert foreign.status_code == 403
    liaison = client.put("/api/v1/spocs/KH", json={"agency": "KH-NCB"}, headers=cast["spoc.kh"])
    assert liaison.status_code == 403
    assert spocs(client, national) == {"VN": "VN-NCB", "KH": "KH-POLICE", "BG": "BG-NCB",
                                       "RS": "RS-NCB"}  # fmt: skip
