"""The ``jobs`` table: one row per background job, the only place its state lives."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["Job", "JobKind", "JobStatus"]


class JobKind(StrEnum):
    """What a job does; each kind has one registered function (:mod:`clew.jobs.kinds`)."""

    RECORDS_IMPORT = "records.import"
    INTEL_IMPORT = "intel.import"
    SCREENING = "screening"
    EXCHANGE_WEBHOOK = "exchange.webhook"  # tell an agency's national system of a message


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def active(self) -> bool:
        """Still to be run or being run: its page keeps polling."""
        return self in (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(Base):
    """A job. ``id`` is internal (never shown); ``token`` is the random public handle.

    ``parameters`` (JSON) holds what the kind's function needs, the acting identity included;
    ``input_path`` the spooled upload; ``result`` the kind's report as JSON; ``error`` the
    job's own ``ClewError`` detail (never a traceback). ``claimed_by`` / ``heartbeat_at`` say
    which worker runs it and that it is still alive.
    """

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_id", "status", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id", ondelete="CASCADE"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    parameters: Mapped[str] = mapped_column(Text, default="{}")
    input_path: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
