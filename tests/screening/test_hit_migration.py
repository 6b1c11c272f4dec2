"""Migration 0005 gives every hit already stored a public id of its own: random, url-safe,
unique, none derived from the integer key."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from clew.storage import Database

PUBLIC_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
NOW = "2026-11-30 10:00:00+00:00"


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[Database]:
    """An empty database of its own: a file (SQLite) or a schema of its own (PostgreSQL)."""
    url = os.environ.get("CLEW_TEST_DATABASE_URL")
    if not url:
        database = Database(f"sqlite:///{tmp_path / 'migrating.db'}")
        yield database
        database.dispose()
        return
    schema = f"migration_{uuid.uuid4().hex[:8]}"
    admin = Database(url)
    with admin.engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    database = Database(f"{url}?options=-csearch_path%3D{schema}")
    try:
        yield database
    finally:
        database.dispose()
        with admin.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def test_hits_stored_before_the_migration_get_distinct_public_ids(blank: Database) -> None:
    blank.upgrade("0004")
    with blank.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO agencies (id, code, name, country, kind, active, created_at)"
            " VALUES (1, 'BG-NCB', 'NCB Sofia', 'BG', 'national_central_bureau', true, :now)"
        ), {"now": NOW})  # fmt: skip
        conn.execute(text(
            "INSERT INTO records (id, kind, owner_agency_id, owner_country, status,"
            " visibility_mode, label, search_text, data, version, created_at, updated_at)"
            " VALUES (1, 'person', 1, 'BG', 'active', 'all', 'X', 'x', '{}', 1, :now, :now)"
        ), {"now": NOW})  # fmt: skip
        for hit_id in range(1, 4):
            conn.execute(text(
                "INSERT INTO hits (id, record_id, owner_agency_id, checking_username, channel,"
                " at, score, band, silent, explanation, decision)"
                " VALUES (:id, 1, 1, 'officer.lv', 'api', :now, 0.9, 'hit', false, '[]',"
                " 'pending')"
            ), {"id": hit_id, "now": NOW})  # fmt: skip
    blank.upgrade("0005")
    with blank.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, public_id FROM hits ORDER BY id")).all()
    ids = [public_id for _, public_id in rows]
    assert len(rows) == 3 and len(set(ids)) == 3
    assert all(PUBLIC_ID.match(i) for i in ids), ids
    assert not {str(n) for n, _ in rows} & set(ids)
