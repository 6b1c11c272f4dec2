"""Hit ids tell a checker nothing: a silent hit on a record hidden from the checker's country
leaves no trace in what the checker sees (ids, counts, order), single checks and manifests alike.

The attack: check a known control, then a suspect, then the control again. With hits numbered
by one global counter, a gap between the two controls' ids meant the suspect had matched a
record the checker may not see.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

from fastapi.testclient import TestClient

from tests.records.conftest import person

PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
CONTROL = {"person": {"names": ["TIMOFEEVA IULIIA"], "date_of_birth": "1985-03-07"}}
SUSPECT = {"person": {"names": ["Rashad Aliyev"], "date_of_birth": "1980-06-11"}}
NOBODY = {"person": {"names": ["Zebulon Quaxworth"], "date_of_birth": "1951-12-30"}}


def _world(client: TestClient, countries: dict[str, dict[str, str]]) -> None:
    """A control every country sees, and a suspect hidden from Austria."""
    for body in (
        person(),
        person(names=[{"given": "Rashad", "family": "Aliyev"}], date_of_birth="1980-06-11",
               gender="male", identifiers=[], visibility={"mode": "except", "countries": ["AT"]}),
    ):  # fmt: skip
        assert client.post("/api/v1/records", json=body, headers=countries["dm.bg"]).is_success


def _check(client: TestClient, headers: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/checks", json=body, headers=headers)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _without_ids(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "hit_id"} for r in results]


def test_a_silent_hit_between_two_controls_leaves_no_trace_in_the_hit_ids(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    _world(client, countries)
    officer = countries["officer.at"]
    seen: dict[str, list[list[dict[str, Any]]]] = {}
    for world, suspect in (("hidden match", SUSPECT), ("nothing", NOBODY)):
        # Each check at a place of its own: a re-check at one place counts on its hit.
        seen[world] = [_check(client, officer, body | {"place": f"{world} {i}"})["results"]
                       for i, body in enumerate((CONTROL, suspect, CONTROL))]  # fmt: skip
    # The owner's inbox shows the suspect was met: the hit is there, silent.
    inbox = client.get("/api/v1/hits/inbox", headers=countries["dm.bg"]).json()
    assert sum(h["silent"] for h in inbox["items"]) == 1

    # What the checker saw is the same in both worlds, ids set aside ...
    assert [[_without_ids(r) for r in answers] for answers in seen.values()] == [
        [_without_ids(seen["nothing"][0]), [], _without_ids(seen["nothing"][0])]
    ] * 2
    # ... and the ids are opaque: random url-safe text, no number to subtract.
    ids = [r["hit_id"] for answers in seen.values() for results in answers for r in results]
    assert len(ids) == 4 and len(set(ids)) == 4
    assert all(isinstance(i, str) and PUBLIC_ID.match(i) for i in ids), ids
    # The checker's list of its own hits: the four controls, by the same ids, nothing else.
    ours = client.get("/api/v1/hits/ours", headers=officer).json()
    assert sorted(h["id"] for h in ours) == sorted(ids)
    assert {h["label"] for h in ours} == {"Юлия Тимофеева (1985-03-07)"}


def test_the_owner_decides_a_hit_by_its_public_id_only(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    _world(client, countries)
    (result,) = _check(client, countries["officer.lv"], CONTROL)["results"]
    (hit,) = client.get("/api/v1/hits/inbox", headers=countries["dm.bg"]).json()["items"]
    assert hit["id"] == result["hit_id"]
    for guess in ("1", "0", hit["id"][::-1]):  # the old numbering, or a wrong id: not found
        refused = client.post(f"/api/v1/hits/{guess}/decision", json={"decision": "confirmed"},
                              headers=countries["dm.bg"])  # fmt: skip
        assert refused.status_code == 404, refused.text
    decided = client.post(f"/api/v1/hits/{hit['id']}/decision", json={"decision": "rejected"},
                          headers=countries["dm.bg"])  # fmt: skip
    assert decided.status_code == 200 and decided.json()["id"] == hit["id"]
    (ours,) = client.get("/api/v1/hits/ours", headers=countries["officer.lv"]).json()
    assert (ours["id"], ours["decision"]) == (hit["id"], "rejected")


def _screen(client: TestClient, headers: dict[str, str], travellers: list[dict[str, Any]]
            ) -> list[dict[str, Any]]:  # fmt: skip
    manifest = json.dumps([
        {"name": t["person"]["names"][0], "date_of_birth": t["person"]["date_of_birth"]}
        for t in travellers
    ])  # fmt: skip
    started = client.post("/api/v1/screenings", params={"format": "json"},
                          content=manifest.encode(), headers=headers)  # fmt: skip
    assert started.status_code == 202, started.text
    token = started.json()["token"]
    deadline = time.monotonic() + 30
    while client.get(f"/api/v1/screenings/{token}", headers=headers).json()["status"] in (
        "queued", "running",
    ):  # fmt: skip
        assert time.monotonic() < deadline
        time.sleep(0.05)
    results = client.get(f"/api/v1/screenings/{token}/results", params={"format": "json"},
                         headers=headers)  # fmt: skip
    assert results.status_code == 200, results.text
    report: list[dict[str, Any]] = results.json()
    return report


def test_a_manifest_with_a_hidden_suspect_between_two_controls_reveals_nothing(
    client: TestClient, countries: dict[str, dict[str, str]]
) -> None:
    _world(client, countries)
    officer = countries["officer.at"]
    reports = {world: _screen(client, officer, [CONTROL, suspect, CONTROL])
               for world, suspect in (("hidden match", SUSPECT), ("nothing", NOBODY))}  # fmt: skip

    def shown(report: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
        return [(t["status"], _without_ids(t["results"])) for t in report]

    assert shown(reports["hidden match"]) == shown(reports["nothing"])
    assert [t["status"] for t in reports["nothing"]] == ["hit", "clear", "hit"]
    ids = [r["hit_id"] for report in reports.values() for t in report for r in t["results"]]
    # The control met four times at no place is one encounter: one hit, the same id each time.
    assert len(ids) == 4 and len(set(ids)) == 1
    assert all(isinstance(i, str) and PUBLIC_ID.match(i) for i in ids), ids


def test_a_public_id_never_reads_as_a_command_line_option() -> None:
    """Ids are typed after `clew traces answer`: one starting with "-" was taken for an option."""
    from clew.screening.models import new_public_id

    assert not any(new_public_id().startswith("-") for _ in range(5000))
