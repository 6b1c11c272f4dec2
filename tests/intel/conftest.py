"""A small intelligence world: a Bulgarian record owner, analysts in Bulgaria and Latvia."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.records.conftest import make_countries


@pytest.fixture
def analysts(database: Database) -> dict[str, dict[str, str]]:
    """Bearer headers: the record world of tests/records plus analyst.bg, analyst.lv,
    analyst.at (analysts) and their read-only twin reader.lv (read scope only)."""
    headers = make_countries(database)
    for username, agency in (
        ("analyst.bg", "BG-NCB"),
        ("analyst.lv", "LV-POLICE"),
        ("analyst.at", "AT-NCB"),
    ):
        make_user(database, username, Role.ANALYST, agency)
        headers[username] = bearer(make_token(database, username, Scope.READ, Scope.WRITE))
    headers["reader.lv"] = bearer(make_token(database, "analyst.lv", Scope.READ))
    return headers


def new_file(client: TestClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(
        "/api/v1/files",
        json={"name": "Operation Amber", "purpose": "Heroin route"} | body,
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def entity(
    client: TestClient, headers: dict[str, str], file_id: int, label: str, **body: Any
) -> int:
    response = client.post(
        f"/api/v1/files/{file_id}/entities",
        json={"kind": "person", "label": label} | body,
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def link(
    client: TestClient, headers: dict[str, str], file_id: int, source: int, target: int, **body: Any
) -> int:
    response = client.post(
        f"/api/v1/files/{file_id}/links",
        json={"source": source, "target": target, "kind": "called"} | body,
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])
