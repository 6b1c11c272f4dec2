"""Storage: migrations create exactly the models' schema, on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from clew.storage import Base, Database
from clew.storage.base import modelled


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": modelled})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


# What each backend must be set to: SQLite in WAL mode (readers beside the one writer) with
# foreign keys on; PostgreSQL in UTF-8 (names in every script) at read committed.
SETTINGS = {
    "sqlite": {"PRAGMA journal_mode": "wal", "PRAGMA foreign_keys": 1},
    "postgresql": {
        "SHOW server_encoding": "UTF8",
        "SHOW client_encoding": "UTF8",
        "SHOW transaction_isolation": "read committed",
    },
}


def test_the_backend_is_configured(database: Database) -> None:
    assert database.dialect in SETTINGS, f"no expectations for {database.dialect}"
    with database.engine.connect() as conn:
        found = {
            query: conn.exec_driver_sql(query).scalar() for query in SETTINGS[database.dialect]
        }
    assert found == SETTINGS[database.dialect]


def test_foreign_keys_are_enforced(database: Database) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), database.transaction() as session:
        session.execute(
            text(
                "INSERT INTO web_sessions (token_hash, user_id, second_factor_done, created_at,"
                " expires_at) VALUES ('x', 424242, false, '2026-01-01 00:00:00',"
                " '2026-01-02 00:00:00')"
            )
        )


def test_a_long_read_does_not_hold_back_writers(database: Database) -> None:
    """The screening index is built in a reading session while the server starts."""
    from sqlalchemy import text

    with database.reading() as reader:
        reader.execute(text("SELECT count(*) FROM agencies")).all()
        with database.transaction() as writer:
            writer.execute(
                text("INSERT INTO login_failures (key, at) VALUES ('x', '2026-01-01 00:00:00')")
            )
    with database.transaction() as session:
        assert session.execute(text("SELECT count(*) FROM login_failures")).scalar_one() == 1
