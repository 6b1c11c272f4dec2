"""Tokens over the API as an attacker holding a narrow token would try them."""

from __future__ import annotations

from fastapi.testclient import TestClient

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
