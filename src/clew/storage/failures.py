"""What a failing database means to a user: a driver error turned into a ``ClewError``.

The API, the web pages and the command line all translate through :func:`as_clew_error`, so a
database that is down, read-only or locked reads the same everywhere. The driver's message is
never shown: it can quote SQL and the values a user searched for.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InternalError, OperationalError

from clew.errors import BusyError, ClewError, UnavailableError

__all__ = ["as_clew_error"]

#: SQLSTATE of a write in a read-only transaction (a PostgreSQL standby or read-only mode).
_READ_ONLY_SQLSTATE = "25006"
#: SQLSTATE of a missing table (PostgreSQL); SQLite says "no such table".
_NO_TABLE_SQLSTATE = "42P01"
NO_SCHEMA = "The database has no Clew tables yet (or an older schema): run `clew db upgrade`."


def _sqlstate(exc: DBAPIError) -> str | None:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state if isinstance(state, str) else None


def as_clew_error(exc: BaseException) -> ClewError | None:
    """The user-facing error for a database failure, or ``None`` when ``exc`` is not one.

    - SQLite ``database is locked`` (a long write holds it): ``BusyError``.
    - Read-only (a read-only SQLite file or mount, a PostgreSQL standby): ``UnavailableError``
      saying changes cannot be saved.
    - A missing table (a database never migrated, or a wrong ``CLEW_DATABASE_URL``):
      ``UnavailableError`` saying to run ``clew db upgrade``.
    - Any other operational failure (server gone, connection refused, disk I/O): an
      ``UnavailableError`` saying the database cannot be reached.
    - Anything else (a constraint, a bug): ``None``, left to the caller's unexpected-error path.
    """
    if not isinstance(exc, DBAPIError):
        return None
    text = str(exc.orig).lower()
    if "no such table" in text or _sqlstate(exc) == _NO_TABLE_SQLSTATE:
        return UnavailableError(NO_SCHEMA)
    if "database is locked" in text:
        return BusyError("Clew is busy with a large change; try again in a moment.")
    read_only = "readonly database" in text or "read-only" in text or "read only" in text
    if _sqlstate(exc) == _READ_ONLY_SQLSTATE or (
        isinstance(exc, OperationalError | InternalError) and read_only
    ):
        return UnavailableError(
            "The database is read-only at the moment, so nothing can be saved; "
            "try again later or tell the operator."
        )
    if isinstance(exc, OperationalError):
        return UnavailableError("The database cannot be reached; try again in a moment.")
    return None
