"""A starting server answers at once: checks are told to come back until the index is built.

The server builds its screening index in the background after it opens its port. Until it is
built, a check gets 503 "starting" with the progress and ``Retry-After`` (the web: a page that
says so), readiness says not ready, and everything that needs no index already works.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Scope
from clew.errors import StartingError
from clew.screening import sync
from clew.screening.sync import IndexKeeper
from clew.server import create_app
from clew.settings import Settings
from clew.storage import Database
from tests.conftest import bearer, make_token

CHECK = {"person": {"names": ["Ivan Petrov"]}}


@pytest.fixture
def starting(world: Database, settings: Settings) -> TestClient:
    """A server whose port is open but whose index build has not finished (its lifespan,
    which starts the build, is not entered)."""
    return TestClient(create_app(settings, world), base_url="http://127.0.0.1")


def test_a_check_during_start_up_is_asked_to_come_back(
    starting: TestClient, world: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "START_WAIT", 0.05)
    token = make_token(world, "officer.bg", Scope.READ, Scope.WRITE)
    response = starting.post("/api/v1/checks", json=CHECK, headers=bearer(token))
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "starting"
    assert "building the screening index (0%)" in error["message"]
    assert response.headers["Retry-After"]
    assert starting.get("/api/v1/health/ready").status_code == 503
    assert starting.get("/api/v1/health/live").status_code == 200
    assert starting.get("/login").status_code == 200  # what needs no index works already


def test_once_built_checks_run(starting: TestClient, world: Database) -> None:
    keeper: IndexKeeper = starting.app.state.index  # type: ignore[attr-defined]
    with world.reading() as session:
        keeper.build(session)
    token = make_token(world, "officer.bg", Scope.READ, Scope.WRITE)
    assert starting.post("/api/v1/checks", json=CHECK, headers=bearer(token)).status_code == 200
    assert starting.get("/api/v1/health/ready").status_code == 200


def test_a_keeper_built_in_the_background_refuses_then_serves(
    world: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sync, "START_WAIT", 0.05)
    keeper = IndexKeeper(background=True)
    with world.reading() as session, pytest.raises(StartingError):
        keeper.settle(session)
    with world.reading() as session:
        keeper.build(session)
        keeper.settle(session)  # no error once built
    assert keeper.status().built


def test_the_live_server_answers_checks_once_its_background_build_is_done(
    client: TestClient, world: Database
) -> None:
    """The usual path: the lifespan builds the index in the background; a small index is ready
    within the moment a first check waits for it."""
    token = make_token(world, "officer.bg", Scope.READ, Scope.WRITE)
    assert client.post("/api/v1/checks", json=CHECK, headers=bearer(token)).status_code == 200
