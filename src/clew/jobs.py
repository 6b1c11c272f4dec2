"""Background jobs of one server process: long imports now, manifest screening later.

A job runs in a worker thread with its own database transaction and reports progress to an
in-memory registry. Its progress is read through an unguessable token given only to the person
who started it, so polling needs no database (on SQLite a long import holds the write lock).
Jobs are kept for an hour after they end. With several server processes, a job's progress is
visible from the process that runs it (use sticky sessions, or the CLI for very large files).
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Cancelled", "Job", "JobRegistry", "JobStatus"]

log = logging.getLogger("clew.jobs")
KEEP_SECONDS = 3600


class JobStatus(StrEnum):
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Cancelled(Exception):
    """Raised inside a job's progress callback once the job was asked to stop."""


@dataclass(slots=True)
class Job:
    token: str
    kind: str
    user_id: int | None
    total: int
    done: int = 0
    status: JobStatus = JobStatus.RUNNING
    result: Any = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)
    ended: float | None = None
    cancel_requested: bool = False

    def progress(self, done: int) -> None:
        """The callback a job's work calls; raises ``Cancelled`` once cancel was asked."""
        self.done = min(done, self.total) if self.total else done
        if self.cancel_requested:
            raise Cancelled

    @property
    def percent(self) -> int:
        if self.status is JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class JobRegistry:
    def __init__(self, workers: int = 2) -> None:
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="clew-job")

    def start(self, kind: str, user_id: int | None, total: int, work: Callable[[Job], Any]) -> Job:
        job = Job(token=secrets.token_urlsafe(24), kind=kind, user_id=user_id, total=total)
        with self._lock:
            self._forget_old()
            self._jobs[job.token] = job
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Callable[[Job], Any]) -> None:
        try:
            job.result = work(job)
            job.status = JobStatus.DONE
        except Cancelled:
            job.status = JobStatus.CANCELLED
        except Exception as exc:  # the job's own errors are shown to its owner
            from clew.errors import ClewError

            job.status = JobStatus.FAILED
            job.error = exc.detail if isinstance(exc, ClewError) else "The job failed."
            if not isinstance(exc, ClewError):
                log.exception("job failed", extra={"clew": {"kind": job.kind}})
        finally:
            job.ended = time.monotonic()

    def get(self, token: str) -> Job | None:
        with self._lock:
            return self._jobs.get(token) if len(token) < 100 else None

    def _forget_old(self) -> None:
        now = time.monotonic()
        for token in [t for t, j in self._jobs.items() if j.ended and now - j.ended > KEEP_SECONDS]:
            del self._jobs[token]

    def shutdown(self) -> None:
        for job in self._jobs.values():
            job.cancel_requested = True
        self._pool.shutdown(wait=True, cancel_futures=True)
