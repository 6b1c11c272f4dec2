"""Workers: claim queued jobs, run them, report progress and stay heard from.

A worker is a thread (the server runs one in-process; ``clew worker`` runs one per process).
Each loop it fails jobs whose worker stopped (:func:`queue.reap`), claims the oldest queued
job and runs its kind's function. While a job runs:

- progress and a heartbeat are written in their own short transactions, never in the job's
  work transaction (at most every :data:`CHECK_SECONDS` from the progress callback, and every
  :data:`HEARTBEAT_SECONDS` from a heartbeat thread). On SQLite a job's work transaction holds
  the one write lock, so these writes are skipped (not waited for) until it commits;
- the progress callback reads the cancel flag from the database (throttled the same way) and
  raises :class:`Cancelled` once it is set;
- the work runs in one transaction that also marks the job done: a worker that dies mid-job
  leaves nothing half-written, and the next worker marks the job failed ("the worker stopped").

A worker asked to stop interrupts its job at the next progress report and puts it back in the
queue, so a job survives a restart.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from clew.access.actor import Actor
from clew.errors import ClewError
from clew.jobs import queue
from clew.jobs.models import JobStatus
from clew.jobs.registry import kind_named
from clew.storage import Database
from clew.storage.failures import as_clew_error

if TYPE_CHECKING:
    from clew.screening.sync import IndexKeeper

__all__ = ["Cancelled", "JobRun", "Progress", "Worker"]

log = logging.getLogger("clew.jobs")
CHECK_SECONDS = 0.5
HEARTBEAT_SECONDS = 10.0
REAP_SECONDS = 15.0
SWEEP_SECONDS = 3600.0
T = TypeVar("T")


class Cancelled(Exception):
    """Raised by a job's progress callback once its owner asked it to stop."""


class _Stopping(Exception):
    """Raised by a job's progress callback once its worker is shutting down."""


class _Lost(Exception):
    """The job is no longer this worker's (it was failed as stopped): its work is dropped."""


def short_write(database: Database, write: Callable[[Session], T]) -> T | None:
    """``write`` in its own short transaction; None when SQLite's write lock is held (by a
    job's work transaction): progress and heartbeats are skipped then, not waited for."""
    if database.dialect != "sqlite":
        with database.transaction() as session:
            return write(session)
    with database.engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA busy_timeout=50")
        try:
            with Session(bind=connection) as session:
                value = write(session)
                session.commit()
                return value
        except OperationalError as exc:
            if "locked" not in str(exc.orig).lower():
                raise
            return None
        finally:
            raw.execute("PRAGMA busy_timeout=10000")


