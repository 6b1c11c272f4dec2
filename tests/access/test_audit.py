"""The audit chain: every action leaves an entry, and tampering of any kind is named."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from clew.access import audit
from clew.access.actor import Actor
from clew.access.models import AuditEntry
from clew.storage import Database
from tests.conftest import make_agency


def _entries(database: Database, n: int) -> None:
    with database.transaction() as session:
        for i in range(n):
            audit.record(session, Actor.system(), "test.action", query={"i": i}, result_ids=[i])


def _verify(database: Database) -> audit.Verification:
    with database.transaction() as session:
        return audit.verify(session, Actor.system())


def _tamper(database: Database, *statements: str) -> None:
    """Change the table as an attacker with database-owner rights would: triggers off first."""
    with database.engine.begin() as conn:
        if database.dialect == "postgresql":
            conn.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER USER"))
        else:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_entries_no_delete"))
        for statement in statements:
            conn.exec_driver_sql(statement)
        if database.dialect == "postgresql":  # the next test shares this server's tables
            conn.execute(text("ALTER TABLE audit_entries ENABLE TRIGGER USER"))


def test_an_untouched_log_verifies(database: Database) -> None:
    _entries(database, 5)
    result = _verify(database)
    assert result.ok, result.message
    assert result.checked == 5
    assert "intact" in result.message


def test_entries_in_any_script_chain_as_they_are_stored(database: Database) -> None:
    """Several entries of one unit, in Cyrillic, Vietnamese, Arabic and beyond the basic plane,
    with absent fields: the chain as stored (hashed by the database on PostgreSQL) is the chain
    ``entry_hash`` computes, entry by entry."""
    with database.transaction() as session:
        actor, check = Actor.system(), "screening.check"
        recorded = [
            audit.record(session, actor, check, query={"names": ["Тимофеева Юлия"]}),
            audit.record(session, actor, check, query={"names": ["Nguyễn Văn Hùng"]},
                         target="record:7", result_ids=[7, "h-1"]),
            audit.record(session, actor, check, query={"names": ["حسين 𝔘"]}, outcome="denied"),
        ]  # fmt: skip
    with database.transaction() as session:
        stored = session.query(AuditEntry).order_by(AuditEntry.seq).all()
    assert [e.seq for e in stored][-3:] == [e.seq for e in recorded]
    last = audit.GENESIS
    for entry in stored:
        assert entry.prev_hash == last
        assert entry.hash == audit.entry_hash(last, entry)
        last = entry.hash
    assert [e.hash for e in stored][-3:] == [e.hash for e in recorded]
    result = _verify(database)
    assert result.ok, result.message


def test_the_database_refuses_to_change_or_delete_entries(database: Database) -> None:
    _entries(database, 2)
    for statement in ("UPDATE audit_entries SET username = 'x'", "DELETE FROM audit_entries"):
        with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
            conn.execute(text(statement))


@pytest.mark.parametrize("column, value", [
    ("username", "'someone-else'"),
    ("query", "'{\"i\":99}'"),
    ("result_ids", "'[]'"),
    ("action", "'test.other'"),
])  # fmt: skip
def test_an_altered_entry_is_named(database: Database, column: str, value: str) -> None:
    _entries(database, 6)
    _tamper(database, f"UPDATE audit_entries SET {column} = {value} WHERE seq = 4")
    result = _verify(database)
    assert not result.ok
    assert result.first_bad_seq == 4
    assert result.problem is not None and "altered" in result.problem


def test_a_removed_entry_is_named(database: Database) -> None:
    _entries(database, 6)
    _tamper(database, "DELETE FROM audit_entries WHERE seq = 3")
    result = _verify(database)
    assert (result.ok, result.first_bad_seq) == (False, 3)
    assert result.problem is not None and "removed" in result.problem


def test_a_removed_entry_hidden_by_renumbering_is_named(database: Database) -> None:
    _entries(database, 6)
    _tamper(
        database,
        "DELETE FROM audit_entries WHERE seq = 3",
        "UPDATE audit_entries SET seq = seq - 1 WHERE seq > 3",
        "UPDATE audit_head SET seq = 5",
    )
    result = _verify(database)
    assert (result.ok, result.first_bad_seq) == (False, 3)


def test_removing_the_last_entries_is_detected(database: Database) -> None:
    _entries(database, 6)
    _tamper(database, "DELETE FROM audit_entries WHERE seq >= 5")
    result = _verify(database)
    assert (result.ok, result.first_bad_seq) == (False, 5)


def test_reordered_entries_are_named(database: Database) -> None:
    _entries(database, 6)
    _tamper(
        database,
        "UPDATE audit_entries SET seq = 100 WHERE seq = 2",
        "UPDATE audit_entries SET seq = 2 WHERE seq = 3",
        "UPDATE audit_entries SET seq = 3 WHERE seq = 100",
    )
    result = _verify(database)
    assert (result.ok, result.first_bad_seq) == (False, 2)
    assert result.problem is not None and "reordered" in result.problem


def test_an_action_that_fails_leaves_no_entry(database: Database) -> None:
    make_agency(database, "BG-NCB", "BG")
    with pytest.raises(Exception, match="already exists"):
        make_agency(database, "BG-NCB", "BG")
    with database.transaction() as session:
        actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.seq)]
    assert actions == ["agency.create"]
    assert _verify(database).ok


def test_the_cli_proves_the_log_intact_or_names_the_bad_entry(database: Database) -> None:
    make_agency(database, "BG-NCB", "BG")
    make_agency(database, "LV-POLICE", "LV")
    env = {"CLEW_DATABASE_URL": database.url, "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-m", "clew", "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert "intact: 2 entries" in ok.stdout

    _tamper(database, "UPDATE audit_entries SET target = 'agency:99' WHERE seq = 1")
    broken = subprocess.run(
        [sys.executable, "-m", "clew", "audit", "verify"], env=env, capture_output=True, text=True
    )
    assert broken.returncode != 0
    assert "entry #1" in broken.stderr and "altered" in broken.stderr


def test_a_write_committed_while_the_log_is_verified_is_not_tampering(
    database: Database,
) -> None:
    # An auditor verifies beside every other request: an entry committed after the head was
    # read and before the entries were is not part of what is verified, not an entry added
    # behind the head's back (PostgreSQL said "tampered with" to a busy server's auditor).
    _entries(database, 3)
    written: list[bool] = []

    def commit_one_more(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not written and "FROM audit_entries" in statement and "ORDER BY" in statement:
            written.append(True)
            _entries(database, 1)  # another connection, committed at once

    event.listen(database.engine, "before_cursor_execute", commit_one_more)
    try:
        with database.reading() as session:
            result = audit.verify(session, Actor.system())
    finally:
        event.remove(database.engine, "before_cursor_execute", commit_one_more)
    assert written, "the entries were read"
    assert result.ok, result.message
    assert result.checked == 3
    after = _verify(database)
    assert after.ok and after.checked == 4
