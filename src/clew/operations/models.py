"""Tables of joint operations: the operation, its participants and their posts, its targets,
the live counters and the field results officers report.

An operation is known outside the database by its ``public_id`` (random text): one counter
numbers every coordinator's operations. Who may see what: :mod:`clew.operations.access`.

``operation_tallies`` are the live counters, one row per (operation, agency, post, kind,
minute): a check adds 1 to the row of its minute (an upsert), so the dashboard reads a few
thousand rows for a whole action day and two border posts of one agency never wait on each
other. ``post_id`` 0 is "no post" (a check whose place names none of the agency's posts): a
real key, so the upsert's unique constraint holds on both backends.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clew.screening.models import new_public_id
from clew.storage import Base, UTCDateTime, utcnow

__all__ = [
    "FieldResult",
    "Operation",
    "OperationParticipant",
    "OperationPost",
    "OperationTally",
    "OperationTarget",
]


class Operation(Base):
    __tablename__ = "operations"
    __table_args__ = (Index("ix_operations_public_id", "public_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # the briefing
    crime_areas: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of CrimeArea
    coordinator_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    period_start: Mapped[datetime] = mapped_column(UTCDateTime)  # the first action day begins
    period_end: Mapped[datetime] = mapped_column(UTCDateTime)  # the last one ends (exclusive)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")  # shown in (IANA name)
    focus: Mapped[str] = mapped_column(Text, default="{}")  # JSON: categories, record ids
    handling_code: Mapped[str] = mapped_column(String(2), default="H0")
    cancelled: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    exchange_case_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_cases.id", ondelete="SET NULL"), nullable=True
    )  # where warnings, feedback and seizure messages are exchanged
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OperationParticipant(Base):
    """An agency invited to an operation; it sees the operation, and its checks are counted
    once it has accepted."""

    __tablename__ = "operation_participants"
    __table_args__ = (
        UniqueConstraint("operation_id", "agency_id", name="uq_operation_participants"),
        Index("ix_operation_participants_agency", "agency_id", "operation_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    accepted_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    national_coordinator: Mapped[str | None] = mapped_column(String(64), nullable=True)
    liaison_officer: Mapped[str | None] = mapped_column(String(64), nullable=True)


class OperationPost(Base):
    """A border crossing, airport, port or checkpoint of a participating agency."""

    __tablename__ = "operation_posts"
    __table_args__ = (Index("ix_operation_posts_operation", "operation_id", "agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id, unique=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(40), nullable=True)  # e.g. IATA "SOF"
    kind: Mapped[str] = mapped_column(String(24))
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    match_key: Mapped[str] = mapped_column(String(200))  # folded name (and code): see tally


class OperationTarget(Base):
    """A person or vehicle to look out for, pulled from an analysis file or a record."""

    __tablename__ = "operation_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int] = mapped_column(
        ForeignKey("operations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # person, vehicle
    label: Mapped[str] = mapped_column(String(300))
    source_ref: Mapped[str] = mapped_column(String(300))  # "file:<id>/entity:<id>", "record:<id>"
    note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OperationTally(Base):
    """Live counters: how many of ``kind`` an agency (at a post) counted in one minute."""

    __tablename__ = "operation_tallies"
    __table_args__ = (
        UniqueConstraint(
            "operation_id", "agency_id", "post_id", "kind", "minute", name="uq_operation_tallies"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(Integer)
    post_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: no post
    kind: Mapped[str] = mapped_column(String(16))
    minute: Mapped[datetime] = mapped_column(UTCDateTime)  # the minute's start, UTC
    count: Mapped[int] = mapped_column(Integer, default=0)


class FieldResult(Base):
    """What an officer reports from the field: an arrest, a seizure, victims, migrants, an
    investigation opened or a notable event. Amounts are positive; ``details`` holds the
    kind's fields (crime type and legal basis of an arrest, the substance or currency of a
    seizure, minors among victims...)."""

    __tablename__ = "operation_field_results"
    __table_args__ = (
        Index("ix_operation_field_results_operation", "operation_id", "occurred_at"),
        Index("ix_operation_field_results_public_id", "public_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    operation_id: Mapped[int] = mapped_column(ForeignKey("operations.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("operation_posts.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str | None] = mapped_column(String(40), nullable=True)  # seizure kind, crime
    item: Mapped[str | None] = mapped_column(String(100), nullable=True)  # substance, currency
    unit: Mapped[str | None] = mapped_column(String(16), nullable=True)
    amount: Mapped[float] = mapped_column(Float, default=1)  # persons, kg, units, money
    minors: Mapped[int] = mapped_column(Integer, default=0)  # among victims or migrants
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    note: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_by: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
