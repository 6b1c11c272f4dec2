"""A trace and its history pulled into an analysis file (API, page and CLI), on the demo's
trafficking case: the firearm, the people, the dealer, the places and the custody events as
dated, graded links that say which trace they came from; only for someone who sees the trace
and writes the file."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from clew.access.models import AuditEntry
from clew.access.roles import Role, Scope
from clew.demo import seed, seed_trafficking
from clew.firearms.trace_models import Trace
from clew.storage import Database
from tests.conftest import bearer, make_token, make_user
from tests.web.test_pages import csrf, sign_in

Headers = dict[str, str]


@pytest.fixture
def case(database: Database) -> dict[str, Any]:
    """The demo case; analyst.bb of the case's agency (BG-BORDER), analyst.lv (LV-POLICE,
    on no trace of the case) and analyst.ro (RO-NCB, asked about nothing it may file)."""
    with database.transaction() as session:
        seed(session)
        seed_trafficking(session)
        ids = {s: p for s, p in session.execute(select(Trace.serial_number, Trace.public_id))}
    make_user(database, "analyst.bb", Role.ANALYST, "BG-BORDER")
    make_user(database, "analyst.lvp", Role.ANALYST, "LV-POLICE")
    headers = {
        name: bearer(make_token(database, name, Scope.READ, Scope.WRITE))
        for name in ("analyst.bb", "analyst.lvp")
    }
    return {"traces": ids, "headers": headers}


def _file(client: TestClient, headers: Headers, name: str = "Plovdiv batch") -> int:
    response = client.post("/api/v1/files", json={"name": name}, headers=headers)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _entities(client: TestClient, headers: Headers, file_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/v1/files/{file_id}/entities?limit=200", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def test_the_requester_pulls_a_trace_with_its_history_into_a_file(
    client: TestClient, case: dict[str, Any]
) -> None:
    bb, tid = case["headers"]["analyst.bb"], case["traces"]["BHZ143"]
    file_id = _file(client, bb)
    pulled = client.post(f"/api/v1/traces/{tid}/analysis-file", json={"file_id": file_id},
                         headers=bb)  # fmt: skip
    assert pulled.status_code == 201, pulled.text
    body = pulled.json()
    assert body["entities_added"] >= 7 and body["links_added"] >= 6
    found = {(e["kind"], e["label"]): e for e in _entities(client, bb, file_id)}
    assert {("person", "Petar Yordanov"), ("person", "Emre Aydın"),
            ("organisation", "Balkan Hunt & Sport OOD"), ("organisation", "Glock GmbH"),
            ("address", "Plovdiv, BG"), ("address", "Kapitan Andreevo border crossing, BG"),
            } <= set(found)  # fmt: skip
    firearm = next(e for (kind, _), e in found.items() if kind == "firearm")
    assert firearm["id"] == body["firearm"]
    assert firearm["data"]["identifiers"] == {"serial_number": "BHZ143"}
    assert {e["source_kind"] for e in found.values()} == {"trace"}
    assert {e["source_ref"] for e in found.values()} == {f"trace:{tid}"}
    assert found[("person", "Emre Aydın")]["data"]["nationality"] == "TR"

    # the sale to the purchaser, the point of diversion: a dated link graded as answered (B2)
    purchaser = found[("person", "Petar Yordanov")]["id"]
    detail = client.get(f"/api/v1/files/{file_id}/entities/{purchaser}", headers=bb).json()
    owns = [link for link in detail["links"] if link["kind"] == "owns"]
    assert len(owns) == 1 and owns[0]["target"] == firearm["id"] and owns[0]["directed"]
    assert owns[0]["start"] and owns[0]["start"] == owns[0]["end"]
    assert (owns[0]["reliability"], owns[0]["information"]) == ("B", "2")
    assert owns[0]["source_ref"] == f"trace:{tid}"

    # pulling again adds nothing; a second pistol of the batch shares the purchaser and dealer
    again = client.post(f"/api/v1/traces/{tid}/analysis-file", json={"file_id": file_id},
                        headers=bb).json()  # fmt: skip
    assert (again["entities_added"], again["links_added"]) == (0, 0)
    other = case["traces"]["BHZ150"]  # Serbia's trace, answered by the case's agency
    second = client.post(f"/api/v1/traces/{other}/analysis-file", json={"file_id": file_id},
                         headers=bb).json()  # fmt: skip
    assert second["firearm"] != firearm["id"]
    labels = [e["label"] for e in _entities(client, bb, file_id)]
    assert labels.count("Petar Yordanov") == 1 and labels.count("Balkan Hunt & Sport OOD") == 1
    assert "Dragan Nikolić" in labels and "Belgrade, RS" in labels


def test_only_who_sees_the_trace_and_writes_the_file_pulls_it(
    client: TestClient, case: dict[str, Any], database: Database
) -> None:
    bb, lv = case["headers"]["analyst.bb"], case["headers"]["analyst.lvp"]
    tid = case["traces"]["BHZ143"]
    mine, theirs = _file(client, bb), _file(client, lv, "Riga")

    def pull(headers: Headers, trace: str, file_id: int) -> Any:
        return client.post(f"/api/v1/traces/{trace}/analysis-file", json={"file_id": file_id},
                           headers=headers)  # fmt: skip

    # a trace Latvia is not on is exactly like a trace that does not exist
    hidden, missing = pull(lv, tid, theirs), pull(lv, "NoSuchTrace0000000000000", theirs)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
    # a file the user is not a member of does not exist either; reading only is not writing
    assert pull(bb, tid, theirs).status_code == 404
    added = client.put(f"/api/v1/files/{mine}/members",
                        json={"username": "analyst.lvp", "access": "read"}, headers=bb)  # fmt: skip
    assert added.status_code in (200, 201), added.text
    assert pull(bb, tid, mine).status_code == 201
    assert _entities(client, lv, mine)  # Latvia reads the file...
    assert pull(lv, tid, mine).status_code == 404  # ...but still finds no trace of the trace
    with database.transaction() as session:
        actions = session.execute(
            select(AuditEntry.action).where(AuditEntry.target == f"trace:{tid}")
        ).scalars()
        assert "trace.analysis" in set(actions)


def test_the_trace_page_adds_the_trace_to_an_analysis_file(
    client: TestClient, case: dict[str, Any]
) -> None:
    bb, tid = case["headers"]["analyst.bb"], case["traces"]["BHZ143"]
    file_id = _file(client, bb)
    sign_in(client, "analyst.bb")
    page = client.get(f"/traces/{tid}").text
    assert "Add to an analysis file" in page and "Plovdiv batch" in page
    done = client.post(f"/traces/{tid}/analysis-file", follow_redirects=False,
                       data={"csrf_token": csrf(client, f"/traces/{tid}"),
                             "file_id": str(file_id)})  # fmt: skip
    assert done.status_code == 303, done.text
    shown = client.get(done.headers["location"]).text
    assert "history are now in this file." in shown, shown
    assert "BHZ143" in shown


def test_the_console_pulls_a_trace_into_a_file(
    client: TestClient, case: dict[str, Any], database: Database
) -> None:
    from tests.test_cli import clew

    bb, tid = case["headers"]["analyst.bb"], case["traces"]["BHZ146"]
    file_id = _file(client, bb)
    done = clew(database, "traces", "to-file", tid, str(file_id))
    assert done.returncode == 0, done.stderr
    assert f"trace {tid} in analysis file {file_id}" in done.stdout
    labels = {e["label"] for e in _entities(client, bb, file_id)}
    assert {"Stoyan Marinov", "Sofia, BG"} <= labels
    missing = clew(database, "traces", "to-file", "NoSuchTrace0000000000000", str(file_id))
    assert missing.returncode != 0 and "Trace not found" in missing.stderr
