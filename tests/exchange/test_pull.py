"""Entities of a message pulled into an analysis file, with the message as their source."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.screening.sync import IndexKeeper
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.exchange.clearing import open_case, passport, send, someone
from tests.intel.conftest import new_file

Headers = dict[str, str]


@pytest.fixture
def world(cast: dict[str, Headers], database: Database) -> dict[str, Headers]:
    """The cast and a Cambodian analyst (Cambodia holds Vietnam's message)."""
    make_user(database, "analyst.kh", Role.ANALYST, "KH-NCB")
    return cast | {
        "analyst.kh": bearer(make_token(database, "analyst.kh", Scope.READ, Scope.WRITE))
    }


def _message(client: TestClient, database: Database, *entities: Any) -> str:
    keeper: IndexKeeper = client.app.state.index  # type: ignore[attr-defined]
    case = open_case(database, "VN-NCB")
    return send(database, keeper, "liaison.vn", case, ["KH-NCB"], list(entities))


def _pull(client: TestClient, headers: Headers, message: str, **body: Any) -> Any:
    return client.post(f"/api/v1/messages/{message}/pull", json=body, headers=headers)


def _entities(client: TestClient, headers: Headers, file_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/files/{file_id}/entities", headers=headers)
    assert response.status_code == 200, response.text
    return sorted(response.json()["items"], key=lambda e: e["id"])


def test_a_messages_entities_join_the_file_with_the_message_as_source_and_its_grading(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    message = _message(
        client, database, someone("Petr Ivanov", "1980-02-03"), passport("AB1234567")
    )
    analyst = world["analyst.vn"]
    file_id = new_file(client, analyst)["id"]
    pulled = _pull(client, analyst, message, file_id=file_id)
    assert pulled.status_code == 200, pulled.text
    assert pulled.json()["entities_added"] == 2
    person, document = _entities(client, analyst, file_id)
    assert (person["kind"], person["label"]) == ("person", "Petr Ivanov (1980-02-03)")
    assert (person["reliability"], person["information"]) == ("A", "1")
    assert person["data"]["names"] == ["Petr Ivanov"]
    assert person["data"]["date_of_birth"] == "1980-02-03"
    assert (document["kind"], document["reliability"], document["information"]) == (
        "document",
        "B",
        "2",
    )
    assert document["data"]["identifiers"] == {"number": "AB1234567"}
    for entity in (person, document):
        assert (entity["source_kind"], entity["source_ref"]) == ("message", f"message:{message}")

    # Pulling again, or another message naming the same passport, adds nothing new.
    again = _pull(client, analyst, message, file_id=file_id).json()
    assert again["entities_added"] == 0
    assert [p["entity"] for p in again["entities"]] == [person["id"], document["id"]]
    other = _message(client, database, passport("AB 1234567"), someone("Anna Petrova"))
    only_passport = _pull(client, analyst, other, file_id=file_id, entities=[0]).json()
    assert only_passport["entities"] == [{"position": 0, "entity": document["id"], "added": False}]
    assert len(_entities(client, analyst, file_id)) == 2
    nowhere = _pull(client, analyst, other, file_id=file_id, entities=[7])
    assert nowhere.status_code == 422


def test_pulling_needs_a_message_one_may_see_and_a_file_one_writes(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    message = _message(client, database, passport("AB1234567"))
    theirs = open_case(database, "EE-POLICE")
    keeper: IndexKeeper = client.app.state.index  # type: ignore[attr-defined]
    hidden = send(database, keeper, "liaison.ee", theirs, ["RS-NCB"], [passport("AB1234567")])
    analyst = world["analyst.vn"]
    file_id = new_file(client, analyst)["id"]

    refused = _pull(client, analyst, hidden, file_id=file_id)
    missing = _pull(client, analyst, "no-such-message", file_id=file_id)
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json()

    # Cambodia's analyst holds the message but is no member of Vietnam's file: no such file.
    cambodia = world["analyst.kh"]
    assert _pull(client, cambodia, message, file_id=file_id).status_code == 404
    member = {"username": "analyst.kh", "access": "read"}
    shared = client.put(f"/api/v1/files/{file_id}/members", json=member, headers=analyst)
    assert shared.status_code == 200, shared.text
    assert _pull(client, cambodia, message, file_id=file_id).status_code == 403  # read only
    # A liaison officer reads the exchange but keeps no analysis files.
    assert _pull(client, world["liaison.vn"], message, file_id=file_id).status_code == 403
    assert _entities(client, analyst, file_id) == []
