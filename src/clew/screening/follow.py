"""Following the change feed in the background, so a check never waits on it.

One :class:`Follower` per server process: a thread that catches its
:class:`~clew.screening.sync.IndexKeeper` up, then waits to be woken, and again.

- PostgreSQL: a dedicated psycopg connection LISTENs on :data:`clew.records.feed.CHANNEL`;
  writers NOTIFY in the writing transaction, so the follower wakes as the change commits. It
  also wakes every :data:`POLL` seconds, in case a notification was missed (a dropped connection
  is reopened at the next wait, and polls carry on meanwhile).
- SQLite: a poll every :data:`SQLITE_POLL` seconds; with nothing changed it is one indexed
  query that finds no row.

Either way a committed change is in every process's index well within a second
(``bench/change_feed.py`` measures the staleness). A failed catch-up is logged and retried at
the next wake-up; the keeper's cursor moves only past changes it applied.
"""

from __future__ import annotations

import logging
import threading
import time

import psycopg
from sqlalchemy.engine import make_url

from clew.records.feed import CHANNEL
from clew.screening.sync import IndexKeeper
from clew.storage import Database

__all__ = ["POLL", "SQLITE_POLL", "Follower"]

log = logging.getLogger("clew.screening.follow")

POLL = 0.25  # PostgreSQL: seconds between catch-ups when no notification wakes it sooner
SQLITE_POLL = 0.1  # SQLite: seconds between polls (nothing can wake it)
SLICE = 0.25  # the longest a listener waits without looking whether it should stop


class _Poller:
    """Waits out the poll interval, or less when the follower is stopping."""

    def __init__(self, stopping: threading.Event) -> None:
        self.stopping = stopping

    def open(self) -> None:
        pass

    def wait(self, timeout: float) -> None:
        self.stopping.wait(timeout)

    def close(self) -> None:
        pass


class _Listener(_Poller):
    """Waits for a notification on the change channel, at most ``timeout`` seconds.

    Opened before the first catch-up, so a change committed after that catch-up began always
    wakes it. Without a connection it polls, and reconnects at the next wait; a wait that
    reconnects returns at once, since notifications sent meanwhile are lost.
    """

    def __init__(self, stopping: threading.Event, url: str) -> None:
        super().__init__(stopping)
        self._conninfo = (
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self._connection: psycopg.Connection[tuple[object, ...]] | None = None

    def open(self) -> None:
        try:
            self._connection = psycopg.connect(self._conninfo, autocommit=True, connect_timeout=5)
            self._connection.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error as error:
            self._lost(error)

    def wait(self, timeout: float) -> None:
        if self._connection is None:
            self.open()
            if self._connection is None:
                super().wait(timeout)
            return
        deadline = time.monotonic() + timeout
        try:
            while not self.stopping.is_set() and (left := deadline - time.monotonic()) > 0:
                # In short slices, so that stopping the follower never waits a whole poll.
                if list(self._connection.notifies(timeout=min(left, SLICE), stop_after=1)):
                    return
        except psycopg.Error as error:
            self._lost(error)
            super().wait(max(0.0, deadline - time.monotonic()))

    def _lost(self, error: psycopg.Error) -> None:
        log.warning("change-feed listener without a connection; polling", extra={"clew": {
            "error": type(error).__name__}})  # fmt: skip
        self.close()

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


class Follower:
    """Keeps ``keeper`` caught up with ``database`` from a background thread."""

    def __init__(
        self, keeper: IndexKeeper, database: Database, *, poll: float | None = None
    ) -> None:
        self.keeper = keeper
        self.database = database
        self.poll = poll or (POLL if database.dialect == "postgresql" else SQLITE_POLL)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._run, name="clew-change-feed", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        waiter = (
            _Listener(self._stopping, self.database.url)
            if self.database.dialect == "postgresql"
            else _Poller(self._stopping)
        )
        waiter.open()
        try:
            while not self._stopping.is_set():
                try:
                    with self.database.reading() as session:
                        self.keeper.catch_up(session)
                except Exception:
                    log.exception("change-feed catch-up failed")
                waiter.wait(self.poll)
        finally:
            waiter.close()
