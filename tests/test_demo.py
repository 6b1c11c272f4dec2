"""The demo world: agencies of every seed country, users of every role, realistic records."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy import event, func, select

from clew.access.models import Agency, User
from clew.access.roles import Role
from clew.cli.common import operator_for
from clew.demo import USERS, load_world, seed, world_is_loaded
from clew.records import store
from clew.records.bulk import ADAPTER
from clew.records.models import Alert, Record
from clew.storage import Database
from clew.synth.world import generate
from tests.conftest import make_agency

SEED_COUNTRIES = {
    "VN", "KH", "LV", "BG", "AT", "ES", "AL", "BA", "MD", "MK", "RO", "RS", "TR", "FR", "NL",
    "DE", "GB",
}  # fmt: skip


def test_the_demo_world_has_every_country_role_and_kind(database: Database) -> None:
    with database.transaction() as session:
        seed(session)
        assert not world_is_loaded(session)
        counts = load_world(session, persons=300, documents=100, vehicles=60, firearms=40)
    assert sum(counts.values()) == 500
    with database.transaction() as session:
        countries = set(session.execute(select(Agency.country)).scalars())
        assert countries >= SEED_COUNTRIES and "XX" in countries
        assert set(session.execute(select(User.role)).scalars()) == set(Role)
        kinds = dict(session.execute(select(Record.kind, func.count()).group_by(Record.kind)).all())
        assert kinds == {"person": 300, "document": 100, "vehicle": 60, "firearm": 40}
        modes = set(session.execute(select(Record.visibility_mode)).scalars())
        assert modes == {"all", "only", "except"}
        assert session.execute(select(func.count()).select_from(Alert)).scalar_one() > 450
        assert world_is_loaded(session)
    with database.transaction() as session:
        seed(session)  # idempotent
        assert session.execute(select(func.count()).select_from(User)).scalar_one() == len(USERS)


def test_clew_synth_adds_a_world_with_a_progress_bar(database: Database) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clew", "synth", "--persons", "200", "--vehicles", "20"],
        env={"CLEW_DATABASE_URL": database.url, "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "220 records created" in result.stdout
    assert "generating" in result.stderr


def test_the_world_loads_in_batches_and_every_id_names_its_record(database: Database) -> None:
    """Loading sends a statement per table and batch, not one per record (SQLite would get
    85,000 single-row INSERTs for the demo's watchlists), and each id it returns is the record
    made from that item."""
    make_agency(database, "BG-NCB", "BG")
    records = [r.data for r in generate(7, persons=150, vehicles=50)]
    inserts: list[str] = []

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO RECORDS"):
            inserts.append(statement)

    event.listen(database.engine, "before_cursor_execute", count)
    try:
        with database.transaction() as session:
            actor = operator_for(session, "BG-NCB")
            first = store.insert_records(
                session, actor, [ADAPTER.validate_python(d) for d in records[:120]]
            )
            second = store.insert_records(
                session, actor, [ADAPTER.validate_python(d) for d in records[120:]]
            )
    finally:
        event.remove(database.engine, "before_cursor_execute", count)
    assert len(inserts) <= 2 * 2  # one statement a batch (PostgreSQL may page a batch in two)
    with database.transaction() as session:
        stored = dict(session.execute(select(Record.id, Record.external_id)).all())
    assert [stored[i] for i in first + second] == [d["external_id"] for d in records]
    assert len(set(first + second)) == len(records)
