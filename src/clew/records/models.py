"""Tables of watchlist records: one row per record, kind-specific data as validated JSON.

Indexed lookups (document numbers, VINs, plates, serials, nationalities) live in
``record_keys`` so exact keys stay in database indexes however large the tables grow; the
per-country visibility list lives in ``record_countries`` so visibility is one SQL predicate.
``record_changes`` is the history of every record and the change feed the screening index
follows (:mod:`clew.records.feed`): by ``seq`` on SQLite, by the writing transaction's ``xid``
on PostgreSQL, where transactions commit out of ``seq`` order.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from clew.records.kinds import (
    AlertCategory,
    AlertStatus,
    HandlingCode,
    RecordKind,
    RecordStatus,
    VisibilityMode,
)
from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["Alert", "Record", "RecordChange", "RecordCountry", "RecordKey"]


class Record(Base):
    __tablename__ = "records"
    __table_args__ = (Index("ix_records_kind_status", "kind", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[RecordKind] = mapped_column(String(16))
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    owner_country: Mapped[str] = mapped_column(String(2))
    external_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    status: Mapped[RecordStatus] = mapped_column(String(16), default=RecordStatus.ACTIVE)
    visibility_mode: Mapped[VisibilityMode] = mapped_column(String(8))
    label: Mapped[str] = mapped_column(String(300))
    search_text: Mapped[str] = mapped_column(Text)
    data: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    countries: Mapped[list[RecordCountry]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    alerts: Mapped[list[Alert]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Alert.id"
    )


class RecordCountry(Base):
    __tablename__ = "record_countries"

    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True)


class RecordKey(Base):
    __tablename__ = "record_keys"
    # record_id too: an exact lookup reads the records under a key from the index alone.
    __table_args__ = (Index("ix_record_keys_key_value_record", "key", "value", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(24))
    value: Mapped[str] = mapped_column(String(100))


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_status_review_on", "status", "review_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    category: Mapped[AlertCategory] = mapped_column(String(24))
    action: Mapped[str] = mapped_column(String(1000))
    reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    handling_code: Mapped[HandlingCode] = mapped_column(String(2))
    handling_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    status: Mapped[AlertStatus] = mapped_column(String(16), default=AlertStatus.ACTIVE)
    review_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecordChange(Base):
    """One change to a record: who, when, what (field -> [before, after])."""

    __tablename__ = "record_changes"
    __table_args__ = (Index("ix_record_changes_xid_seq", "xid", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    agency_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    action: Mapped[str] = mapped_column(String(32))
    changes: Mapped[str] = mapped_column(Text)
    # PostgreSQL: the writing transaction's id (``pg_current_xact_id()``, a server default set
    # by migration 0008); NULL on SQLite, whose commits are serial so ``seq`` order is enough.
    xid: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
