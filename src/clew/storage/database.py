"""The engine and unit-of-work sessions for one database URL.

Two kinds of unit of work:

- ``transaction()`` writes. On SQLite it takes the write lock up front (``BEGIN IMMEDIATE``),
  so it must be short: no uploads read, no files parsed, no pages rendered inside it.
- ``reading()`` only reads. It never takes the SQLite write lock, so a long read (an export, a
  page of results) holds back no writer. What a read must still write — its audit entries, a
  token's last use — is handed to ``after_read`` and written in one short write transaction when
  the read ends. Writing in a read unit directly is a bug and raises.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

__all__ = [
    "BACKGROUND_CONNECTIONS",
    "POOL_OVERFLOW",
    "POOL_SIZE",
    "Database",
    "ReadOnlyUnitError",
    "after_read",
    "is_reading",
]

#: Connections one process may hold (both backends): the server lets at most
#: ``POOL_SIZE + POOL_OVERFLOW - BACKGROUND_CONNECTIONS`` requests use it at once (``server``).
POOL_SIZE = 10
POOL_OVERFLOW = 10
BACKGROUND_CONNECTIONS = 4  # the change-feed follower, the job worker, the sweeps, a spare

_READONLY = "clew_readonly"
_AFTER_READ = "clew_after_read"


class ReadOnlyUnitError(RuntimeError):
    """Something tried to write inside a read-only unit of work."""


def is_reading(session: Session) -> bool:
    """True inside ``Database.reading()``."""
    return bool(session.info.get(_READONLY))


def after_read(session: Session, write: Callable[[Session], None]) -> None:
    """Have ``write(session)`` done in a write transaction: at once in a write unit, or in one
    short transaction when a read unit ends successfully (nothing is written if it fails)."""
    if is_reading(session):
        session.info.setdefault(_AFTER_READ, []).append(write)
    else:
        write(session)


def _refuse_writes(session: Session, _context: Any, _instances: Any) -> None:
    if is_reading(session) and (session.new or session.dirty or session.deleted):
        raise ReadOnlyUnitError("a read-only unit of work tried to write; use after_read")


MIGRATIONS = Path(__file__).with_name("migrations")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level so that we issue BEGIN ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    if not cursor.execute("PRAGMA query_only").fetchone()[0]:  # a read-only copy stays as it is
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
        pooled = True  # an in-memory SQLite database has one connection, no pool to size
        if url.startswith("sqlite"):
            path = url.split("///", 1)[1] if "///" in url else ""
            pooled = bool(path) and ":memory:" not in path and "mode=memory" not in path
            if pooled and not path.startswith("file:"):
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"check_same_thread": False}
        else:
            kwargs["pool_pre_ping"] = True
        if pooled:
            kwargs["pool_size"], kwargs["max_overflow"] = POOL_SIZE, POOL_OVERFLOW
        # Never echo bound values (names, document numbers) into an error or a log line.
        kwargs["hide_parameters"] = True
        self.engine: Engine = create_engine(url, **kwargs)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(clew_readonly=True), expire_on_commit=False
        )
        event.listen(self._readers, "before_flush", _refuse_writes)

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
        """A read-only unit of work: never takes the SQLite write lock, so a long read does not
        hold back writers. Writes handed to ``after_read`` run in one short write transaction
        when the block ends without an error; any other write raises ``ReadOnlyUnitError``."""
        session = self._readers()
        session.info[_READONLY] = True
        try:
            yield session
            writes: list[Callable[[Session], None]] = session.info.pop(_AFTER_READ, [])
            session.rollback()  # end the read snapshot before taking the write lock
            if writes:
                with self.transaction() as writer:
                    for write in writes:
                        write(writer)
        finally:
            session.info.pop(_AFTER_READ, None)
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
