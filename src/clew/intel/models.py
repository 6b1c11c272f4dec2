"""Tables of analysis files: the file, its members, its entities and typed links, and the
analyst's judgements on proposed duplicates.

Provenance is kept, never rewritten: a merge points the absorbed entity at the one it merged
into (``merged_into_id``) and leaves every link attached to the entity its source named, so
undoing a merge is clearing that pointer. The network of a file resolves merges when it is
built. An entity pulled from a watchlist keeps ``record_id``; whoever may not see that record
sees neither the entity nor its links (:mod:`clew.intel.visibility` decides).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
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
from sqlalchemy.orm import Mapped, mapped_column, query_expression

from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["AnalysisFile", "Entity", "FileMember", "Judgement", "Link"]


class AnalysisFile(Base):
    __tablename__ = "analysis_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    handling_code: Mapped[str] = mapped_column(String(2))
    handling_note: Mapped[str] = mapped_column(String(500), default="")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    layout: Mapped[str] = mapped_column(Text, default="{}")


class FileMember(Base):
    __tablename__ = "file_members"

    file_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_files.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    access: Mapped[str] = mapped_column(String(8))  # "read" or "write"


class Entity(Base):
    __tablename__ = "entities"
    __table_args__ = (
        UniqueConstraint("file_id", "key", name="uq_entities_file_key"),
        Index("ix_entities_file_kind", "file_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("analysis_files.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(300))
    data: Mapped[str] = mapped_column(Text, default="{}")
    record_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="SET NULL"), nullable=True, index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), nullable=True
    )
    # ``merged_into_id`` as the reader may see it, computed per query by
    # :func:`clew.intel.visibility.visible_entities` (empty when the survivor is hidden).
    shown_merged_into: Mapped[int | None] = query_expression()
    source_kind: Mapped[str] = mapped_column(String(16))
    source_ref: Mapped[str] = mapped_column(String(300), default="")
    reliability: Mapped[str] = mapped_column(String(1), default="X")
    information: Mapped[str] = mapped_column(String(1), default="4")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Link(Base):
    __tablename__ = "links"
    __table_args__ = (Index("ix_links_file", "file_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("analysis_files.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    start: Mapped[date | None] = mapped_column(Date, nullable=True)
    end: Mapped[date | None] = mapped_column(Date, nullable=True)
    directed: Mapped[bool] = mapped_column(Boolean, default=False)
    amount: Mapped[float | None] = mapped_column(Float, nullable=True)
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    source_kind: Mapped[str] = mapped_column(String(16))
    source_ref: Mapped[str] = mapped_column(String(300), default="")
    reliability: Mapped[str] = mapped_column(String(1), default="X")
    information: Mapped[str] = mapped_column(String(1), default="4")
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Judgement(Base):
    """An analyst's verdict on a proposed pair of entities: same, different or unsure."""

    __tablename__ = "judgements"
    __table_args__ = (
        UniqueConstraint("file_id", "left_id", "right_id", name="uq_judgements_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("analysis_files.id", ondelete="CASCADE"))
    left_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    right_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    verdict: Mapped[str] = mapped_column(String(16))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
