"""The person index's snapshot: a process that maps it screens exactly as one that built the
index from the database, follows the changes made after it was written, and never trusts a
damaged or foreign one.

"Another process" is a keeper reading through its own engine on the same database.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from clew.access.actor import Actor
from clew.records import store
from clew.records.bulk import ADAPTER as NEW
from clew.screening import sync
from clew.screening.snapshot import FORMAT, SnapshotStore
from clew.screening.sync import IndexKeeper
from clew.server import create_app
from clew.storage import Database
from tests.conftest import settings_for
from tests.records.conftest import person
from tests.screening.test_change_feed import (  # noqa: F401 - fixtures
    OLGA,
    YULIA,
    _cancel,
    _create,
    _eventually,
    _rename,
    elsewhere,
    owner,
    screened,
)

NAMES = [
    ("Ivan", "Petrov", "1979-05-20"), ("Ivan", "Petrov", "1950-02-02"),
    ("Ivan", "Sidorov", "1960-01-01"), ("Maria", "Ivanova", "1990-01-02"),
    ("Георги", "Димитров", "1971-11-30"), ("Nguyễn", "Văn An", "1988-08-08"),
    ("Jānis", "Bērziņš", "1983-04-17"), ("Mohammed", "Al-Hassan", "1975-06-06"),
    ("Olga", "Shevchenko", "1992-12-12"), ("Petar", "Petrov", "1979-05-21"),
    ("Anna", "Kowalska", "1969-09-09"), ("Ivana", "Petrova", "1981-03-03"),
]  # fmt: skip
PETROV = {"names": ["IVAN PETROFF"], "date_of_birth": "1979-05-20"}
QUERIES: list[dict[str, Any]] = [
    {"names": ["Ivan Petrov"]}, {"names": ["Ivan Petrov"], "date_of_birth": "1950-02-02"},
    {"names": ["IVAN PETROFF"]}, {"names": ["Georgi Dimitrov"]}, {"names": ["Nguyen Van An"]},
    {"names": ["Janis Berzins"]}, {"names": ["Muhammad Alhasan"]}, {"names": ["Olga Sevcenko"]},
    {"names": ["Kowalski Anna"]}, {"names": ["Ivanova"]}, {"names": ["Zebulon Quartermain"]},
    YULIA, PETROV,
]  # fmt: skip


def _seed(database: Database, actor: Actor) -> list[int]:
    items = [
        NEW.validate_python(person(
            names=[{"given": given, "family": family, "kind": "primary"}], date_of_birth=born,
            identifiers=[],
        ))
        for given, family, born in NAMES
    ]  # fmt: skip
    with database.transaction() as session:
        ids = store.insert_records(session, actor, items)
    return [*ids, _create(database, actor, person())]


def _store(database: Database) -> SnapshotStore:
    found = SnapshotStore.for_database(settings_for(database).index_path(), database.url)
    assert found is not None
    return found


def _start(database: Database, snapshots: SnapshotStore | None) -> IndexKeeper:
    keeper = IndexKeeper(snapshots=snapshots)
    with database.reading() as session:
        keeper.build(session)
    return keeper


@pytest.fixture
def record_reads(elsewhere: Database) -> Iterator[list[str]]:  # noqa: F811
    """The statements of the other process that read the records table."""
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM records" in statement:
            statements.append(statement)

    event.listen(elsewhere.engine, "before_cursor_execute", seen)
    yield statements
    event.remove(elsewhere.engine, "before_cursor_execute", seen)


def _answers(keeper: IndexKeeper) -> list[list[int]]:
    return [screened(keeper, person=query) for query in QUERIES]


def _candidates(keeper: IndexKeeper) -> list[list[int]]:
    return [
        [e.record_id for e in keeper.index.person_candidates(q["names"], birth_year=year)]
        for q in QUERIES
        for year in (None, 1979)
    ]


def test_a_keeper_started_from_the_snapshot_screens_as_one_built_from_the_database(
    database: Database,
    elsewhere: Database,  # noqa: F811
    owner: Actor,  # noqa: F811
    record_reads: list[str],
) -> None:
    _seed(database, owner)
    first = _start(database, _store(database))  # builds, then writes the snapshot
    built = _start(database, None)
    there = _start(elsewhere, _store(elsewhere))
    assert record_reads == []  # mapped: not one record read from the database
    assert there.status().built and there.status().position == built.status().position
    assert _candidates(there) == _candidates(built) == _candidates(first)
    assert _answers(there) == _answers(built)
    assert sum(map(len, _answers(there))) >= len(QUERIES) // 2  # not trivially empty
    assert set(there.index.entries) == set(built.index.entries)
    for record_id, entry in built.index.entries.items():
        mapped = there.index.entries[record_id]
        assert (mapped.label, mapped.owner_code, mapped.mode, mapped.countries, mapped.data) == (
            entry.label, entry.owner_code, entry.mode, entry.countries, entry.data
        )  # fmt: skip
        assert (mapped.alert.alert_id, mapped.alert.expires_on, mapped.alert.handling_code) == (
            entry.alert.alert_id, entry.alert.expires_on, entry.alert.handling_code
        )  # fmt: skip


def test_records_changed_after_the_snapshot_are_screened_accordingly(
    database: Database,
    elsewhere: Database,  # noqa: F811
    owner: Actor,  # noqa: F811
) -> None:
    ids = _seed(database, owner)
    yulia, petrov = ids[-1], ids[0]
    first = _start(database, _store(database))  # writes the snapshot
    assert petrov in screened(first, person=PETROV)
    created = _create(database, owner, person(
        names=[{"given": "Zebulon", "family": "Quartermain", "kind": "primary"}]))  # fmt: skip
    _rename(database, owner, yulia)  # Yulia Timofeeva -> Olga Smirnova
    _cancel(database, owner, petrov)

    there = _start(elsewhere, _store(elsewhere))
    assert screened(there, person={"names": ["Zebulon Quartermain"]}) == [created]
    assert screened(there, person=OLGA) == [yulia]
    assert yulia not in screened(there, person=YULIA)
    assert petrov not in screened(there, person=PETROV)
    assert _answers(there) == _answers(_start(elsewhere, None))

    _cancel(database, owner, created)  # and after the start, through the feed
    with elsewhere.reading() as session:
        there.catch_up(session)
    assert screened(there, person={"names": ["Zebulon Quartermain"]}) == []
    assert set(there.index.entries) == set(_start(elsewhere, None).index.entries)


def _current(snapshots: SnapshotStore) -> Path:
    return snapshots.directory / (snapshots.directory / "CURRENT").read_text()


def _flip_byte(name: str) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        file = path / f"{name}.npy"
        data = bytearray(file.read_bytes())
        data[-1] ^= 0xFF
        file.write_bytes(bytes(data))

    return damage


def _truncate(path: Path) -> None:
    file = path / "postings.npy"
    file.write_bytes(file.read_bytes()[:-8])


def _manifest(**changes: Any) -> Callable[[Path], None]:
    def damage(path: Path) -> None:
        manifest = json.loads((path / "manifest.json").read_text())
        (path / "manifest.json").write_text(json.dumps(manifest | changes))

    return damage


@pytest.mark.parametrize(
    "damage",
    [
        _flip_byte("entry_bytes"),
        _flip_byte("postings"),
        _truncate,
        _manifest(format=FORMAT + 1),
        _manifest(anchor=[1, "2001-01-01T00:00:00+00:00"]),  # another database's history
        _manifest(files={}),
        lambda path: (path / "manifest.json").write_text("{"),
    ],
    ids=["record", "posting", "truncated", "format", "other-database", "no-files", "manifest"],
)
def test_a_damaged_or_foreign_snapshot_is_ignored_and_the_index_built_afresh(
    database: Database,
    elsewhere: Database,  # noqa: F811
    owner: Actor,  # noqa: F811
    record_reads: list[str],
    damage: Callable[[Path], None],
) -> None:
    ids = _seed(database, owner)
    assert ids[0] in screened(_start(database, _store(database)), person=PETROV)
    damage(_current(_store(database)))
    _cancel(database, owner, ids[0])

    there = _start(elsewhere, _store(elsewhere))
    assert record_reads  # built from the database
    assert _answers(there) == _answers(_start(elsewhere, None))
    assert ids[0] not in screened(there, person=PETROV)
    record_reads.clear()
    again = _start(elsewhere, _store(elsewhere))  # the builder wrote a sound one in its place
    assert record_reads == []
    assert _answers(again) == _answers(there)


def test_a_snapshot_of_an_emptied_database_is_not_trusted(
    database: Database,
    owner: Actor,  # noqa: F811
) -> None:
    """The feed position alone would match a database whose history started again."""
    _seed(database, owner)
    snapshots = _store(database)
    _start(database, snapshots)
    manifest = json.loads((_current(snapshots) / "manifest.json").read_text())
    position = manifest["cursor"]["position"]
    with database.reading() as session:
        assert snapshots.load(session) is not None
    manifest["anchor"][1] = "1999-12-31T00:00:00+00:00"  # the same seq, written at another time
    (_current(snapshots) / "manifest.json").write_text(json.dumps(manifest))
    with database.reading() as session:
        assert snapshots.load(session) is None
    assert position > 0


def test_a_process_whose_changes_grew_large_writes_a_fresh_snapshot_for_the_next(
    database: Database,
    elsewhere: Database,  # noqa: F811
    owner: Actor,  # noqa: F811
    record_reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _seed(database, owner)
    here = _start(database, _store(database))
    monkeypatch.setattr(sync, "REFRESH", 0)  # any change counts as many
    created = _create(database, owner, person(
        names=[{"given": "Zebulon", "family": "Quartermain", "kind": "primary"}]))  # fmt: skip
    with database.reading() as session:
        here.catch_up(session)
    assert screened(here, person={"names": ["Zebulon Quartermain"]}) == [created]
    there = _start(elsewhere, _store(elsewhere))
    assert record_reads == []  # the new record came with the snapshot, not from the database
    assert screened(there, person={"names": ["Zebulon Quartermain"]}) == [created]
    assert _answers(there) == _answers(_start(elsewhere, None))


def test_a_second_server_maps_the_index_the_first_one_built(
    database: Database,
    owner: Actor,  # noqa: F811
) -> None:
    _seed(database, owner)
    keepers: list[IndexKeeper] = []
    for _ in range(2):
        app = create_app(settings_for(database), database)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            keeper: IndexKeeper = app.state.index
            assert _eventually(lambda k=keeper: k.status().built)
            assert client.get("/api/v1/health/ready").status_code == 200
            keepers.append(keeper)
    first, second = keepers
    assert second.from_snapshot and not first.from_snapshot
    assert _answers(second) == _answers(first)
    assert sum(map(len, _answers(second))) >= len(QUERIES) // 2


def test_a_fresh_snapshot_leaves_out_the_records_cancelled_since_the_last(
    database: Database,
    elsewhere: Database,  # noqa: F811
    owner: Actor,  # noqa: F811
    record_reads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    petrov = _seed(database, owner)[0]
    here = _start(database, _store(database))
    _cancel(database, owner, petrov)  # masked in this process: nothing put, nothing to compact
    monkeypatch.setattr(sync, "REFRESH", -1)  # write at the next catch-up all the same
    with database.reading() as session:
        here.catch_up(session)
    there = _start(elsewhere, _store(elsewhere))
    assert record_reads == []
    assert petrov not in screened(there, person=PETROV)
    assert set(there.index.entries) == set(_start(elsewhere, None).index.entries)


def test_a_large_index_is_built_by_a_helper_process_and_mapped(
    database: Database,
    elsewhere: Database,  # noqa: F811
    owner: Actor,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server's own memory then holds the mapped snapshot only, not the build's heap."""
    _seed(database, owner)
    monkeypatch.setattr(sync, "CHILD_BUILD", 1)
    here = _start(database, _store(database))
    assert here.from_snapshot and here.index.shared and here.status().progress == 1.0
    assert _answers(here) == _answers(_start(elsewhere, None))
