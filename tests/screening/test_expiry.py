"""An alert stops producing hits the day after it expires, whether or not the hourly sweep has
lapsed it yet: expiry is checked when a check matches, for every kind of record."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from clew.records.models import Alert
from clew.screening.sync import IndexKeeper
from clew.storage import Database, utcnow
from tests.records.conftest import FACTORIES

QUERIES = {
    "person": {"person": {"names": ["TIMOFEEVA IULIIA"], "date_of_birth": "1985-03-07"}},
    "document": {"document": {"number": "AB1234567"}},
    "vehicle": {"vehicle": {"vin": "WVWZZZ1KZ8W123456"}},
    "firearm": {"firearm": {"serial_number": "ZAS7710B42", "make": "Zastava"}},
}


def _results(client: TestClient, headers: dict[str, str], kind: str) -> list[object]:
    response = client.post("/api/v1/checks", json=QUERIES[kind], headers=headers)
    assert response.status_code == 200, response.text
    results: list[object] = response.json()["results"]
    return results


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_an_alert_expired_since_the_index_was_loaded_draws_no_hit(
    client: TestClient, database: Database, countries: dict[str, dict[str, str]], kind: str
) -> None:
    record = client.post("/api/v1/records", json=FACTORIES[kind](), headers=countries["dm.bg"])
    assert record.status_code == 201, record.text
    officer = countries["officer.lv"]
    assert _results(client, officer, kind)  # the alert is live: a hit

    # The day after the alert's last day; the hourly sweep has not run yet. The index was
    # loaded while the alert was live and nothing about the record has changed since.
    yesterday = utcnow().date() - timedelta(days=1)
    with database.transaction() as session:
        session.execute(update(Alert).values(expires_on=yesterday))
    keeper: IndexKeeper = client.app.state.index  # type: ignore[attr-defined]
    for entry in keeper.index.entries.values():
        entry.alert.expires_on = yesterday

    assert _results(client, officer, kind) == []
    inbox = client.get("/api/v1/hits/inbox", params={"decision": "all"},
                       headers=countries["dm.bg"]).json()  # fmt: skip
    assert inbox["total"] == 1  # only the check made while the alert was live


def test_an_alert_on_its_last_day_still_draws_a_hit(
    client: TestClient, database: Database, countries: dict[str, dict[str, str]]
) -> None:
    client.post("/api/v1/records", json=FACTORIES["document"](), headers=countries["dm.bg"])
    today = utcnow().date()
    with database.transaction() as session:
        session.execute(update(Alert).values(expires_on=today))
    assert _results(client, countries["officer.lv"], "document")
