"""The persons, documents and vehicles of a report are cross-checked against the watchlists;
each reader is shown the matches on records its country may see, never the others."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.screening.models import Hit
from tests.liaison.conftest import Border
from tests.liaison.test_incidents import API, file
from tests.records.conftest import document


def _listed(client: TestClient, border: Border, number: str, visibility: dict[str, Any]) -> None:
    body = document(number=number, visibility=visibility)
    created = client.post("/api/v1/records", json=body, headers=border.headers["dm.bg"])
    assert created.status_code == 201, created.text


def test_a_passport_on_a_watchlist_is_shown_on_the_report_to_who_may_see_it(
    client: TestClient, border: Border
) -> None:
    _listed(client, border, "AB1234567", {"mode": "all"})
    _listed(client, border, "CD7654321", {"mode": "only", "countries": ["VN"]})
    report = file(client, border, documents=[{"number": "AB 1234567", "country": "BG"},
                                             {"number": "CD7654321", "country": "BG"},
                                             {"number": "ZZ0000001"}])  # fmt: skip
    for username, expected in (("liaison.vn", {"AB 1234567 (BG)", "CD7654321 (BG)"}),
                               ("liaison.kh", {"AB 1234567 (BG)"})):  # fmt: skip
        shown = client.get(f"{API}/incidents/{report['id']}", headers=border.headers[username])
        matches = shown.json()["matches"]
        assert {m["entity"] for m in matches} == expected, username
        assert all("Bulgaria" in m["text"] for m in matches)
    with border.database.reading() as session:
        hits = session.execute(select(Hit)).scalars().all()
        assert len(hits) == 2  # each match stored as a hit of the filing agency, told to BG
