"""The live dashboard's figures and its event stream (:mod:`clew.operations.live`).

The snapshot's figures are those counted and reported; an agency that takes no part gets the
404 of a made-up id from the JSON and from the stream; the stream, read from a real server,
sends a new snapshot after a check (every figure comes from the database, never from the
memory of the process that counted it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from clew.errors import NotFoundError
from clew.operations import live, results
from clew.operations.kinds import CheckKind
from clew.operations.schemas import FieldResultIn
from clew.storage import Database, utcnow
from tests.operations.conftest import Cast, accept, add_post, check, create, keeper

PERSON = {"person": {"names": ["Ivan Petrov"], "date_of_birth": "1980-01-02"}}


@pytest.fixture
def running(database: Database, cast: Cast) -> str:
    operation = create(database, cast)
    accept(database, cast, operation, "officer.ro")
    add_post(database, cast, operation, "RO-POLICE", "Calafat", "CAL")
    return operation


def _report(database: Database, cast: Cast, operation: str, **body: object) -> str:
    data = FieldResultIn.model_validate({"occurred_at": utcnow().isoformat()} | body)
    with database.transaction() as session:
        return results.report_result(session, cast["officer.ro"], operation, data).id


def _snapshot(
    database: Database, cast: Cast, operation: str, who: str = "coord.bg"
) -> live.LiveSnapshot:
    with database.reading() as session:
        return live.snapshot(session, cast[who], operation)


def test_the_snapshot_shows_what_was_counted_and_reported(
    database: Database, cast: Cast, running: str
) -> None:
    kept = keeper(database)
    check(database, kept, cast["officer.ro"], PERSON | {"place": "calafat"})
    check(database, kept, cast["officer.ro"], PERSON)
    check(database, kept, cast["officer.bg"], PERSON | {"place": "Sofia"})
    _report(database, cast, running, kind="arrest", crime_area="migrant_smuggling",
            basis="european_arrest_warrant", persons=2)  # fmt: skip
    _report(database, cast, running, kind="seizure", category="drugs", item="Cocaine", unit="kg",
            amount=12.5)  # fmt: skip
    _report(
        database, cast, running, kind="seizure", category="cigarettes", unit="units", amount=200
    )  # fmt: skip  (small: not on the timeline)
    _report(database, cast, running, kind="victim", count=3, minors=1)
    withdrawn = _report(database, cast, running, kind="event", title="Withdrawn event")
    with database.transaction() as session:
        results.withdraw_result(session, cast["officer.ro"], running, withdrawn)
    _report(database, cast, running, kind="event", title="Lorry with 40 migrants stopped")

    snap = _snapshot(database, cast, running)

    assert snap.checks[CheckKind.PERSON] == 3 and snap.checks[CheckKind.VEHICLE] == 0
    posts = {(p.agency, p.name): p for p in snap.posts}
    assert posts[("RO-POLICE", "Calafat")].checks[CheckKind.PERSON] == 1
    assert posts[("RO-POLICE", None)].checks[CheckKind.PERSON] == 1
    assert posts[("BG-NCB", None)].checks[CheckKind.PERSON] == 1
    assert posts[("RO-POLICE", "Calafat")].kind == "border_crossing"
    agencies = {a.agency: a for a in snap.agencies}
    assert agencies["RO-POLICE"].checked == 2 and agencies["RO-POLICE"].arrests == 2
    assert agencies["RO-POLICE"].results == 5  # the withdrawn report is left out
    assert snap.results.arrests.total == 2
    assert snap.results.victims.total == 3 and snap.results.victims.minors == 1
    assert [(s.category, s.item, s.unit, s.amount) for s in snap.results.seizures] == [
        ("cigarettes", None, "units", 200),
        ("drugs", "cocaine", "kg", 12.5),
    ]
    assert sum(m.checked for m in snap.series) == 3 and len(snap.series) == live.SERIES_MINUTES
    timeline = [(e.kind, e.title or e.category or e.basis) for e in snap.timeline]
    assert timeline == [("event", "Lorry with 40 migrants stopped"), ("victim", None),
                        ("seizure", "drugs"), ("arrest", "european_arrest_warrant")]  # fmt: skip


def test_the_version_changes_with_every_check_and_report(
    database: Database, cast: Cast, running: str
) -> None:
    kept = keeper(database)
    first = _snapshot(database, cast, running).version
    check(database, kept, cast["officer.ro"], PERSON)
    second = _snapshot(database, cast, running).version
    _report(database, cast, running, kind="investigation", count=1)
    third = _snapshot(database, cast, running).version
    assert len({first, second, third}) == 3
    assert _snapshot(database, cast, running).version == third  # nothing new: no new version


def test_an_agency_that_takes_no_part_gets_not_found(
    database: Database, cast: Cast, running: str
) -> None:
    with pytest.raises(NotFoundError, match=r"^Operation not found\.$"):
        _snapshot(database, cast, running, "officer.ee")


def test_the_json_and_the_stream_answer_an_outsider_as_for_a_made_up_id(
    client: TestClient, tokens: dict[str, dict[str, str]], running: str
) -> None:
    made_up = "NoSuchOperation0000000"
    for suffix in ("/live", "/live/stream"):
        hidden = client.get(f"/api/v1/operations/{running}{suffix}", headers=tokens["officer.ee"])
        missing = client.get(f"/api/v1/operations/{made_up}{suffix}", headers=tokens["officer.ee"])
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json() == missing.json()
    mine = client.get(f"/api/v1/operations/{running}/live", headers=tokens["officer.rs"])
    assert mine.status_code == 200 and mine.json()["operation"] == running  # invited: sees it


def _events(response: httpx.Response) -> Iterator[dict[str, object]]:
    """The snapshots of an event stream, as they arrive."""
    event, data = "", []
    for line in response.iter_lines():
        if line.startswith("event:"):
            event = line.removeprefix("event:").strip()
        elif line.startswith("data:"):
            data.append(line.removeprefix("data:").strip())
        elif not line and data:
            if event == "snapshot":
                yield json.loads("\n".join(data))
            event, data = "", []


def test_the_stream_sends_a_new_snapshot_after_a_check(
    live_url: str, database: Database, cast: Cast, tokens: dict[str, dict[str, str]],
    running: str,
) -> None:  # fmt: skip
    url = f"{live_url}/api/v1/operations/{running}/live/stream"
    with (
        httpx.Client(timeout=httpx.Timeout(20.0)) as http,
        http.stream("GET", url, headers=tokens["coord.bg"]) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        snapshots = _events(response)
        first = next(snapshots)
        assert first["checks"]["person"] == 0  # type: ignore[index]
        # A check through the API of the same server, as an officer's device would make it.
        answer = http.post(f"{live_url}/api/v1/checks", headers=tokens["officer.ro"],
                           json=PERSON | {"place": "CAL"})  # fmt: skip
        assert answer.status_code == 200, answer.text
        second = next(snapshots)
    assert second["checks"]["person"] == 1  # type: ignore[index]
    assert second["version"] != first["version"]
    calafat = next(p for p in second["posts"] if p["name"] == "Calafat")  # type: ignore[attr-defined]
    assert calafat["checked"] == 1


def test_a_process_serves_a_bounded_number_of_streams(
    client: TestClient, tokens: dict[str, dict[str, str]], running: str
) -> None:
    slots = live.StreamSlots(limit=0)
    client.app.state.live_streams = slots  # type: ignore[attr-defined]
    response = client.get(f"/api/v1/operations/{running}/live/stream", headers=tokens["coord.bg"])
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert slots.open == 0
