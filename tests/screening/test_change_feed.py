"""The change feed: every process's index follows record changes, none skipped, in the background.

"Another process" is an index keeper reading through its own engine on the same database.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, func, select

from clew.access.actor import Actor
from clew.access.login import actor_for
from clew.access.models import User
from clew.access.roles import OrganisationType, Role
from clew.records import store
from clew.records.bulk import ADAPTER as NEW
from clew.records.models import RecordChange
from clew.records.schemas import RecordUpdate
from clew.screening import checks
from clew.screening.checks import match_request
from clew.screening.follow import Follower
from clew.screening.objects import DatabaseKeys, MemoryKeys
from clew.screening.schemas import CheckRequest
from clew.screening.sync import IndexKeeper
from clew.storage import Database
from tests.conftest import make_agency, make_user
from tests.records.conftest import document, person

YULIA = {"names": ["Yulia Timofeeva"], "date_of_birth": "1985-03-07"}
OLGA = {"names": ["Olga Smirnova"], "date_of_birth": "1985-03-07"}


def _actor(database: Database, username: str) -> Actor:
    with database.transaction() as session:
        return actor_for(session.query(User).filter_by(username=username).one())


@pytest.fixture
def owner(database: Database) -> Actor:
    """A Bulgarian data manager who writes records (and an officer who checks)."""
    make_agency(database, "BG-NCB", "BG", OrganisationType.NATIONAL_CENTRAL_BUREAU)
    make_user(database, "dm.bg", Role.DATA_MANAGER, "BG-NCB")
    make_user(database, "officer.bg", Role.OFFICER, "BG-NCB")
    return _actor(database, "dm.bg")


@pytest.fixture
def elsewhere(database: Database) -> Iterator[Database]:
    """The same database as another server process sees it: its own engine and sessions."""
    other = Database(database.url)
    yield other
    other.dispose()


def _keeper(database: Database) -> IndexKeeper:
    keeper = IndexKeeper()
    with database.reading() as session:
        keeper.build(session)
    return keeper


def _catch_up(keeper: IndexKeeper, database: Database) -> None:
    with database.reading() as session:
        keeper.catch_up(session)


def screened(keeper: IndexKeeper, via: Database | None = None, **body: Any) -> list[int]:
    """The records a check would find, hidden or not (by key only through ``via``)."""
    request = CheckRequest.model_validate(body)
    if via is None:
        return [m.entry.record_id for m in match_request(keeper, request, MemoryKeys())]
    with via.reading() as session:
        found = match_request(keeper, request, DatabaseKeys(session))
    return [m.entry.record_id for m in found]


def _create(database: Database, actor: Actor, body: dict[str, Any]) -> int:
    with database.transaction() as session:
        return store.create_record(session, actor, NEW.validate_python(body)).id


def _rename(database: Database, actor: Actor, record_id: int) -> None:
    data = {k: v for k, v in person().items() if k != "alert"}
    data["names"] = [{"given": "Olga", "family": "Smirnova", "kind": "primary"}]
    with database.transaction() as session:
        store.update_record(session, actor, record_id, RecordUpdate.model_validate({"data": data}))


def _cancel(database: Database, actor: Actor, record_id: int) -> None:
    with database.transaction() as session:
        store.cancel_record(session, actor, record_id, "Arrested")


def test_a_record_written_in_one_process_is_screened_accordingly_in_another(
    database: Database, elsewhere: Database, owner: Actor
) -> None:
    there = _keeper(elsewhere)
    record_id = _create(database, owner, person())
    assert screened(there, person=YULIA) == []  # not caught up yet: its own index
    _catch_up(there, elsewhere)
    assert screened(there, person=YULIA) == [record_id]

    _rename(database, owner, record_id)
    _catch_up(there, elsewhere)
    assert screened(there, person=OLGA) == [record_id]
    assert screened(there, person=YULIA) == []

    _cancel(database, owner, record_id)
    _catch_up(there, elsewhere)
    assert screened(there, person=OLGA) == []
    assert _keeper(elsewhere).index.entries == there.index.entries  # as a fresh process has it


def test_a_change_that_commits_late_is_not_skipped(
    database: Database, elsewhere: Database, owner: Actor
) -> None:
    """Transaction A cancels a record and stays open while B commits more than a thousand
    higher-numbered changes; once A commits, the cancellation still reaches the index.

    On SQLite, B cannot commit while A is open (one writer at a time, which is why the seq
    order is a sound cursor there): the test shows that premise instead of B's commit."""
    record_id = _create(database, owner, person())
    there = _keeper(elsewhere)
    assert screened(there, person=YULIA) == [record_id]
    with database.transaction() as late:
        store.cancel_record(late, owner, record_id, "Arrested")
        late.flush()
        if database.dialect == "sqlite":
            path = database.url.split("///", 1)[1]
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
        else:
            with elsewhere.transaction() as bulk:
                items = [NEW.validate_python(document(number=f"ZX{i:07d}")) for i in range(1100)]
                store.insert_records(bulk, owner, items)
            _catch_up(there, elsewhere)
            assert screened(there, elsewhere, document={"number": "ZX0001099"})
        _catch_up(there, elsewhere)
        assert screened(there, person=YULIA) == [record_id]  # A has not committed yet
    _catch_up(there, elsewhere)
    assert screened(there, person=YULIA) == []


def test_a_background_follower_brings_changes_from_another_process(
    database: Database, elsewhere: Database, owner: Actor
) -> None:
    there = _keeper(elsewhere)
    # PostgreSQL: a poll too slow for the deadline below, so the notification must wake it.
    follower = Follower(there, elsewhere, poll=60.0 if database.dialect == "postgresql" else None)
    follower.start()
    try:
        record_id = _create(database, owner, person())
        assert _eventually(lambda: screened(there, person=YULIA) == [record_id])
        _cancel(database, owner, record_id)
        assert _eventually(lambda: screened(there, person=YULIA) == [])
    finally:
        follower.stop()


def _eventually(condition: Any, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


def test_a_check_reads_no_change_log_when_nothing_changed(database: Database, owner: Actor) -> None:
    record_id = _create(database, owner, person())
    keeper = _keeper(database)
    officer = _actor(database, "officer.bg")
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        with database.transaction() as session:
            answer = checks.check(session, officer, keeper, CheckRequest.model_validate(
                {"person": YULIA}))  # fmt: skip
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    assert [r.record_id for r in answer.results] == [record_id]
    assert not [s for s in statements if "record_changes" in s or "FROM records" in s]


def test_a_check_right_after_a_write_in_the_same_process_sees_it(
    database: Database, owner: Actor
) -> None:
    keeper = _keeper(database)
    officer = _actor(database, "officer.bg")
    record_id = _create(database, owner, person())

    def check() -> list[int]:
        with database.transaction() as session:
            request = CheckRequest.model_validate({"person": YULIA})
            return [r.record_id for r in checks.check(session, officer, keeper, request).results]

    assert check() == [record_id]
    _cancel(database, owner, record_id)
    assert check() == []


def test_the_keeper_reports_where_it_stands(database: Database, owner: Actor) -> None:
    assert IndexKeeper().status().built is False
    _create(database, owner, person())
    keeper = _keeper(database)
    status = keeper.status()
    assert (status.built, status.progress) == (True, 1.0)
    with database.reading() as session:
        last = session.execute(select(func.max(RecordChange.seq))).scalar_one()
    assert status.position == last and status.lag_s is not None
    _create(database, owner, document())
    _catch_up(keeper, database)
    assert keeper.status().position == last + 1
