"""``/api/v1/operations`` as a coordination centre and a national system use it: plan, accept,
add a post, check at it, report results over the API, read the counters and the figures, and
publish; an outsider gets 404 exactly as for a made-up id; a wrong report names its field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Scope
from clew.operations import tally
from clew.storage import Database, utcnow
from tests.conftest import bearer, make_token
from tests.operations.conftest import make_cast

Headers = dict[str, str]
BASE = "/api/v1/operations"


@pytest.fixture(autouse=True)
def _fresh_counting() -> Iterator[None]:
    tally.forget()
    yield
    tally.forget()


@pytest.fixture
def users(database: Database) -> dict[str, Headers]:
    make_cast(database)
    return {
        u: bearer(make_token(database, u, Scope.READ, Scope.WRITE))
        for u in ("coord.bg", "officer.ro", "officer.ee", "coord.ee")
    }


def _plan(**overrides: Any) -> dict[str, Any]:
    now = utcnow()
    return {
        "name": "Theseus", "crime_areas": ["migrant_smuggling"],
        "period_start": (now - timedelta(hours=1)).isoformat(),
        "period_end": (now + timedelta(days=2)).isoformat(), "timezone": "Europe/Sofia",
        "participants": ["RO-POLICE"], **overrides,
    }  # fmt: skip


def test_plan_check_report_count_and_read(client: TestClient, users: dict[str, Headers]) -> None:
    created = client.post(BASE, json=_plan(), headers=users["coord.bg"])
    assert created.status_code == 201, created.text
    operation = created.json()["id"]
    accepted = client.post(f"{BASE}/{operation}/accept", headers=users["officer.ro"])
    assert accepted.status_code == 200 and accepted.json()["accepted"] is True
    post = client.post(f"{BASE}/{operation}/posts", headers=users["officer.ro"], json={
        "agency": "RO-POLICE", "name": "Henri Coandă Airport", "code": "OTP", "kind": "airport",
        "latitude": 44.57, "longitude": 26.08,
    })  # fmt: skip
    assert post.status_code == 201, post.text

    checked = client.post("/api/v1/checks", headers=users["officer.ro"], json={
        "person": {"names": ["Ivan Petrov"]}, "document": {"number": "X123"},
        "place": "henri coanda airport",
    })  # fmt: skip
    assert checked.status_code == 200, checked.text

    reported = client.post(f"{BASE}/{operation}/results", headers=users["officer.ro"], json={
        "kind": "arrest", "crime_area": "migrant_smuggling", "basis": "red_notice",
        "occurred_at": utcnow().isoformat(), "post": post.json()["id"],
    })  # fmt: skip
    assert reported.status_code == 201, reported.text

    counts = client.get(f"{BASE}/{operation}/tallies", headers=users["coord.bg"]).json()
    assert counts["kinds"] == {"document": 1, "person": 1}
    at_post = [p for p in counts["posts"] if p["post"] == post.json()["id"]]
    assert at_post[0]["counts"] == {"document": 1, "person": 1}
    figures = client.get(f"{BASE}/{operation}/summary", headers=users["coord.bg"]).json()
    assert figures["arrests"] == {"total": 1, "by_crime_area": {"migrant_smuggling": 1},
                                  "by_basis": {"red_notice": 1}}  # fmt: skip
    page = client.get(f"{BASE}/{operation}/results", headers=users["coord.bg"]).json()
    assert page["total"] == 1 and page["items"][0]["post_name"] == "Henri Coandă Airport"
    listed = client.get(BASE, params={"state": "running"}, headers=users["officer.ro"]).json()
    assert [o["id"] for o in listed["items"]] == [operation]


def test_a_wrong_report_names_its_fields(client: TestClient, users: dict[str, Headers]) -> None:
    operation = client.post(BASE, json=_plan(), headers=users["coord.bg"]).json()["id"]
    client.post(f"{BASE}/{operation}/accept", headers=users["officer.ro"])
    answer = client.post(f"{BASE}/{operation}/results", headers=users["officer.ro"], json={
        "kind": "victim", "count": 2, "minors": 4,
        "occurred_at": (utcnow() + timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert answer.status_code == 422
    assert answer.json()["error"]["fields"] == [
        {"field": "minors", "message": "more minors (4) than persons (2)"},
        {"field": "occurred_at", "message": "is in the future"},
    ]
    negative = client.post(f"{BASE}/{operation}/results", headers=users["officer.ro"], json={
        "kind": "seizure", "category": "drugs", "item": "cocaine", "unit": "kg", "amount": -1,
        "occurred_at": utcnow().isoformat(),
    })  # fmt: skip
    assert negative.status_code == 422
    assert [f["field"] for f in negative.json()["error"]["fields"]] == ["amount"]
    empty = client.get(f"{BASE}/{operation}/results", headers=users["officer.ro"]).json()
    assert empty["total"] == 0


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "", None), ("patch", "", {"name": "X"}), ("post", "/accept", None),
        ("post", "/posts", {"agency": "EE-POLICE", "name": "Narva", "kind": "border_crossing"}),
        ("get", "/tallies", None), ("get", "/results", None), ("get", "/summary", None),
        ("post", "/results", {"kind": "event", "title": "X", "occurred_at": "2030-01-01T00:00Z"}),
        ("post", "/publish", None), ("post", "/cancel", None),
    ],
)  # fmt: skip
def test_an_outsider_gets_what_a_made_up_id_gets(
    client: TestClient, users: dict[str, Headers], method: str, path: str, body: Any
) -> None:
    operation = client.post(BASE, json=_plan(), headers=users["coord.bg"]).json()["id"]
    answers = [
        client.request(method, f"{BASE}/{ref}{path}", json=body, headers=users["coord.ee"])
        for ref in (operation, "made-up-operation-id")
    ]
    assert [a.status_code for a in answers] == [404, 404]
    assert answers[0].json() == answers[1].json()
    listed = client.get(BASE, headers=users["officer.ee"]).json()
    assert (listed["items"], listed["total"]) == ([], 0)
