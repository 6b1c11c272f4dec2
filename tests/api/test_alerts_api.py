"""Alert ids cannot be enumerated: an alert the caller may not change answers like a missing one.

The attack: post to ``/alerts/{id}/extend`` or ``/lapse`` for id after id and tell, from the
status, which alerts exist (and so that records hidden from the caller's country exist).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.storage import Database
from tests.records.conftest import document, make_countries
from tests.web.test_pages import csrf, sign_in

MISSING = 987_654
ACTIONS = {"extend": {"reason": "Still wanted"}, "lapse": {"reason": "Found"}}


def _alert(client: TestClient, headers: dict[str, str], **visibility: Any) -> int:
    body = document(visibility=visibility) if visibility else document()
    record = client.post("/api/v1/records", json=body, headers=headers)
    assert record.status_code == 201, record.text
    return int(record.json()["alerts"][0]["id"])


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    ("caller", "visibility"),
    [
        ("officer.at", {"mode": "only", "countries": ["LV"]}),  # hidden, and no right to write
        ("officer.lv", {"mode": "all", "countries": []}),  # visible, but no right to write
        ("dm.lv", {"mode": "only", "countries": ["AT"]}),  # a writer, record hidden from LV
    ],
)
def test_an_alert_out_of_reach_answers_like_a_missing_one(
    client: TestClient, database: Database, action: str, caller: str, visibility: dict[str, Any]
) -> None:
    headers = make_countries(database)
    alert_id = _alert(client, headers["dm.bg"], **visibility)
    body = ACTIONS[action]
    existing, missing = (
        client.post(f"/api/v1/alerts/{probe}/{action}", json=body, headers=headers[caller])
        for probe in (alert_id, MISSING)
    )
    assert existing.status_code == missing.status_code
    assert existing.json() == missing.json()
    owner = client.get("/api/v1/alerts/due", headers=headers["dm.bg"])
    assert owner.status_code == 200  # and the alert itself is untouched:
    record = client.get("/api/v1/records?limit=1", headers=headers["dm.bg"]).json()
    assert record["items"][0]["alerts"][0]["status"] == "active"


@pytest.mark.parametrize("action", ACTIONS)
def test_on_the_web_an_alert_out_of_reach_answers_like_a_missing_one(
    client: TestClient, database: Database, action: str
) -> None:
    headers = make_countries(database)
    alert_id = _alert(client, headers["dm.bg"], mode="only", countries=["LV"])
    sign_in(client, "officer.at")
    token = csrf(client, "/records")
    pages = []
    for probe in (alert_id, MISSING):
        answer = client.post(
            f"/alerts/{probe}/{action}", data={"csrf_token": token, "reason": "Probe"},
            follow_redirects=False,
        )  # fmt: skip
        pages.append((answer.status_code, answer.text.replace(f"/alerts/{probe}/", "/alerts/ID/")))
    assert pages[0] == pages[1]
