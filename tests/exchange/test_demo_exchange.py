"""The demo's exchange: what a newcomer signing in as a liaison officer finds."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from clew.demo import load_world, seed
from clew.exchange.demo import seed_exchange
from clew.exchange.models import Case
from clew.storage import Database
from tests.conftest import bearer, make_token


def test_the_demo_exchange_is_seeded_once_with_a_flagged_answer_and_an_overdue_request(
    database: Database, client: TestClient
) -> None:
    with database.transaction() as session:
        seed(session)
        load_world(session, persons=200, documents=200, vehicles=50, firearms=20)
        assert seed_exchange(session) is True
    with database.transaction() as session:
        assert seed_exchange(session) is False  # a second start adds nothing
        assert session.execute(select(func.count()).select_from(Case)).scalar_one() == 3
    vn = bearer(make_token(database, "liaison.vn"))
    answered = client.get("/api/v1/requests?direction=outgoing", headers=vn).json()["items"]
    assert answered and answered[0]["recipients"][0]["status"] == "answered"
    inbox = client.get("/api/v1/inbox", headers=vn).json()["items"]
    answer = next(m for m in inbox if m["kind"] == "answer")
    found = client.get(f"/api/v1/messages/{answer['id']}/crosscheck", headers=vn).json()
    document = next(e for e in found if e["kind"] == "document")
    assert document["watchlists"], "the passport is flagged as on a watchlist"

    es = bearer(make_token(database, "liaison.es"))
    overdue = client.get("/api/v1/requests?direction=outgoing&overdue=true", headers=es).json()
    assert [r["country"] for r in overdue["items"][0]["recipients"] if r["overdue"]] == ["RS"]
    rs = bearer(make_token(database, "liaison.rs"))
    assert (
        client.get("/api/v1/requests?direction=incoming&overdue=true", headers=rs).json()["total"]
        == 1
    )
    ee_like = bearer(make_token(database, "officer.lv"))  # no exchange permission
    assert client.get("/api/v1/inbox", headers=ee_like).status_code == 403