class Progress:
    """The callback a job's work calls with how far it is: ``progress(done)`` or
    ``progress(done, total)``. Raises :class:`Cancelled` once the job's cancel flag is set."""

    def __init__(self, database: Database, claimed: queue.Claimed, worker: str,
                 stopping: threading.Event) -> None:  # fmt: skip
        self.database, self.job_id, self.worker = database, claimed.id, worker
        self.done, self.total = 0, claimed.total
        self._stopping = stopping
        self._checked = time.monotonic()

    def __call__(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        if self._stopping.is_set():
            raise _Stopping
        if time.monotonic() - self._checked >= CHECK_SECONDS:
            self._checked = time.monotonic()
            self.beat()
            with self.database.reading() as session:
                if queue.cancel_requested(session, self.job_id):
                    raise Cancelled

    def beat(self) -> None:
        done, total = self.done, self.total
        short_write(self.database, lambda s: queue.beat(s, self.job_id, self.worker, done, total))


@dataclass(slots=True)
class JobRun:
    """What a kind's function is given: the database, the job's snapshot (acting identity,
    parameters, spooled input) and its progress callback."""

    database: Database
    claimed: queue.Claimed
    worker: str
    progress: Progress
    keeper: Callable[[], IndexKeeper]
    completed: bool = field(default=False)

    @property
    def actor(self) -> Actor:
        return self.claimed.actor

    @property
    def parameters(self) -> dict[str, Any]:
        return self.claimed.parameters

    @property
    def input_path(self) -> Path:
        if self.claimed.input_path is None:
            raise ClewError("The job has no input.")
        return self.claimed.input_path

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """The job's one work transaction; end it with :meth:`complete`."""
        with self.database.transaction() as session:
            yield session

    def complete(self, session: Session, result: Any) -> None:
        """Store the result and mark the job done, in the work's transaction."""
        stored = json.dumps(kind_named(self.claimed.kind).dump(result), ensure_ascii=False)
        if not queue.complete(session, self.claimed.id, self.worker, stored, self.progress.done):
            raise _Lost
        self.completed = True


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class Worker:
    """Runs queued jobs one at a time, in a thread (``start``/``stop``) or in the calling
    thread (``run_once``). ``keeper`` gives the screening index the screening kind needs."""

    def __init__(
        self, database: Database, keeper: Callable[[], IndexKeeper], *, poll: float = 0.5,
        name: str | None = None,
    ) -> None:  # fmt: skip
        self.database, self.keeper, self.poll = database, keeper, poll
        self.name = name or _worker_name()
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._reaped_at = self._swept_at = float("-inf")

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self.run_forever, name="clew-worker", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop after the running job (interrupted at its next progress report and queued
        again)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def wake(self) -> None:
        """Look for a job now rather than at the next poll."""
        self._wake.set()

    def run_forever(self) -> None:
        while not self._stopping.is_set():
            try:
                ran = self.run_once()
            except Exception:
                log.exception("job worker loop failed")
                ran = False
            if not ran:
                self._wake.wait(self.poll)
                self._wake.clear()

    def run_once(self) -> bool:
        """Fail jobs whose worker stopped, sweep old ones, claim a queued job and run it;
        False when there was nothing to run."""
        now = time.monotonic()
        if now - self._reaped_at >= REAP_SECONDS:
            self._reaped_at = now
            self.reap()
        if now - self._swept_at >= SWEEP_SECONDS:
            self._swept_at = now
            short_write(self.database, queue.sweep)
        with self.database.reading() as session:  # a read first: no write lock when idle
            if not queue.has_queued(session):
                return False
        claimed = short_write(self.database, lambda s: queue.claim(s, self.name))
        if claimed is None:
            return False
        self._run(claimed)
        return True

    def reap(self) -> None:
        with self.database.reading() as session:
            if not queue.stale(session):
                return
        for path in short_write(self.database, queue.reap) or []:
            path.unlink(missing_ok=True)

    def _run(self, claimed: queue.Claimed) -> None:
        progress = Progress(self.database, claimed, self.name, self._stopping)
        run = JobRun(self.database, claimed, self.name, progress, self.keeper)
        beating = threading.Event()
        heart = threading.Thread(target=self._heartbeat, args=(progress, beating), daemon=True)
        heart.start()
        keep_input = False
        try:
            kind_named(claimed.kind).run(run)
            if not run.completed:
                raise RuntimeError(f"job kind {claimed.kind} did not complete its job")
        except Cancelled:
            self._end(claimed, JobStatus.CANCELLED)
        except _Stopping:
            keep_input = True
            self._write(lambda s: queue.requeue(s, claimed.id, self.name))
        except _Lost:
            pass
        except ClewError as exc:  # the job's own errors are shown to its owner
            self._end(claimed, JobStatus.FAILED, exc.detail)
        except Exception as exc:
            translated = as_clew_error(exc)
            if translated is None:  # the kind of job only: no names, no traceback to the owner
                log.exception("job failed", extra={"clew": {"kind": claimed.kind}})
            detail = translated.detail if translated else "The job failed."
            self._end(claimed, JobStatus.FAILED, detail)
        finally:
            beating.set()
            heart.join()
            if claimed.input_path is not None and not keep_input:
                claimed.input_path.unlink(missing_ok=True)

    def _end(self, claimed: queue.Claimed, status: JobStatus, error: str | None = None) -> None:
        self._write(lambda s: queue.end(s, claimed.id, self.name, status, error))

    def _write(self, write: Callable[[Session], None]) -> None:
        with self.database.transaction() as session:
            write(session)

    def _heartbeat(self, progress: Progress, beating: threading.Event) -> None:
        while not beating.wait(HEARTBEAT_SECONDS):
            try:
                progress.beat()
            except Exception:
                log.exception("job heartbeat failed")
