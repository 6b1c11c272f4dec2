"""The clearing house: what a message names is checked against the watchlists (the owner told as
for any hit, silently where the record is hidden) and against the messages a reader may see."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from clew.access.roles import Role, Scope
from clew.screening.sync import IndexKeeper
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.exchange.clearing import open_case, passport, record, send, someone
from tests.records.conftest import document

Headers = dict[str, str]


@pytest.fixture
def world(cast: dict[str, Headers], database: Database) -> dict[str, Headers]:
    """The cast, and Bulgaria's data manager who keeps its watchlist."""
    make_user(database, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    return cast | {"dm.bg": bearer(make_token(database, "dm.bg", Scope.READ, Scope.WRITE))}


def _keeper(client: TestClient) -> IndexKeeper:
    keeper: IndexKeeper = client.app.state.index  # type: ignore[attr-defined]
    return keeper


def _shown(client: TestClient, headers: Headers, message_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/messages/{message_id}/crosscheck", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


def _inbox(client: TestClient, headers: Headers) -> list[dict[str, Any]]:
    response = client.get("/api/v1/hits/inbox", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def _passport_on_the_watchlist(
    client: TestClient, database: Database, world: dict[str, Headers], visibility: dict[str, Any]
) -> str:  # fmt: skip
    """Bulgaria lists passport AB1234567; Vietnam sends Cambodia a message naming it."""
    record(client, world["dm.bg"], document(visibility=visibility))
    case = open_case(database, "VN-NCB")
    return send(database, _keeper(client), "liaison.vn", case, ["KH-NCB"],
                [passport("AB 1234567"), passport("ZZ0000001")])  # fmt: skip


def test_a_passport_on_bulgarias_watchlist_is_flagged_to_a_reader_with_its_owner_named(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    message = _passport_on_the_watchlist(client, database, world, {"mode": "all"})
    flagged, clean = _shown(client, world["spoc.kh"], message)
    [match] = flagged["watchlists"]
    assert (match["owner"], match["owner_country"], match["band"]) == ("BG-NCB", "BG", "hit")
    assert match["text"] == "on Bulgaria's watchlist"
    assert match["category"] == "object_to_seize" and match["action"] == "Seize the document"
    assert match["hit_id"] is None  # the hit is the sender's check, not Cambodia's
    assert clean["watchlists"] == [] and clean["label"] == "ZZ0000001 (BG)"
    # The sender sees the hit its check stored; the owner was told, not silently.
    [sender_view] = _shown(client, world["liaison.vn"], message)[0]["watchlists"]
    [hit] = _inbox(client, world["liaison.bg"])
    assert sender_view["hit_id"] == hit["id"]
    assert (hit["silent"], hit["checking_agency"]) == (False, "VN-NCB")
    assert hit["place"] == f"exchange message {message}"
    # An agency holding nothing gets what it gets for a message never sent.
    outsider = client.get(f"/api/v1/messages/{message}/crosscheck", headers=world["liaison.ee"])
    missing = client.get("/api/v1/messages/no-such-message/crosscheck", headers=world["liaison.ee"])
    assert outsider.status_code == missing.status_code == 404
    assert outsider.json() == missing.json()


def test_a_silent_crosscheck_hit_tells_the_owner_and_shows_the_sender_and_readers_nothing(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    message = _passport_on_the_watchlist(
        client, database, world, {"mode": "only", "countries": ["RS"]}
    )
    [hit] = _inbox(client, world["liaison.bg"])
    assert (hit["silent"], hit["checking_country"]) == (True, "VN")
    assert hit["place"] == f"exchange message {message}"
    for reader in ("liaison.vn", "spoc.kh"):
        shown = _shown(client, world[reader], message)
        assert [e["watchlists"] for e in shown] == [[], []]
    assert client.get("/api/v1/hits/ours", headers=world["liaison.vn"]).json() == []


def test_a_reader_whose_country_may_not_see_the_record_is_not_shown_it(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    message = _passport_on_the_watchlist(
        client, database, world, {"mode": "only", "countries": ["VN"]}
    )
    [vietnam, _] = _shown(client, world["liaison.vn"], message)
    assert [m["owner"] for m in vietnam["watchlists"]] == ["BG-NCB"]
    [cambodia, _] = _shown(client, world["spoc.kh"], message)
    assert cambodia["watchlists"] == []
    assert not _inbox(client, world["liaison.bg"])[0]["silent"]  # Vietnam may see it


def test_mentions_come_only_from_messages_the_reader_may_see(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    keeper = _keeper(client)
    ivanov = someone("Petr Ivanov", "1980-02-03")
    ours = open_case(database, "VN-NCB", "Heroin on route 1")
    first = send(database, keeper, "liaison.vn", ours, ["KH-NCB"], [ivanov])
    theirs = open_case(database, "EE-POLICE", "Estonian matter")
    hidden = send(
        database, keeper, "liaison.ee", theirs, ["RS-NCB"], [someone("IVANOV Petr", "1980")]
    )
    latest = send(database, keeper, "liaison.vn", ours, ["KH-NCB"], [ivanov])

    [entity] = _shown(client, world["spoc.kh"], latest)
    assert entity["mentions_total"] == 1
    [mention] = entity["mentions"]
    assert (mention["message_id"], mention["case_id"], mention["author"]) == (first, ours, "VN-NCB")
    assert mention["text"] == "Vietnam mentioned this person in case “Heroin on route 1”"
    # Serbia holds only the Estonian message: Vietnam's never count for it.
    [serbia] = _shown(client, world["liaison.rs"], hidden)
    assert (serbia["mentions_total"], serbia["mentions"]) == (0, [])

    # A report checked without a message: the same rule, newest first.
    report_body = {"entities": [ivanov.model_dump(mode="json", exclude_none=True)]}
    checked = client.post("/api/v1/exchange/crosscheck", headers=world["spoc.kh"], json=report_body)
    assert checked.status_code == 200, checked.text
    [report] = checked.json()
    assert report["mentions_total"] == 2
    assert [m["message_id"] for m in report["mentions"]] == [latest, first]
    estonia = client.post(
        "/api/v1/exchange/crosscheck", headers=world["liaison.ee"], json=report_body
    )
    assert [m["message_id"] for m in estonia.json()[0]["mentions"]] == [hidden]


def test_a_report_of_200_entities_is_checked_in_one_call(
    client: TestClient, database: Database, world: dict[str, Headers]
) -> None:
    record(client, world["dm.bg"], document())
    entities = [{"kind": "document", "document": {"number": f"KH{n:07d}"}} for n in range(199)]
    entities.insert(150, {"kind": "document", "document": {"number": "AB1234567"}})
    checked = client.post(
        "/api/v1/exchange/crosscheck", json={"entities": entities}, headers=world["liaison.vn"]
    )
    assert checked.status_code == 200, checked.text
    found = checked.json()
    assert len(found) == 200
    assert [e["position"] for e in found if e["watchlists"]] == [150]
    assert found[150]["watchlists"][0]["text"] == "on Bulgaria's watchlist"
    [hit] = _inbox(client, world["liaison.bg"])
    assert (hit["place"], hit["checking_agency"]) == ("exchange cross-check", "VN-NCB")

    too_many = client.post("/api/v1/exchange/crosscheck", headers=world["liaison.vn"],
                           json={"entities": entities + entities + entities})  # fmt: skip
    assert too_many.status_code == 422
    officer = client.post("/api/v1/exchange/crosscheck", json={"entities": entities[:1]},
                          headers=world["officer.kh"])  # fmt: skip
    assert officer.status_code == 403  # the exchange is not an officer's
