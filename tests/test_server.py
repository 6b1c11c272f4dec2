"""The server's request body limits, over HTTP: one limit per kind of body, declared or streamed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Scope
from clew.server import SECURITY_HEADERS, create_app
from clew.storage import Database
from tests.conftest import bearer, make_token, settings_for

AGENCY = {"code": "RS-NCB", "name": "NCB Belgrade", "country": "RS", "kind": "police"}


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(size, total - sent)
        yield b" " * piece
        sent += piece


@pytest.fixture
def admin(world: Database) -> dict[str, str]:
    return bearer(make_token(world, "root", Scope.ADMIN, Scope.READ))


@pytest.fixture
def officer(world: Database) -> dict[str, str]:
    return bearer(make_token(world, "officer.bg", Scope.READ))


def _refused(response: object, limit: str) -> None:
    from httpx import Response

    assert isinstance(response, Response)
    assert response.status_code == 413, response.text
    error = response.json()["error"]
    assert error["code"] == "payload_too_large"
    assert limit in error["message"]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_declared_body_over_the_limit_is_413_with_the_security_headers(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/agencies", json=AGENCY | {"name": "x" * 2_000_000}, headers=admin
    )
    _refused(response, "1 MB")


def test_a_chunked_body_over_the_limit_is_413_not_400(
    client: TestClient, admin: dict[str, str]
) -> None:
    response = client.post(
        "/api/v1/agencies", content=_chunks(2_000_000),
        headers=admin | {"Content-Type": "application/json"},
    )  # fmt: skip
    _refused(response, "1 MB")
    assert client.get("/api/v1/agencies", headers=admin).json()["total"] == 3


def test_a_chunked_body_under_the_limit_is_read(client: TestClient, admin: dict[str, str]) -> None:
    import json

    body = json.dumps(AGENCY).encode()
    response = client.post(
        "/api/v1/agencies", content=iter([body[:10], body[10:]]),
        headers=admin | {"Content-Type": "application/json"},
    )  # fmt: skip
    assert response.status_code == 201, response.text


def test_a_manifest_has_its_own_larger_limit(client: TestClient, officer: dict[str, str]) -> None:
    header = b"surname,given_names,date_of_birth,nationality,document_number\n"
    row = b"PETROV,IVAN,1980-01-01,BG,AB1234567\n"
    manifest = header + row * (1_500_000 // len(row))  # over the 1 MB default, under 50 MB
    response = client.post(
        "/api/v1/screenings?format=csv", content=manifest,
        headers=officer | {"Content-Type": "text/csv"},
    )  # fmt: skip
    assert response.status_code == 202, response.text


def test_each_limit_is_configurable_and_named_in_the_refusal(
    database: Database, officer: dict[str, str]
) -> None:
    settings = settings_for(database).model_copy(update={"max_manifest_bytes": 10_000})
    with TestClient(create_app(settings, database), base_url="http://127.0.0.1") as client:
        response = client.post(
            "/api/v1/screenings?format=csv", content=_chunks(20_000, 1000),
            headers=officer | {"Content-Type": "text/csv"},
        )  # fmt: skip
        _refused(response, "10 kB")
        assert "manifest" in response.json()["error"]["message"]
