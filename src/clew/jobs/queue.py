"""The jobs table as a queue: enqueue, find, cancel (for the job's owner), and what workers do
(claim, heartbeat, finish, reap, sweep). Every function is one short unit on the caller's
session; none holds a lock longer than its own statements.

Hidden means absent: a token that is not the caller's, or not of the kind asked for, answers
exactly like a token that does not exist (:class:`NotFoundError`).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Executable, delete, select, update
from sqlalchemy.orm import Session

from clew.access.actor import Actor, Channel
from clew.access.roles import Permission, Role, Scope
from clew.errors import NotFoundError
from clew.jobs.models import Job, JobStatus
from clew.storage import utcnow

__all__ = [
    "KEEP",
    "STALE",
    "Claimed",
    "JobView",
    "beat",
    "cancel",
    "claim",
    "complete",
    "end",
    "find",
    "has_queued",
    "reap",
    "requeue",
    "submit",
    "sweep",
]

#: Ended jobs (and their results) are kept this long, then swept.
KEEP = timedelta(days=7)
#: A running job whose worker has not been heard from for this long is failed.
STALE = timedelta(seconds=60)
WORKER_STOPPED = "The worker stopped."
_MAX_TOKEN = 64


@dataclass(frozen=True, slots=True)
class JobView:
    """What a job's owner sees: status, progress, error, and the decoded result when done."""

    token: str
    kind: str
    status: JobStatus
    done: int
    total: int
    error: str | None
    result: Any

    @property
    def percent(self) -> int:
        if self.status is JobStatus.DONE:
            return 100
        return min(100, int(100 * self.done / self.total)) if self.total else 0


@dataclass(frozen=True, slots=True)
class Claimed:
    """A snapshot of a job row, taken when a worker claimed it."""

    id: int
    token: str
    kind: str
    actor: Actor
    parameters: dict[str, Any]
    input_path: Path | None
    total: int


def _actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "user_id": actor.user_id, "username": actor.username, "role": actor.role,
        "agency_id": actor.agency_id, "agency_code": actor.agency_code,
        "country": actor.country, "international": actor.international,
        "channel": actor.channel, "permissions": sorted(actor.permissions),
        "scopes": None if actor.scopes is None else sorted(actor.scopes),
    }  # fmt: skip


def _actor(data: dict[str, Any]) -> Actor:
    scopes = data["scopes"]
    return Actor(
        user_id=data["user_id"], username=data["username"], role=Role(data["role"]),
        agency_id=data["agency_id"], agency_code=data["agency_code"], country=data["country"],
        international=data["international"], channel=Channel(data["channel"]),
        permissions=frozenset(Permission(p) for p in data["permissions"]),
        scopes=None if scopes is None else frozenset(Scope(s) for s in scopes),
    )  # fmt: skip


def _changed(session: Session, statement: Executable) -> int:
    """How many rows an UPDATE or DELETE changed."""
    return int(cast(CursorResult[Any], session.execute(statement)).rowcount)


def _view(job: Job) -> JobView:
    from clew.jobs.registry import kind_named

    status = JobStatus(job.status)
    result = None
    if status is JobStatus.DONE and job.result is not None:
        result = kind_named(job.kind).load(json.loads(job.result))
    return JobView(job.token, job.kind, status, job.done, job.total, job.error, result)


def submit(
    session: Session, actor: Actor, kind: str, *, parameters: dict[str, Any], total: int = 0,
    input_path: Path | None = None,
) -> JobView:  # fmt: skip
    """Queue a job run as ``actor`` (a worker picks it up); its token is the only handle."""
    job = Job(
        token=secrets.token_urlsafe(24).lstrip("-"), kind=kind, user_id=actor.user_id,
        agency_id=actor.agency_id, status=JobStatus.QUEUED, total=total, done=0,
        cancel_requested=False,
        parameters=json.dumps({"actor": _actor_json(actor), **parameters}, ensure_ascii=False),
        input_path=None if input_path is None else str(input_path), created_at=utcnow(),
    )  # fmt: skip
    session.add(job)
    session.flush()
    return _view(job)


def _own(session: Session, actor: Actor, token: str, kind: str) -> Job:
    job = None
    if actor.user_id is not None and 0 < len(token) <= _MAX_TOKEN:
        job = session.execute(select(Job).where(Job.token == token)).scalar_one_or_none()
    if job is None or job.kind != kind or job.user_id != actor.user_id:
        raise NotFoundError("Not found.")
    return job


def find(session: Session, actor: Actor, token: str, kind: str) -> JobView:
    """The caller's own job of ``kind`` by its token; anything else is not found."""
    return _view(_own(session, actor, token, kind))


def cancel(session: Session, actor: Actor, token: str, kind: str) -> JobView:
    """Ask the caller's job to stop: a queued job is cancelled at once (its upload removed), a
    running one at its worker's next progress report. An ended job is left as it is."""
    job = _own(session, actor, token, kind)
    if job.status == JobStatus.QUEUED:
        taken = _changed(session,
            update(Job).where(Job.id == job.id, Job.status == JobStatus.QUEUED)
            .values(status=JobStatus.CANCELLED, cancel_requested=True, ended_at=utcnow())
        )  # fmt: skip
        if taken and job.input_path:
            Path(job.input_path).unlink(missing_ok=True)
    elif job.status == JobStatus.RUNNING:
        session.execute(update(Job).where(Job.id == job.id).values(cancel_requested=True))
    session.refresh(job)
    return _view(job)


