"""The record change feed: every change to a record is a row in ``record_changes``, and the
consumers that mirror records in memory (the screening index of each server process) follow
it with a cursor that never skips a row.

Writing. Whoever inserts change rows calls :func:`appended` in the same transaction. On
PostgreSQL that sends one ``NOTIFY clew_record_changes`` per transaction, delivered at commit,
which wakes every follower at once; in this process it counts the commit
(:func:`local_commits`), so a check made right after a write in the same process catches up
first and sees it.

Reading. A :class:`FeedCursor` answers "which records changed after my position?" with a
:class:`Batch`, and moves on only when the consumer has applied it (:meth:`FeedCursor.advance`).
One cursor per backend, chosen by :func:`cursor_for`:

- SQLite (:class:`SerialCursor`): one writer at a time, and ``seq`` is handed out inside the
  writing transaction, so ``seq`` order is commit order and the cursor is the last ``seq`` read.
  Records are never deleted, so a ``seq`` is never handed out twice.
- PostgreSQL (:class:`SnapshotCursor`): ``seq`` is handed out at insert but becomes visible at
  commit, so a long import can commit ``seq`` 10 after ``seq`` 5,000 was read. Each row carries
  its transaction's id (``xid``, a server default). The cursor keeps a *horizon*, the ``xmin``
  of a snapshot taken at its last read (every transaction below it had ended, so all their rows
  were visible to that read), and the ``seq`` of the rows it read at or above the horizon. A
  read takes a fresh ``xmin`` first, then every row at or above the old horizon, and returns
  those it has not seen. A transaction that is still open keeps the horizon at or below its
  ``xid``, so its rows are read whenever it commits. Rows written before the ``xid`` column
  existed (NULL) are older than any cursor.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from clew.records.models import RecordChange

__all__ = [
    "CHANNEL",
    "Batch",
    "FeedCursor",
    "SerialCursor",
    "SnapshotCursor",
    "appended",
    "cursor_for",
    "local_commits",
]

CHANNEL = "clew_record_changes"
_APPENDED = "clew_feed_appended"

_committed = 0
_count_lock = threading.Lock()


def appended(session: Session) -> None:
    """Note that ``session`` wrote change rows: wake the followers when it commits."""
    if session.info.get(_APPENDED):
        return
    session.info[_APPENDED] = True
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, '')"), {"channel": CHANNEL})


def local_commits() -> int:
    """How many transactions of this process have committed change rows so far."""
    return _committed


@event.listens_for(Session, "after_commit")
def _count_commit(session: Session) -> None:
    global _committed
    if session.info.pop(_APPENDED, False):
        with _count_lock:
            _committed += 1


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_APPENDED, None)


@dataclass(frozen=True, slots=True)
class Batch:
    """The records changed after a cursor, and where the cursor goes once they are applied."""

    record_ids: frozenset[int]
    position: int
    horizon: int = 0
    seen: frozenset[int] = frozenset()


class FeedCursor(ABC):
    """A consumer's place in the feed. ``position`` is the highest ``seq`` it has read.

    One cursor per backend (:func:`cursor_for`): :class:`SerialCursor` (SQLite) and the
    transaction-id cursor (PostgreSQL)."""

    def __init__(self) -> None:
        self.position = 0

    @abstractmethod
    def start(self, session: Session) -> None:
        """Stand at "now": call before loading the current state in the same unit of work, so
        that every change the load may have missed is read again later (re-reading is safe)."""

    @abstractmethod
    def read(self, session: Session) -> Batch:
        """The records changed after the cursor; :meth:`advance` once they are applied."""

    def advance(self, batch: Batch) -> None:
        self.position = max(self.position, batch.position)

    def _last_seq(self, session: Session) -> int:
        return int(
            session.execute(select(func.coalesce(func.max(RecordChange.seq), 0))).scalar_one()
        )


class SerialCursor(FeedCursor):
    """SQLite: commits are serial, so the last ``seq`` read is the whole cursor."""

    def start(self, session: Session) -> None:
        self.position = self._last_seq(session)

    def read(self, session: Session) -> Batch:
        rows = session.execute(
            select(RecordChange.seq, RecordChange.record_id).where(RecordChange.seq > self.position)
        ).all()
        last = max((seq for seq, _ in rows), default=self.position)
        return Batch(frozenset(record_id for _, record_id in rows), last)


class SnapshotCursor(FeedCursor):
    """PostgreSQL: a transaction-id horizon plus the rows already read above it."""

    def __init__(self) -> None:
        super().__init__()
        self.horizon = 0
        self.seen: frozenset[int] = frozenset()

    @staticmethod
    def _xmin(session: Session) -> int:
        xmin = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return int(session.execute(xmin).scalar_one())

    def start(self, session: Session) -> None:
        self.horizon = self._xmin(session)
        self.seen = frozenset()
        self.position = self._last_seq(session)

    def read(self, session: Session) -> Batch:
        horizon = max(self.horizon, self._xmin(session))  # first: every row below it is visible
        rows = session.execute(
            select(RecordChange.seq, RecordChange.record_id, RecordChange.xid).where(
                RecordChange.xid >= self.horizon
            )
        ).all()
        fresh = frozenset(record_id for seq, record_id, _ in rows if seq not in self.seen)
        seen = frozenset(seq for seq, _, xid in rows if xid is not None and xid >= horizon)
        last = max((seq for seq, _, _ in rows), default=self.position)
        return Batch(fresh, last, horizon, seen)

    def advance(self, batch: Batch) -> None:
        super().advance(batch)
        self.horizon, self.seen = batch.horizon, batch.seen


CURSORS: dict[str, type[FeedCursor]] = {"sqlite": SerialCursor, "postgresql": SnapshotCursor}


def cursor_for(dialect: str) -> FeedCursor:
    """A fresh cursor for a database of ``dialect`` (``Database.dialect``)."""
    return CURSORS[dialect]()
