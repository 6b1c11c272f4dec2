"""Tables of trace requests: the trace, one row per addressed agency, the thread of comments
and the history events the addressed agencies answer with.

A trace is known outside the database by its ``public_id`` (random text, as hits are): one
counter numbers every agency's traces, so an integer in a URL would tell an agency how many
traces others exchanged. ``trace_events`` is what :mod:`clew.firearms.history` reads: dated
custody events (``occurred_on`` is ISO text that may be partial: ``2019``, ``2019-05``,
``2019-05-17``) with place, actor, counterpart and the source's grading.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from clew.screening.models import new_public_id
from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["STATS_INDEXES", "Digested", "Trace", "TraceComment", "TraceEvent", "TraceRecipient"]

#: The groupings of the statistics page that an index of ``traces`` covers (each with the
#: opening time and the requester), by index name.
STATS_INDEXES: dict[str, tuple[str, ...]] = {
    "markings": ("make", "firearm_type", "calibre"),
    "route": ("history_diversion_country", "history_recovery_country"),
    "purchaser": ("history_purchaser",),
    "dealer": ("history_dealer",),
}


class Digested:
    """What the trace's history yields for the routes and statistics, stored when its events
    change (:mod:`clew.firearms.digests`): on a trace, the requester's history; on an addressed
    agency's row, the one that agency sees. ``NULL`` where the history names nothing."""

    history_diversion_country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    history_recovery_country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    history_diverted_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    history_chain_gap: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    history_ttc_low: Mapped[int | None] = mapped_column(Integer, nullable=True)
    history_ttc_high: Mapped[int | None] = mapped_column(Integer, nullable=True)
    history_transferred_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    history_recovered_by: Mapped[date | None] = mapped_column(Date, nullable=True)
    history_purchaser: Mapped[str | None] = mapped_column(String(200), nullable=True)
    history_dealer: Mapped[str | None] = mapped_column(String(200), nullable=True)
    history_possessor: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Trace(Digested, Base):
    __tablename__ = "traces"
    __table_args__ = (
        Index("ix_traces_public_id", "public_id", unique=True),
        Index("ix_traces_requesting_agency", "requesting_agency_id", "created_at"),
        # Covering the statistics' groupings (clew.firearms.trace_stats): each reads a narrow
        # index in its grouping's order, not 100,000 wide rows sorted.
        *(
            Index(f"ix_traces_stats_{name}", *columns, "created_at", "requesting_agency_id")
            for name, columns in STATS_INDEXES.items()
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    requesting_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    requesting_username: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16), default="open")
    origin: Mapped[str] = mapped_column(String(8))
    source_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"), nullable=True
    )
    source_hit_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    illicit_reason: Mapped[str] = mapped_column(String(24))
    illicit_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    # markings, as the International Tracing Instrument describes them
    make: Mapped[str | None] = mapped_column(String(100), nullable=True)
    model: Mapped[str | None] = mapped_column(String(100), nullable=True)
    firearm_type: Mapped[str] = mapped_column(String(16))
    calibre: Mapped[str | None] = mapped_column(String(40), nullable=True)
    serial_number: Mapped[str | None] = mapped_column(String(60), nullable=True)
    country_of_manufacture: Mapped[str | None] = mapped_column(String(2), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    import_marks: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{country, year}]
    other_markings: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    serial_obliterated: Mapped[bool] = mapped_column(Boolean, default=False)
    serial_restored: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # the batch it may belong to (clew.firearms.indicators.batch_of), NULL for none
    batch_group: Mapped[str | None] = mapped_column(String(420), nullable=True)
    batch_number: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # recovery
    recovery_country: Mapped[str] = mapped_column(String(2))
    recovery_place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    recovered_on: Mapped[date] = mapped_column(Date)
    # the possessor
    possessor_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    possessor_birth: Mapped[str | None] = mapped_column(String(10), nullable=True)
    possessor_nationality: Mapped[str | None] = mapped_column(String(3), nullable=True)
    possessor_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"), nullable=True
    )
    possessor_hits: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, requester's
    crime_type: Mapped[str] = mapped_column(String(24))
    priority: Mapped[str] = mapped_column(String(8))
    urgency_justification: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    handling_code: Mapped[str] = mapped_column(String(2))
    handling_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    close_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)


class TraceRecipient(Digested, Base):
    """One addressed agency of a trace, with its own status and deadline."""

    __tablename__ = "trace_recipients"
    __table_args__ = (
        UniqueConstraint("trace_id", "agency_id", name="uq_trace_recipients_trace_agency"),
        Index("ix_trace_recipients_agency_status", "agency_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("traces.id", ondelete="CASCADE"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(24), default="sent")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    refused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    refusal_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)
    refusal_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TraceComment(Base):
    """A message in a trace's thread: between the requester and one addressed agency
    (``recipient_agency_id``), or from the requester to all of them (``None``)."""

    __tablename__ = "trace_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("traces.id", ondelete="CASCADE"), index=True)
    author_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    author_username: Mapped[str] = mapped_column(String(64))
    recipient_agency_id: Mapped[int | None] = mapped_column(
        ForeignKey("agencies.id"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # comment, more_info, refusal, close, cancel
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TraceEvent(Base):
    """One dated event of the weapon's history, from an addressed agency's answer."""

    __tablename__ = "trace_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    trace_id: Mapped[int] = mapped_column(ForeignKey("traces.id", ondelete="CASCADE"), index=True)
    recipient_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    occurred_on: Mapped[str | None] = mapped_column(String(10), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    actor: Mapped[str | None] = mapped_column(String(200), nullable=True)
    counterpart: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    source_grade: Mapped[str] = mapped_column(String(1))
    info_grade: Mapped[str] = mapped_column(String(1))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
