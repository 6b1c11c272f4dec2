"""Storage: the SQLAlchemy engine, sessions, base model and Alembic migrations.

SQLite (WAL, one writer at a time) is the embedded default; PostgreSQL is the server-grade
backend. Both are reached through :class:`Database`; nothing above this package knows which.
"""

from clew.storage.base import Base, UTCDateTime, utcnow
from clew.storage.database import Database

__all__ = ["Base", "Database", "UTCDateTime", "utcnow"]
