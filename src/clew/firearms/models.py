"""Tables of the firearms reference: what administrators added to the shipped table.

The shipped makes, models and calibres live in the package (``data/``) and are never copied
into the database; a row here adds a make, a model or a calibre, or adds aliases and marking
codes to a shipped one (same ``kind`` and ``key``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clew.storage import Base, UTCDateTime, utcnow

__all__ = ["ReferenceEntry", "ReferenceKind"]


class ReferenceKind(StrEnum):
    MAKE = "make"
    MODEL = "model"
    CALIBRE = "calibre"


class ReferenceEntry(Base):
    __tablename__ = "firearm_reference"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[ReferenceKind] = mapped_column(String(8))
    # make_key / calibre_key of the name; for a model, the make's key, "/", the model's key
    key: Mapped[str] = mapped_column(String(250))
    name: Mapped[str] = mapped_column(String(100))
    make: Mapped[str | None] = mapped_column(String(100), nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), nullable=True)
    firearm_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    calibre: Mapped[str | None] = mapped_column(String(100), nullable=True)
    aliases: Mapped[str] = mapped_column(Text, default="[]")  # JSON list: aliases, marking codes
    added_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
