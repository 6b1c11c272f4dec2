"""Tokens over the API as an attacker holding a narrow token would try them."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import ApiToken
from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import bearer, make_token


def test_a_read_token_cannot_mint_an_admin_token(client: TestClient, world: Database) -> None:
    read_only = bearer(make_token(world, "root", Scope.READ))
    minted = client.post(
        "/api/v1/tokens", json={"name": "escalate", "scopes": ["read", "admin"]},
        headers=read_only,
    )  # fmt: skip
    assert minted.status_code == 422
    error = minted.json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"][0]["field"] == "scopes" and "admin" in error["fields"][0]["message"]
    assert "read" not in error["fields"][0]["message"]
    assert {t["name"] for t in client.get("/api/v1/tokens", headers=read_only).json()} == {"test"}
    assert client.get("/api/v1/users", headers=read_only).status_code == 403


def test_an_officer_cannot_get_scopes_beyond_their_role(
    client: TestClient, world: Database
) -> None:
    officer = bearer(make_token(world, "officer.bg", Scope.READ))
    asked = client.post(
        "/api/v1/tokens", json={"name": "too much", "scopes": ["admin"]}, headers=officer
    )
    assert asked.status_code == 422
    assert "admin" in asked.json()["error"]["fields"][0]["message"]


def test_a_token_creates_tokens_within_its_own_scopes(client: TestClient, world: Database) -> None:
    admin = bearer(make_token(world, "root", Scope.READ, Scope.ADMIN))
    narrower = client.post(
        "/api/v1/tokens", json={"name": "directory", "scopes": ["read"]}, headers=admin
    )
    same = client.post(
        "/api/v1/tokens", json={"name": "provisioning", "scopes": ["admin", "read"]},
        headers=admin,
    )  # fmt: skip
    assert narrower.status_code == same.status_code == 201
    assert same.json()["scopes"] == ["admin", "read"]
    beyond = client.post(
        "/api/v1/tokens", json={"name": "audit", "scopes": ["audit"]}, headers=admin
    )
    assert beyond.status_code == 422
    assert "audit" in beyond.json()["error"]["fields"][0]["message"]


def _last_used(world: Database) -> datetime | None:
    with world.reading() as session:
        used: datetime | None = session.execute(
            select(ApiToken.last_used_at).order_by(ApiToken.id.desc()).limit(1)
        ).scalar_one()
    return used


def test_a_check_marks_its_token_used_and_a_revoked_token_is_refused(
    client: TestClient, world: Database
) -> None:
    # A check reads its token in the check's own unit of work where the database allows it
    # (PostgreSQL): the token's last use is then written with the check.
    checker = bearer(make_token(world, "officer.bg", Scope.READ))
    assert _last_used(world) is None
    check = {"person": {"names": ["Ivan Petrov"]}}
    assert client.post("/api/v1/checks", json=check, headers=checker).status_code == 200
    assert _last_used(world) is not None
    [token] = client.get("/api/v1/tokens", headers=checker).json()
    assert client.delete(f"/api/v1/tokens/{token['id']}", headers=checker).status_code == 204
    refused = client.post("/api/v1/checks", json=check, headers=checker)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthenticated"