# --- what workers do ---------------------------------------------------------------------------


def claim(session: Session, worker: str) -> Claimed | None:
    """Take the oldest queued job for ``worker``, or None. ``FOR UPDATE SKIP LOCKED`` on
    PostgreSQL lets workers claim side by side; SQLite's write transaction is serial anyway,
    and the ``status = 'queued'`` condition makes a lost race claim nothing."""
    found = session.execute(
        select(Job.id).where(Job.status == JobStatus.QUEUED).order_by(Job.id).limit(1)
        .with_for_update(skip_locked=True)
    ).scalar_one_or_none()  # fmt: skip
    if found is None:
        return None
    now = utcnow()
    taken = _changed(session,
        update(Job).where(Job.id == found, Job.status == JobStatus.QUEUED)
        .values(status=JobStatus.RUNNING, claimed_by=worker, heartbeat_at=now, started_at=now)
    )  # fmt: skip
    if not taken:
        return None
    job = session.get(Job, found, populate_existing=True)
    assert job is not None
    parameters = json.loads(job.parameters)
    actor = _actor(parameters.pop("actor"))
    path = None if job.input_path is None else Path(job.input_path)
    return Claimed(job.id, job.token, job.kind, actor, parameters, path, job.total)


def _mine(job_id: int, worker: str) -> Any:
    return (Job.id == job_id) & (Job.status == JobStatus.RUNNING) & (Job.claimed_by == worker)


def beat(session: Session, job_id: int, worker: str, done: int, total: int) -> None:
    """The worker is alive: record its progress and the time."""
    _changed(session,
        update(Job).where(_mine(job_id, worker))
        .values(done=done, total=total, heartbeat_at=utcnow())
    )  # fmt: skip


def cancel_requested(session: Session, job_id: int) -> bool:
    wanted = session.execute(select(Job.cancel_requested).where(Job.id == job_id)).scalar()
    return bool(wanted)


def complete(session: Session, job_id: int, worker: str, result: str, done: int) -> bool:
    """Mark the job done with its result, in the transaction of its work: both commit or
    neither. False when the job is no longer this worker's (it was failed as stopped)."""
    return bool(
        _changed(
            session,
            update(Job)
            .where(_mine(job_id, worker))
            .values(status=JobStatus.DONE, result=result, done=done, ended_at=utcnow()),
        )
    )


def end(
    session: Session, job_id: int, worker: str, status: JobStatus, error: str | None = None
) -> None:
    """A job that failed or was cancelled; its work transaction was rolled back."""
    _changed(session,
        update(Job).where(_mine(job_id, worker))
        .values(status=status, error=None if error is None else error[:1000], ended_at=utcnow())
    )  # fmt: skip


def requeue(session: Session, job_id: int, worker: str) -> None:
    """Give a job back (its worker is shutting down): the next worker starts it afresh."""
    _changed(session,
        update(Job).where(_mine(job_id, worker))
        .values(status=JobStatus.QUEUED, claimed_by=None, heartbeat_at=None, started_at=None,
                done=0)
    )  # fmt: skip


def has_queued(session: Session) -> bool:
    """Is any job waiting? (A read: an idle worker takes no write lock.)"""
    query = select(Job.id).where(Job.status == JobStatus.QUEUED).limit(1)
    return session.execute(query).first() is not None


def stale(session: Session, now: datetime | None = None) -> bool:
    """Is any running job's worker silent for longer than :data:`STALE`? (A read.)"""
    cutoff = (now or utcnow()) - STALE
    query = select(Job.id).where(Job.status == JobStatus.RUNNING, Job.heartbeat_at < cutoff)
    return session.execute(query.limit(1)).first() is not None


def reap(session: Session, now: datetime | None = None) -> list[Path]:
    """Fail the running jobs whose worker stopped (no heartbeat for :data:`STALE`). Their work
    was one transaction, which died with the worker: nothing of it was written. Returns their
    uploads, for the caller to remove after commit."""
    cutoff = (now or utcnow()) - STALE
    dead = session.execute(
        select(Job.id, Job.input_path)
        .where(Job.status == JobStatus.RUNNING, Job.heartbeat_at < cutoff)
        .with_for_update(skip_locked=True)
    ).all()  # fmt: skip
    for job_id, _ in dead:
        _changed(session,
            update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING,
                              Job.heartbeat_at < cutoff)
            .values(status=JobStatus.FAILED, error=WORKER_STOPPED, ended_at=utcnow())
        )  # fmt: skip
    return [Path(path) for _, path in dead if path]


def sweep(session: Session, now: datetime | None = None) -> int:
    """Delete jobs that ended more than :data:`KEEP` ago, results included."""
    cutoff = (now or utcnow()) - KEEP
    return _changed(session, delete(Job).where(Job.ended_at < cutoff))
