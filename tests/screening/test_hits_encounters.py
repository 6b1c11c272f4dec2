"""One pending hit per encounter: re-checking the same traveller at the same place counts on the
hit already stored ("checked 3 times") instead of filling the owner's inbox; a new place, a
new day or the owner's decision starts a new hit. And one decision on several hits at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from clew.access.login import actor_for
from clew.access.models import User
from clew.errors import NotFoundError
from clew.screening import hits
from clew.screening.models import Hit
from clew.screening.schemas import HitDecision
from clew.storage import Database, utcnow
from tests.records.conftest import document, person

CHECK = {"person": {"names": ["TIMOFEEVA IULIIA"], "date_of_birth": "1985-03-07"}}


def _check(client: TestClient, headers: dict[str, str], place: str | None = "Kulata") -> str:
    body: dict[str, Any] = {**CHECK, "place": place} if place else CHECK
    response = client.post("/api/v1/checks", json=body, headers=headers)
    assert response.status_code == 200, response.text
    (result,) = response.json()["results"]
    return str(result["hit_id"])


def _inbox(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get("/api/v1/hits/inbox", params={"decision": "all"}, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


@pytest.fixture
def owned(client: TestClient, countries: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    client.post("/api/v1/records", json=person(), headers=countries["dm.bg"])
    return countries


def test_twelve_re_checks_at_one_place_are_one_hit_checked_twelve_times(
    client: TestClient, owned: dict[str, dict[str, str]]
) -> None:
    ids = {_check(client, owned["officer.lv"]) for _ in range(12)}
    assert len(ids) == 1  # the officer is shown the same hit each time
    (hit,) = _inbox(client, owned["dm.bg"])
    assert (hit["id"], hit["checks"], hit["decision"]) == (ids.pop(), 12, "pending")
    assert hit["last_at"] >= hit["at"]


def test_another_place_agency_day_or_a_decision_starts_a_new_hit(
    client: TestClient, owned: dict[str, dict[str, str]], database: Database
) -> None:
    first = _check(client, owned["officer.lv"])
    assert _check(client, owned["officer.lv"], "Riga airport") != first  # another place
    assert _check(client, owned["officer.lv"], None) != first  # no place is not Kulata
    assert _check(client, owned["officer.at"]) != first  # another agency's check
    with database.transaction() as session:  # the encounter ended 13 hours ago
        session.execute(update(Hit).where(Hit.public_id == first)
                        .values(last_at=utcnow() - timedelta(hours=13)))  # fmt: skip
    later = _check(client, owned["officer.lv"])
    assert later != first
    decided = client.post(f"/api/v1/hits/{later}/decision", json={"decision": "confirmed"},
                          headers=owned["dm.bg"])  # fmt: skip
    assert decided.status_code == 200
    assert _check(client, owned["officer.lv"]) not in {first, later}  # news after a decision
    assert [h["checks"] for h in _inbox(client, owned["dm.bg"])] == [1] * 6


def test_silent_re_checks_are_counted_on_one_silent_hit(
    client: TestClient, owned: dict[str, dict[str, str]]
) -> None:
    (record,) = client.get("/api/v1/records", headers=owned["dm.bg"]).json()["items"]
    data = {k: v for k, v in person().items() if k != "alert"}
    hide = {"data": data, "visibility": {"mode": "except", "countries": ["LV"]}}
    assert client.put(f"/api/v1/records/{record['id']}", json=hide,
                      headers=owned["dm.bg"]).status_code == 200  # fmt: skip
    for _ in range(3):
        response = client.post("/api/v1/checks", json={**CHECK, "place": "Kulata"},
                               headers=owned["officer.lv"])  # fmt: skip
        assert response.json()["results"] == []
    (hit,) = _inbox(client, owned["dm.bg"])
    assert (hit["silent"], hit["checks"]) == (True, 3)


def test_the_owner_decides_several_hits_at_once_or_none(
    client: TestClient, owned: dict[str, dict[str, str]], database: Database
) -> None:
    ids = [_check(client, owned["officer.lv"], place) for place in ("Kulata", "Vidin", "Ruse")]
    client.post("/api/v1/records", json=document(), headers=owned["dm.lv"])
    response = client.post("/api/v1/checks", json={"document": {"number": "AB1234567"}},
                           headers=owned["officer.at"])  # fmt: skip
    (latvian,) = response.json()["results"]  # a hit on Latvia's record, not Bulgaria's
    rejected = HitDecision(decision="rejected", note="Not her")
    with database.transaction() as session:
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        with pytest.raises(NotFoundError):
            hits.decide_many(session, owner, [ids[0], latvian["hit_id"]], rejected)
    assert {h["decision"] for h in _inbox(client, owned["dm.bg"])} == {"pending"}  # none
    with database.transaction() as session:
        owner = actor_for(session.query(User).filter_by(username="dm.bg").one())
        done = hits.decide_many(session, owner, [*ids[:2], ids[0]], rejected)
        assert [h.id for h in done] == ids[:2]  # a repeated id counts once
    decided = {h["id"]: h["decision"] for h in _inbox(client, owned["dm.bg"])}
    assert [decided[i] for i in ids] == ["rejected", "rejected", "pending"]
