"""Objects are found through the database's key index, not a copy in each process's memory:
a document, vehicle or firearm is screenable as soon as it is committed (no rebuild, no catch
up), a cancelled one is not, a hidden one draws a silent hit, and the keeper holds persons only.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, update

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import User
from clew.records import alerts, serials, store
from clew.records.bulk import ADAPTER as NEW
from clew.records.kinds import AlertCategory
from clew.records.models import Alert, RecordKey
from clew.records.schemas import AlertIn, RecordUpdate
from clew.screening import checks
from clew.screening.checks import match_request
from clew.screening.models import Hit
from clew.screening.objects import DatabaseKeys, lookup, request_keys
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.storage import Database, utcnow
from tests.records.conftest import FACTORIES, make_countries, person

#: What a border officer types, with the confusions OCR and people make (B read as 8, I as 1,
#: no spaces or dashes).
QUERIES: dict[str, dict[str, Any]] = {
    "document": {"document": {"number": "A8I234567"}},
    "vehicle": {"vehicle": {"plate": "CA1234AB"}},
    "firearm": {"firearm": {"serial_number": "ZAS7710B42"}},
}


def _actor(database: Database, username: str) -> Actor:
    with database.transaction() as session:
        return actor_for(session.query(User).filter_by(username=username).one())


@pytest.fixture
def people(database: Database) -> dict[str, Actor]:
    make_countries(database)
    return {name: _actor(database, name) for name in ("dm.bg", "officer.lv", "officer.at")}


def _built(database: Database) -> IndexKeeper:
    keeper = IndexKeeper()
    with database.reading() as session:
        keeper.build(session)
    return keeper


def _create(database: Database, actor: Actor, body: dict[str, Any]) -> int:
    with database.transaction() as session:
        return store.create_record(session, actor, NEW.validate_python(body)).id


def _found(database: Database, keeper: IndexKeeper, body: dict[str, Any]) -> list[int]:
    with database.reading() as session:
        matches = match_request(keeper, CheckRequest.model_validate(body), DatabaseKeys(session))
    return [m.entry.record_id for m in matches]


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_an_object_is_found_through_the_database_without_a_rebuild(
    database: Database, people: dict[str, Actor], kind: str
) -> None:
    keeper = _built(database)
    record_id = _create(database, people["dm.bg"], FACTORIES[kind]())
    assert _found(database, keeper, QUERIES[kind]) == [record_id]
    with database.transaction() as session:
        answer = checks.check(session, people["officer.lv"], keeper,
                              CheckRequest.model_validate(QUERIES[kind]))  # fmt: skip
    assert [(r.record_id, r.kind, r.owner) for r in answer.results] == [(record_id, kind, "BG-NCB")]


@pytest.mark.parametrize("kind", sorted(QUERIES))
def test_a_cancelled_object_is_not_found(
    database: Database, people: dict[str, Actor], kind: str
) -> None:
    keeper = _built(database)
    record_id = _create(database, people["dm.bg"], FACTORIES[kind]())
    with database.transaction() as session:
        store.cancel_record(session, people["dm.bg"], record_id, "Recovered")
    assert _found(database, keeper, QUERIES[kind]) == []


def test_a_changed_number_is_found_by_its_new_key_only(
    database: Database, people: dict[str, Actor]
) -> None:
    keeper = _built(database)
    record_id = _create(database, people["dm.bg"], FACTORIES["document"]())
    changed = FACTORIES["document"](number="ZX7654321")
    del changed["alert"]
    with database.transaction() as session:
        update = RecordUpdate.model_validate({"data": changed})
        store.update_record(session, people["dm.bg"], record_id, update)
    assert _found(database, keeper, QUERIES["document"]) == []
    assert _found(database, keeper, {"document": {"number": "ZX 765 432 1"}}) == [record_id]


def test_a_hidden_object_draws_a_silent_hit(database: Database, people: dict[str, Actor]) -> None:
    keeper = _built(database)
    hidden = FACTORIES["document"](visibility={"mode": "except", "countries": ["AT"]})
    record_id = _create(database, people["dm.bg"], hidden)
    request = CheckRequest.model_validate(QUERIES["document"])
    with database.transaction() as session:
        austria = checks.check(session, people["officer.at"], keeper, request)
        latvia = checks.check(session, people["officer.lv"], keeper, request)
    assert austria.results == []
    assert [r.record_id for r in latvia.results] == [record_id]
    with database.reading() as session:
        hits = session.execute(select(Hit.checking_country, Hit.silent).order_by(Hit.id)).all()
    assert [tuple(h) for h in hits] == [("AT", True), ("LV", False)]


def test_the_keeper_holds_persons_only(database: Database, people: dict[str, Actor]) -> None:
    owner = people["dm.bg"]
    person_id = _create(database, owner, person())
    for kind in sorted(QUERIES):
        _create(database, owner, FACTORIES[kind]())
    keeper = _built(database)
    assert len(keeper.index) == 1 and list(keeper.index.entries) == [person_id]
    _create(database, owner, FACTORIES["document"](number="ZX0000001"))
    with database.reading() as session:
        keeper.catch_up(session)
    assert len(keeper.index) == 1
    # Every object's screening keys are in the database, OCR-folded as a check looks them up.
    with database.reading() as session:
        stored = set(session.execute(select(RecordKey.value).where(RecordKey.key == "screen")))
    assert {value for (value,) in stored} == {
        "doc:382154907", "doc:A81234567", "doc:2X0000001", "plate:CA1234A8",
        "vin:WVW2221K28W123456", "serial:2A5771042",
    }  # fmt: skip


def test_a_found_object_is_read_as_columns_not_as_orm_objects(
    database: Database, people: dict[str, Actor]
) -> None:
    """A manifest's prefetch reads thousands of records: bench/firearms.py found 813 serials a
    second at 1.5 million records while each hit loaded a Record and its Alerts as ORM objects.
    The lookups now read the columns an entry needs, and answer the same."""
    owner = people["dm.bg"]
    ids = {kind: _create(database, owner, FACTORIES[kind]()) for kind in sorted(QUERIES)}
    loaded: list[object] = []
    with database.reading() as session:
        event.listen(session, "loaded_as_persistent", lambda _s, obj: loaded.append(obj))
        keys = DatabaseKeys(session)
        found = {
            kind: [e.record_id for e in keys.find(request_keys(CheckRequest.model_validate(q)))]
            for kind, q in QUERIES.items()
        }
        partial = keys.find_serials(serials.parse_pattern("?AS77*"))
    assert found == {kind: [record_id] for kind, record_id in ids.items()}
    assert [(e.record_id, e.owner_code, e.alert.action) for e in partial] == [
        (ids["firearm"], "BG-NCB", found_action(database, ids["firearm"]))
    ]
    assert loaded == []


def found_action(database: Database, record_id: int) -> str:
    with database.reading() as session:
        return session.execute(
            select(Alert.action).where(Alert.record_id == record_id)
        ).scalar_one()


def _alert(database: Database, actor: Actor, record_id: int, action: str) -> int:
    with database.transaction() as session:
        data = AlertIn(category=AlertCategory.OBJECT_TO_SEIZE, action=action)
        return alerts.add_alert(session, actor, record_id, data).id


def test_a_found_object_carries_its_newest_live_alert_once(
    database: Database, people: dict[str, Actor]
) -> None:
    """A record's alerts are read with it, a row each: the record is still listed once under
    its key, with its newest alert that is active and not past its expiry."""
    owner = people["dm.bg"]
    record_id = _create(database, owner, FACTORIES["document"]())
    _alert(database, owner, record_id, "Seize and call the desk")
    lapsed = _alert(database, owner, record_id, "Lapsed at review")
    expired = _alert(database, owner, record_id, "Past its expiry, not swept yet")
    with database.transaction() as session:
        alerts.lapse_alert(session, owner, lapsed, "No longer needed")
        yesterday = utcnow().date() - timedelta(days=1)
        session.execute(update(Alert).where(Alert.id == expired).values(expires_on=yesterday))
    key = request_keys(CheckRequest.model_validate(QUERIES["document"]))
    with database.reading() as session:
        found = lookup(session, key)
    assert [(e.record_id, e.alert.action) for e in found[key[0]]] == [
        (record_id, "Seize and call the desk")
    ]


def test_an_object_under_several_keys_is_found_once(
    database: Database, people: dict[str, Actor]
) -> None:
    record_id = _create(database, people["dm.bg"], FACTORIES["vehicle"]())
    _alert(database, people["dm.bg"], record_id, "Stop the vehicle")
    query = {"vehicle": {"vin": "WVWZZZ1KZ8W123456", "plate": "CA 1234 AB"}}
    keeper = _built(database)
    assert _found(database, keeper, query) == [record_id]
    with database.reading() as session:
        found = lookup(session, request_keys(CheckRequest.model_validate(query)))
    assert sorted(found) == ["plate:CA1234A8", "vin:WVW2221K28W123456"]
    assert [[e.alert.action for e in entries] for entries in found.values()] == [
        ["Stop the vehicle"], ["Stop the vehicle"]
    ]  # fmt: skip


def test_a_found_object_is_read_in_one_query_from_the_key_index(
    database: Database, people: dict[str, Actor]
) -> None:
    """bench/object_lookups.py: a found record cost four queries (the key index alone, the
    record, its alerts, its countries) and a second seek per key into ``record_keys``. A record
    every country may see is now one query, answered from the key index with its record id."""
    owner = people["dm.bg"]
    _create(database, owner, FACTORIES["document"]())
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith("SELECT"):
            statements.append((statement, parameters))

    keys = request_keys(CheckRequest.model_validate(QUERIES["document"]))
    event.listen(database.engine, "before_cursor_execute", keep)
    try:
        with database.reading() as session:
            found = lookup(session, [*keys, "doc:ZZ0000001"])
    finally:
        event.remove(database.engine, "before_cursor_execute", keep)
    assert list(found) == keys
    assert len(statements) == 1
    if database.dialect == "sqlite":  # the plan is SQLite's (no statistics, as served)
        statement, parameters = statements[0]
        with database.engine.connect() as conn:
            plan = [str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                                             parameters)]  # fmt: skip
        assert not [step for step in plan if step.startswith("SCAN")], plan
        assert any("record_keys USING COVERING INDEX" in step for step in plan), plan
        assert any("alerts USING INDEX ix_alerts_record_id" in step for step in plan), plan
