"""Bad input gets one clear error shape, never a 500, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Scope
from clew.storage import Database
from tests.conftest import bearer, make_token

SHAPE = {"code", "message", "fields"}


def _assert_shape(body: dict[str, Any]) -> dict[str, Any]:
    assert set(body) == {"error"}
    assert set(body["error"]) == SHAPE
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


@pytest.fixture
def admin(world: Database) -> dict[str, str]:
    return bearer(make_token(world, "root", Scope.ADMIN, Scope.READ))


VALID_AGENCY = {
    "code": "RS-NCB",
    "name": "NCB Belgrade",
    "country": "RS",
    "kind": "national_central_bureau",
}


@pytest.mark.parametrize("body, field, status", [
    (VALID_AGENCY | {"country": "ZZZ"}, "country", 422),
    (VALID_AGENCY | {"country": "QQ"}, "country", 422),
    (VALID_AGENCY | {"kind": "army"}, "kind", 422),
    (VALID_AGENCY | {"name": 12}, "name", 422),
    (VALID_AGENCY | {"name": "x" * 5000}, "name", 422),
    (VALID_AGENCY | {"code": "no spaces!"}, "code", 422),
    (VALID_AGENCY | {"colour": "blue"}, "colour", 422),
    ({k: v for k, v in VALID_AGENCY.items() if k != "name"}, "name", 422),
    ([VALID_AGENCY], "body", 422),
])  # fmt: skip
def test_invalid_fields_are_named(
    client: TestClient, admin: dict[str, str], body: Any, field: str, status: int
) -> None:
    response = client.post("/api/v1/agencies", json=body, headers=admin)
    assert response.status_code == status
    error = _assert_shape(response.json())
    assert error["code"] == "validation_error"
    assert field in [f["field"] for f in error["fields"]], error
    assert client.get("/api/v1/agencies", headers=admin).json()["total"] == 3  # nothing written


def test_unknown_field_says_so(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post("/api/v1/agencies", json=VALID_AGENCY | {"colour": "x"}, headers=admin)
    assert _assert_shape(response.json())["fields"] == [
        {"field": "colour", "message": "is not a known field"}
    ]


@pytest.mark.parametrize("raw", [b"{", b"not json", b"\xff\xfe", b'{"code": "A"', b""])
def test_malformed_json(client: TestClient, admin: dict[str, str], raw: bytes) -> None:
    response = client.post(
        "/api/v1/agencies", content=raw, headers=admin | {"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    _assert_shape(response.json())


def test_oversized_body_is_refused(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/agencies", json=VALID_AGENCY | {"name": "x" * 2_000_000}, headers=admin
    )
    assert response.status_code == 413
    assert _assert_shape(response.json())["code"] == "payload_too_large"


@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer nonsense", "Bearer clew_00000000_" + "A" * 43, "Basic dXNlcjpwdw==",
    "Bearer " + "x" * 5000, "Bearer clew_\u00e9\u00e9",
])  # fmt: skip
def test_bad_tokens_get_401(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header.encode("latin-1")} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert _assert_shape(response.json())["code"] == "unauthenticated"


@pytest.mark.parametrize("path", [
    "/api/v1/users/abc", "/api/v1/users/99999999999999999999999", "/api/v1/users/-1",
    "/api/v1/audit?since=yesterday", "/api/v1/audit?offset=-5", "/api/v1/users?role=king",
    "/api/v1/nowhere",
])  # fmt: skip
def test_odd_paths_and_parameters_never_500(
    client: TestClient, admin: dict[str, str], path: str
) -> None:
    response = client.get(path, headers=admin)
    assert 400 <= response.status_code < 500
    _assert_shape(response.json())


def test_a_conflict_is_409(client: TestClient, admin: dict[str, str]) -> None:
    assert client.post("/api/v1/agencies", json=VALID_AGENCY, headers=admin).status_code == 201
    again = client.post("/api/v1/agencies", json=VALID_AGENCY, headers=admin)
    assert again.status_code == 409
    assert _assert_shape(again.json())["code"] == "conflict"


def test_weak_passwords_are_refused_by_field(client: TestClient, admin: dict[str, str]) -> None:
    response = client.post(
        "/api/v1/users",
        json={"username": "weak", "full_name": "W", "agency_code": "INT", "role": "officer",
              "password": "short"},
        headers=admin,
    )  # fmt: skip
    assert response.status_code == 422
    assert _assert_shape(response.json())["fields"][0]["field"] == "password"


def test_cors_is_closed_by_default(client: TestClient) -> None:
    response = client.options(
        "/api/v1/health",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("field", ["name", "kind", "active"])
def test_an_update_may_not_null_a_required_field(
    client: TestClient, admin: dict[str, str], field: str
) -> None:
    agency_id = client.get("/api/v1/agencies", headers=admin).json()["items"][0]["id"]
    before = client.get(f"/api/v1/agencies/{agency_id}", headers=admin).json()
    response = client.patch(f"/api/v1/agencies/{agency_id}", json={field: None}, headers=admin)
    assert response.status_code == 422
    assert [f["field"] for f in _assert_shape(response.json())["fields"]] == [field]
    assert client.get(f"/api/v1/agencies/{agency_id}", headers=admin).json() == before
