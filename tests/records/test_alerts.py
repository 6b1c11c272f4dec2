"""Expired alerts stop being active by themselves; the sweep records it in the history."""

from __future__ import annotations

from fastapi.testclient import TestClient

from clew.access.actor import Actor
from clew.records.alerts import sweep_expired
from clew.storage import Database
from tests.records.conftest import document


def test_an_expired_alert_is_inactive_at_once_and_swept_into_history(
    client: TestClient, database: Database, countries: dict[str, dict[str, str]]
) -> None:
    record = client.post("/api/v1/records", json=document(), headers=countries["dm.bg"]).json()
    alert_id = record["alerts"][0]["id"]
    with database.engine.begin() as conn:
        conn.exec_driver_sql(
            "UPDATE alerts SET expires_on = '2020-01-01', review_on = '2019-10-01' "
            f"WHERE id = {alert_id}"
        )
    seen = client.get(f"/api/v1/records/{record['id']}", headers=countries["officer.lv"]).json()
    assert seen["alerts"][0]["status"] == "lapsed"  # before any sweep

    # The server sweeps at start-up on its own thread and may get there first: either way the
    # alert lapses exactly once, and a further sweep finds nothing left to do.
    with database.transaction() as session:
        assert sweep_expired(session, Actor.system()) in (0, 1)
    with database.transaction() as session:
        assert sweep_expired(session, Actor.system()) == 0
    history = client.get(
        f"/api/v1/records/{record['id']}/history", headers=countries["dm.bg"]
    ).json()
    assert [h["action"] for h in history] == ["create", "alert.expire"]
    assert client.get("/api/v1/alerts/due", headers=countries["dm.bg"]).json() == []


def test_objects_are_reviewed_every_ten_years(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    record = client.post("/api/v1/records", json=document(), headers=countries["dm.bg"]).json()
    alert = record["alerts"][0]
    assert int(alert["expires_on"][:4]) - int(record["created_at"][:4]) == 10
    assert alert["review_on"] < alert["expires_on"]
