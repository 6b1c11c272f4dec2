"""Storage: migrations create exactly the models' schema, on every backend."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from clew.storage import Base, Database


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


def test_sqlite_runs_in_wal_mode(database: Database) -> None:
    if database.dialect != "sqlite":
        return
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


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
