"""Tables of the border liaison offices: offices, the pairs they form across a border, the
incident reports they file and the entities those reports name (by match key, as the clearing
house looks them up).

Offices, pairs and reports are known outside the database by their ``public_id`` (random text):
one counter numbers every pair's reports, so an integer in a URL would tell an agency how much
the other pairs filed. ``occurred_at`` is the UTC instant; ``occurred_on`` the day it was in the
filing office's zone (what the joint report's periods and months count by); ``zone`` that zone.
Quantities, persons, vehicles, documents and firearms are JSON as given (see
:mod:`clew.liaison.schemas`); ``crosscheck`` the watchlist matches shown when it was filed.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from clew.screening.models import new_public_id
from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["IncidentEntity", "IncidentReport", "Office", "OfficePair"]


class Office(Base):
    """A border liaison office: a post of one agency at a border crossing."""

    __tablename__ = "liaison_offices"
    __table_args__ = (Index("ix_liaison_offices_public_id", "public_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    name: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    place: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    zone: Mapped[str] = mapped_column(String(64), default="UTC")  # IANA time zone
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OfficePair(Base):
    """Two offices facing each other across a border (``Moc Bai – Bavet``)."""

    __tablename__ = "liaison_pairs"
    __table_args__ = (Index("ix_liaison_pairs_public_id", "public_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    office_a_id: Mapped[int] = mapped_column(ForeignKey("liaison_offices.id"), index=True)
    office_b_id: Mapped[int] = mapped_column(ForeignKey("liaison_offices.id"), index=True)
    border: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IncidentReport(Base):
    __tablename__ = "liaison_incidents"
    __table_args__ = (
        Index("ix_liaison_incidents_public_id", "public_id", unique=True),
        Index("ix_liaison_incidents_pair_day", "pair_id", "occurred_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    office_id: Mapped[int] = mapped_column(ForeignKey("liaison_offices.id"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("liaison_pairs.id"))
    kind: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    occurred_on: Mapped[date] = mapped_column(Date)  # the day in the office's zone
    zone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    longitude: Mapped[float | None] = mapped_column(Float, nullable=True)
    quantities: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{item, unit, amount}]
    persons: Mapped[str] = mapped_column(Text, default="[]")  # JSON, never logged
    vehicles: Mapped[str] = mapped_column(Text, default="[]")
    documents: Mapped[str] = mapped_column(Text, default="[]")
    firearms: Mapped[str] = mapped_column(Text, default="[]")
    narrative: Mapped[str] = mapped_column(Text, default="")  # never logged, never translated
    language: Mapped[str] = mapped_column(String(8))
    handling_code: Mapped[str] = mapped_column(String(2))
    handling_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    crosscheck: Mapped[str] = mapped_column(Text, default="[]")  # JSON, as the filer was shown
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class IncidentEntity(Base):
    """A person, document, vehicle or firearm a report names, by the exchange's match key
    (:func:`clew.exchange.keys.entity_key`), so a cross-check finds reports naming it by index."""

    __tablename__ = "liaison_incident_entities"
    __table_args__ = (Index("ix_liaison_entities_key", "match_key", "incident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("liaison_incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(300))
    match_key: Mapped[str] = mapped_column(String(200))
