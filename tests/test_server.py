"""The server's request body limits, over HTTP: one limit per kind of body, declared or streamed."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette import types as asgi
from starlette.responses import PlainTextResponse

from clew.access.roles import Scope
from clew.logs import JsonFormatter
from clew.server import SECURITY_HEADERS, Answers, create_app
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


@pytest.mark.parametrize(
    ("path", "status"),
    [("/api/v1/agencies", 200), ("/api/v1/no-such-thing", 404), ("/api/v1/health/live", 200),
     ("/login", 200), ("/static/clew.css", 200), ("/no/such/page", 404)],
)  # fmt: skip
def test_every_answer_carries_the_security_headers_and_is_not_cached(
    client: TestClient, admin: dict[str, str], path: str, status: int
) -> None:
    response = client.get(path, headers=admin)
    assert response.status_code == status
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert response.headers["cache-control"] == "no-store"
    assert len(response.headers.get_list("x-frame-options")) == 1  # added once, not twice


def test_an_answer_that_names_its_own_caching_keeps_it() -> None:
    async def download(scope: asgi.Scope, receive: asgi.Receive, send: asgi.Send) -> None:
        response = PlainTextResponse("x", headers={"Cache-Control": "private, no-store",
                                                   "X-Frame-Options": "SAMEORIGIN"})  # fmt: skip
        await response(scope, receive, send)

    response = TestClient(Answers(download, headers=SECURITY_HEADERS)).get("/file")
    assert response.headers["cache-control"] == "private, no-store"
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert response.headers["content-security-policy"] == SECURITY_HEADERS[
        "Content-Security-Policy"]  # fmt: skip


def test_each_request_leaves_one_log_line_with_its_path_and_status_never_its_query(
    client: TestClient, admin: dict[str, str], officer: dict[str, str]
) -> None:
    lines = io.StringIO()
    handler = logging.StreamHandler(lines)
    handler.setFormatter(JsonFormatter())
    http = logging.getLogger("clew.http")
    http.addHandler(handler)
    level = http.level
    http.setLevel(logging.INFO)
    try:
        client.get("/api/v1/agencies", params={"country": "ZZ"}, headers=admin)
        client.get("/api/v1/no-such-thing", params={"name": "Petrov"}, headers=admin)
        client.post("/api/v1/checks", json={"person": {"names": ["Petrov"]}}, headers=officer)
        client.get("/api/v1/health/live")
    finally:
        http.removeHandler(handler)
        http.setLevel(level)
    events = [json.loads(line) for line in lines.getvalue().splitlines()]
    # the request lines: the index, built in the background, may say so on the same logger
    logged = [e for e in events if e["event"] == "request"]
    assert [(e["event"], e["method"], e["path"], e["status"]) for e in logged] == [
        ("request", "GET", "/api/v1/agencies", 200),
        ("request", "GET", "/api/v1/no-such-thing", 404),
        ("request", "POST", "/api/v1/checks", 200),
        ("request", "GET", "/api/v1/health/live", 200),
    ]
    assert all(e["ms"] >= 0 for e in logged)
    # who asked (read in a worker thread), never carried over to the next request
    assert [e.get("agency") for e in logged] == ["INT", None, "BG-NCB", None]
    assert all(e.get("user_id") for e in (logged[0], logged[2]))
    assert "Petrov" not in lines.getvalue() and "ZZ" not in lines.getvalue()
