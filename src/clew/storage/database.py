"""The engine and unit-of-work sessions for one database URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database"]

MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level so that we issue BEGIN ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # Every unit of work is audited, so nearly every transaction writes. BEGIN IMMEDIATE takes
    # the write lock up front, which turns would-be "database is locked" upgrade failures into
    # an orderly wait (busy_timeout) and keeps the audit hash chain strictly sequential.
    # Read-only work (``Database.reading``) begins deferred: in WAL mode it blocks no writer.
    readonly = connection.get_execution_options().get("clew_readonly", False)
    connection.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


class Database:
    """One database: engine plus session factory.

    ``transaction()`` is the unit of work: everything done inside it, audit entries included,
    commits together or not at all. A shell that catches a refusal may ``rollback()`` and go on
    in a fresh transaction (to re-render a form), which commits at the end as usual.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        kwargs: dict[str, Any] = {"future": True}
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1] if "///" in url else ""
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(clew_readonly=True), expire_on_commit=False
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only (building the screening index): never takes the SQLite
        write lock, so a long read does not hold back writers. Writing in it is a bug."""
        session = self._readers()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to ``revision`` with Alembic."""
        from alembic import command

        command.upgrade(self.alembic_config(), revision)

    def alembic_config(self) -> Any:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        config.attributes["engine"] = self.engine
        return config

    def dispose(self) -> None:
        self.engine.dispose()
