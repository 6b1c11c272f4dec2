"""The REST API for agencies, users and tokens, as a machine client sees it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import PASSWORD, bearer, make_token


def test_a_token_speaks_for_its_user(client: TestClient, world: Database) -> None:
    token = make_token(world, "officer.bg", Scope.READ)
    me = client.get("/api/v1/me", headers=bearer(token))
    assert me.status_code == 200
    assert me.json()["username"] == "officer.bg"
    assert me.json()["agency_code"] == "BG-NCB"


def test_a_platform_administrator_creates_agencies_and_users(
    client: TestClient, world: Database
) -> None:
    headers = bearer(make_token(world, "root", Scope.ADMIN, Scope.READ))
    agency = client.post(
        "/api/v1/agencies",
        json={"code": "kh-police", "name": "Cambodian National Police", "country": "kh",
              "kind": "police"},
        headers=headers,
    )  # fmt: skip
    assert agency.status_code == 201, agency.text
    assert agency.json()["code"] == "KH-POLICE" and agency.json()["country"] == "KH"
    user = client.post(
        "/api/v1/users",
        json={"username": "Sok.Dara", "full_name": "Sok Dara", "agency_code": "KH-POLICE",
              "role": "officer", "password": PASSWORD},
        headers=headers,
    )  # fmt: skip
    assert user.status_code == 201, user.text
    assert user.json()["username"] == "sok.dara"
    assert "password" not in user.text and "argon2" not in user.text
    listed = client.get("/api/v1/users", params={"agency": "KH-POLICE"}, headers=headers)
    assert [u["username"] for u in listed.json()["items"]] == ["sok.dara"]


def test_a_national_administrator_only_reaches_their_own_agency(
    client: TestClient, world: Database
) -> None:
    headers = bearer(make_token(world, "admin.bg", Scope.ADMIN))
    listed = client.get("/api/v1/users", headers=headers).json()
    assert {u["agency_code"] for u in listed["items"]} == {"BG-NCB"}
    lv_user = next(
        u
        for u in client.get(
            "/api/v1/users", headers=bearer(make_token(world, "root", Scope.ADMIN))
        ).json()["items"]
        if u["username"] == "officer.lv"
    )
    hidden = client.get(f"/api/v1/users/{lv_user['id']}", headers=headers)
    missing = client.get("/api/v1/users/999999", headers=headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    refused = client.post(
        "/api/v1/users",
        json={"username": "intruder", "full_name": "X", "agency_code": "LV-POLICE",
              "role": "officer", "password": PASSWORD},
        headers=headers,
    )  # fmt: skip
    assert refused.status_code == 403
    assert (
        client.post(
            "/api/v1/agencies",
            json={"code": "XX-1", "name": "X", "country": "BG", "kind": "police"},
            headers=headers,
        ).status_code
        == 403
    )


def test_scopes_narrow_what_a_token_may_do(client: TestClient, world: Database) -> None:
    read_only = bearer(make_token(world, "root", Scope.READ))
    assert client.get("/api/v1/agencies", headers=read_only).status_code == 200
    assert client.get("/api/v1/users", headers=read_only).status_code == 403


def test_roles_bound_what_a_token_may_do(client: TestClient, world: Database) -> None:
    officer = bearer(make_token(world, "officer.bg", *Scope))
    assert client.get("/api/v1/users", headers=officer).status_code == 403
    assert client.get("/api/v1/audit", headers=officer).status_code == 403


def test_tokens_are_created_listed_and_revoked(client: TestClient, world: Database) -> None:
    first = bearer(make_token(world, "officer.bg", Scope.READ))
    created = client.post(
        "/api/v1/tokens", json={"name": "gateway", "scopes": ["read"], "expires_in_days": 30},
        headers=first,
    )  # fmt: skip
    assert created.status_code == 201
    secret = created.json()["token"]
    assert secret.startswith("clew_")
    listed = client.get("/api/v1/tokens", headers=first).json()
    assert all("token" not in t for t in listed)
    assert {t["name"] for t in listed} == {"test", "gateway"}
    assert client.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    assert client.delete(f"/api/v1/tokens/{created.json()['id']}", headers=first).status_code == 204
    revoked = client.get("/api/v1/me", headers=bearer(secret))
    assert revoked.status_code == 401
    assert revoked.json()["error"]["code"] == "unauthenticated"


def test_tokens_are_stored_only_as_hashes(client: TestClient, world: Database) -> None:
    secret = make_token(world, "officer.bg", Scope.READ)
    with world.engine.connect() as conn:
        dump = " ".join(str(row) for row in conn.exec_driver_sql("SELECT * FROM api_tokens"))
    assert secret not in dump
    assert secret.split("_", 2)[2] not in dump  # the random part (it may hold "_" itself)


def test_list_pages_are_bounded(client: TestClient, world: Database) -> None:
    headers = bearer(make_token(world, "root", Scope.ADMIN, Scope.READ))
    page = client.get("/api/v1/agencies", params={"limit": 2}, headers=headers).json()
    assert len(page["items"]) == 2 and page["total"] == 3 and page["limit"] == 2
    too_big = client.get("/api/v1/agencies", params={"limit": 100_000}, headers=headers)
    assert too_big.status_code == 422
    assert too_big.json()["error"]["fields"][0]["field"] == "limit"


def test_api_actions_are_audited_with_what_came_back(client: TestClient, world: Database) -> None:
    admin = bearer(make_token(world, "root", Scope.ADMIN))
    client.get("/api/v1/users", params={"q": "officer"}, headers=admin)
    auditor = bearer(make_token(world, "dpo", Scope.AUDIT))
    page = client.get(
        "/api/v1/audit", params={"action": "user.search", "username": "root"}, headers=auditor
    ).json()
    assert page["total"] == 1
    entry = page["items"][0]
    assert entry["channel"] == "api" and entry["agency_code"] == "INT"
    assert entry["query"]["text"] == "officer"
    assert len(entry["result_ids"]) == 2
