"""A database that is down or read-only: a clear 503 everywhere, and probes that tell the truth."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from clew.access.roles import OrganisationType, Role, Scope
from clew.server import create_app
from clew.storage import Database
from tests.conftest import bearer, make_agency, make_token, make_user, settings_for
from tests.web.test_pages import csrf

GONE = "postgresql+psycopg://clew@127.0.0.1:1/clew"  # nothing listens on port 1
AGENCY = {"code": "RS-NCB", "name": "NCB Belgrade", "country": "RS", "kind": "police"}


def _app(database: Database) -> TestClient:
    return TestClient(create_app(settings_for(database), database), base_url="http://127.0.0.1")


@pytest.fixture
def gone() -> Iterator[TestClient]:
    """Clew started while its database server is gone (no lifespan: start-up would fail)."""
    database = Database(GONE)
    yield _app(database)
    database.dispose()


@pytest.fixture
def read_only_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Database, str]]:
    """A real SQLite file opened read-only, with a token minted while it was still writable."""
    path = tmp_path / "clew.db"
    writable = Database(f"sqlite:///{path}")
    writable.upgrade()
    make_agency(writable, "INT", "XX", OrganisationType.INTERNATIONAL_BODY)
    make_user(writable, "root", Role.ADMINISTRATOR, "INT")
    secret = make_token(writable, "root", Scope.ADMIN, Scope.READ)
    writable.dispose()
    monkeypatch.chdir(tmp_path)  # the "file:" URI form is also read as a relative folder
    database = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    yield database, secret
    database.dispose()


@pytest.fixture
def read_only_session(world: Database) -> Iterator[tuple[Database, str]]:
    """The backend under test with every connection set read-only by the server itself."""
    secret = make_token(world, "root", Scope.ADMIN, Scope.READ)
    database = Database(world.url)

    @event.listens_for(database.engine, "connect")
    def read_only(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if database.dialect == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
        cursor.close()
        if database.dialect != "sqlite":
            dbapi_connection.commit()

    yield database, secret
    database.dispose()


def _assert_unavailable(response: Any, words: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"].isdigit()
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert words in error["message"]


def test_a_server_that_is_gone_is_a_503_not_a_500(gone: TestClient) -> None:
    response = gone.get("/api/v1/me", headers=bearer("clew_00000000_" + "A" * 43))
    _assert_unavailable(response, "cannot be reached")


def test_the_probes_tell_a_gone_database_apart_from_a_dead_process(gone: TestClient) -> None:
    assert gone.get("/api/v1/health/live").json()["status"] == "ok"
    for path in ("/api/v1/health/ready", "/api/v1/health"):
        response = gone.get(path)
        assert response.status_code == 503
        assert response.headers["retry-after"].isdigit()
        assert response.json()["database"] == "unreachable"


def test_ready_once_the_database_answers_and_the_index_is_built(client: TestClient) -> None:
    # the index builds on its own thread after start-up (instant when empty, but a loaded
    # machine may not have run it yet): wait for it as a load balancer would, then ask
    keeper = client.app.state.index  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while not keeper.status().built and time.monotonic() < deadline:
        time.sleep(0.05)
    for path in ("/api/v1/health/ready", "/api/v1/health", "/api/v1/health/live"):
        response = client.get(path)
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
    assert client.get("/api/v1/health/ready").json() | {"version": ""} == {
        "status": "ok", "version": "", "database": "ok", "index": "built",
    }  # fmt: skip


def test_not_ready_while_the_index_is_not_built(database: Database) -> None:
    unstarted = _app(database)  # no lifespan: the index was never built
    response = unstarted.get("/api/v1/health/ready")
    assert response.status_code == 503
    assert response.json()["index"] == "building"


def test_writing_to_a_read_only_sqlite_file_is_a_503(
    read_only_file: tuple[Database, str], caplog: pytest.LogCaptureFixture
) -> None:
    database, secret = read_only_file
    with _app(database) as client, caplog.at_level(logging.INFO):
        response = client.post("/api/v1/agencies", json=AGENCY, headers=bearer(secret))
        _assert_unavailable(response, "read-only")
    assert "NCB Belgrade" not in caplog.text  # the refused values never reach the log


def test_a_read_only_database_server_is_a_503(read_only_session: tuple[Database, str]) -> None:
    database, secret = read_only_session
    with _app(database) as client:
        response = client.post("/api/v1/agencies", json=AGENCY, headers=bearer(secret))
        _assert_unavailable(response, "read-only")


def test_a_browser_gets_a_page_saying_the_database_is_unavailable(gone: TestClient) -> None:
    token = csrf(gone)
    response = gone.post(
        "/login", data={"csrf_token": token, "username": "officer.bg", "password": "x" * 12},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 503
    assert "cannot use its database right now" in response.text
    assert response.headers["x-frame-options"] == "DENY"


def test_a_check_that_cannot_be_stored_is_a_503_not_an_answer(
    world: Database, read_only_session: tuple[Database, str]
) -> None:
    # A check writes its audit entry (and any hit) before it answers: on the busiest route,
    # whose whole unit of work runs in one worker thread, a refused commit is still the answer.
    database, _ = read_only_session
    secret = make_token(world, "officer.bg", Scope.READ)
    with _app(database) as client:
        response = client.post(
            "/api/v1/checks", json={"person": {"names": ["Ivan Petrov"]}}, headers=bearer(secret)
        )
        _assert_unavailable(response, "read-only")
