"""Hits: a check's result at or above the "possible match" threshold, stored for the record's
owner (notified in its inbox) and for the checking agency (which sees the owner's decision).

One hit per encounter: while a hit is pending, a re-check of the same record by the same agency
at the same place within :data:`~clew.screening.hits.ENCOUNTER` counts on it (``checks``)
instead of storing another.

A *silent* hit is one on a record hidden from the checking country: the checking officer saw
nothing, the owner is told that its subject was met, where and when.

A hit is known outside the database by its ``public_id``, random url-safe text, never by its
integer key: one counter numbers every hit, silent ones included, so a gap between two of a
checker's ids would tell it that a check between them met a record hidden from it.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["PUBLIC_ID_PATTERN", "Hit", "new_public_id"]

PUBLIC_ID_PATTERN = "^[A-Za-z0-9_-]{1,40}$"
"""What a hit's public id may look like in a URL (today's are 22 characters)."""


def new_public_id() -> str:
    """128 random bits, url-safe (22 characters): unguessable and in no order.

    Never starts with "-", so an id typed on a command line is never read as an option.
    """
    while (public_id := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return public_id


class Hit(Base):
    __tablename__ = "hits"
    __table_args__ = (
        Index("ix_hits_owner_decision", "owner_agency_id", "decision"),
        Index("ix_hits_checking_agency", "checking_agency_id", "at"),
        Index("ix_hits_public_id", "public_id", unique=True),
        Index("ix_hits_encounter", "record_id", "checking_agency_id", "decision", "last_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    alert_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    checking_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    checking_country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    checking_username: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(8))
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    score: Mapped[float] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(16))
    silent: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decision_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    #: One encounter: how many checks by the agency at the place found the record while the
    #: hit was pending, and when the last of them was (``at`` is the first).
    checks: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
