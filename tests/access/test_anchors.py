"""Anchors: the chain's head signed with a key outside the database.

An attacker with the database owner's rights can rewrite the hash chain so that it verifies on
its own (the hashes have no key). Signed anchors, kept outside the database, catch it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text

from clew.access import anchors, audit
from clew.access.actor import Actor
from clew.access.models import AuditEntry, AuditHead
from clew.storage import Database
from tests.access.test_audit import _entries, _tamper

KEY = b"k" * 64


def _anchor(database: Database, key: bytes = KEY) -> anchors.Anchor:
    with database.reading() as session:
        return audit.anchor(session, key)


def _verify(database: Database, *pinned: anchors.Anchor, key: bytes = KEY) -> audit.Verification:
    with database.reading() as session:
        return audit.verify(session, Actor.system(), key=key, pinned=list(pinned))


def _rehash_from(database: Database, first: int) -> None:
    """Recompute every hash from ``first`` on and fix the head: the chain verifies alone."""
    with database.engine.begin() as conn:
        rows = conn.execute(select(AuditEntry).order_by(AuditEntry.seq)).all()
    statements = []
    prev = audit.GENESIS
    for row in rows:
        entry = AuditEntry(**{c: getattr(row, c) for c in row._fields})
        if row.seq >= first:
            entry.hash = audit.entry_hash(prev, entry)
            statements.append(
                f"UPDATE audit_entries SET prev_hash = '{prev}', hash = '{entry.hash}' "
                f"WHERE seq = {row.seq}"
            )
        prev = entry.hash
    statements.append(f"UPDATE audit_head SET seq = {len(rows)}, hash = '{prev}' WHERE id = 1")
    _tamper(database, *statements)


def test_a_rewritten_chain_passes_alone_but_not_against_its_anchor(database: Database) -> None:
    _entries(database, 6)
    pinned = _anchor(database)
    _tamper(database, "UPDATE audit_entries SET username = 'someone-else' WHERE seq = 3")
    _rehash_from(database, 3)
    assert _verify(database).ok, "the attack works on the bare chain (why anchors exist)"
    result = _verify(database, pinned)
    assert not result.ok
    assert result.first_bad_seq == 6
    assert result.problem is not None and "rewritten" in result.problem


def test_entries_deleted_from_the_end_with_the_head_fixed_are_caught(database: Database) -> None:
    _entries(database, 6)
    pinned = _anchor(database)
    with database.engine.begin() as conn:
        fourth = conn.execute(text("SELECT hash FROM audit_entries WHERE seq = 4")).scalar_one()
    _tamper(
        database,
        "DELETE FROM audit_entries WHERE seq > 4",
        f"UPDATE audit_head SET seq = 4, hash = '{fourth}' WHERE id = 1",
    )
    assert _verify(database).ok
    result = _verify(database, pinned)
    assert (result.ok, result.first_bad_seq) == (False, 5)
    assert result.problem is not None and "removed" in result.problem


def test_a_forged_anchor_or_the_wrong_key_is_named(database: Database) -> None:
    _entries(database, 3)
    genuine = _anchor(database)
    forged = anchors.sign(b"not-the-key" * 4, genuine.seq, genuine.hash, genuine.at)
    result = _verify(database, forged)
    assert not result.ok and result.problem is not None and "not signed" in result.problem
    assert not _verify(database, genuine, key=b"another-key" * 4).ok


def test_an_intact_log_matches_every_anchor(database: Database) -> None:
    _entries(database, 2)
    first = _anchor(database)
    _entries(database, 3)
    second = _anchor(database)
    result = _verify(database, first, second)
    assert result.ok, result.message
    assert result.anchors == 2
    assert "2 signed anchors match" in result.message


def test_the_anchor_file_is_append_only_text_and_bad_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "anchors.jsonl"
    one, two = anchors.sign(KEY, 1, "a" * 64, "t1"), anchors.sign(KEY, 2, "b" * 64, "t2")
    anchors.append(path, one)
    anchors.append(path, two)
    assert anchors.read(path) == ([one, two], [])
    with path.open("a") as handle:
        handle.write("{not json\n")
    pinned, problems = anchors.read(path)
    assert pinned == [one, two]
    assert [p.line for p in problems] == [3]


def test_the_key_file_is_created_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "audit.key"
    key = anchors.load_key(path)
    assert len(key) >= 32
    assert path.stat().st_mode & 0o077 == 0
    assert anchors.load_key(path) == key


def test_verifying_writes_nothing(database: Database) -> None:
    _entries(database, 4)
    with database.reading() as session:
        audit.verify(session, Actor.system())
    with database.reading() as session:
        assert session.execute(select(func.count()).select_from(AuditEntry)).scalar_one() == 4
        assert session.execute(select(AuditHead.seq)).scalar_one() == 4


def _clew(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clew", *args], capture_output=True, text=True, env=env,
        timeout=120, check=False,
    )  # fmt: skip


def test_the_cli_anchors_and_verifies_a_read_only_copy(database: Database, tmp_path: Path) -> None:
    url = database.url
    _entries(database, 3)
    env = {
        "PATH": "/usr/bin:/bin", "CLEW_DATABASE_URL": url,
        "CLEW_AUDIT_KEY_FILE": str(tmp_path / "audit.key"),
        "CLEW_AUDIT_ANCHOR_FILE": str(tmp_path / "anchors.jsonl"),
    }  # fmt: skip
    anchored = _clew(env, "audit", "anchor")
    assert anchored.returncode == 0, anchored.stderr
    assert '"seq":3' in anchored.stdout
    assert (tmp_path / "anchors.jsonl").read_text().strip() == anchored.stdout.strip()
    if database.dialect == "sqlite":  # a read-only copy of the file, opened read-only
        source = Path(url.split("///", 1)[1])
        copy = tmp_path / "copy.db"
        with sqlite3.connect(source) as live, sqlite3.connect(copy) as target:
            live.backup(target)
        env["CLEW_DATABASE_URL"] = f"sqlite:///file:{copy}?mode=ro&uri=true"
    verified = _clew(env, "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert "intact: 3 entries verified" in verified.stdout
    assert "1 signed anchors match" in verified.stdout
    assert "Traceback" not in verified.stderr
    _tamper(database, "UPDATE audit_entries SET username = 'x' WHERE seq = 2")
    env["CLEW_DATABASE_URL"] = url
    broken = _clew(env, "audit", "verify")
    assert broken.returncode == 9
    assert "#2" in broken.stderr
