"""Tables of the liaison exchange: cases and their participants, messages and who holds them,
graded pieces of information and the entities a message names, attachments, requests for
information with one row per addressed agency, permissions to pass H2 messages on, each
country's Single Point of Contact and each agency's webhook.

Cases and messages are known outside the database by their ``public_id`` (random text, as hits
and traces are): one counter numbers every agency's messages, so an integer in a URL would tell
an agency how much others exchanged. Who may see what is decided in :mod:`clew.exchange.access`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from clew.screening.models import new_public_id
from clew.storage import Base, UTCDateTime, utcnow

__all__ = [
    "Attachment",
    "Case",
    "CaseParticipant",
    "ForwardPermission",
    "InfoRequest",
    "Message",
    "MessageEntity",
    "MessageItem",
    "MessageRecipient",
    "RequestRecipient",
    "Spoc",
    "Webhook",
]


class Case(Base):
    """A subject two or more agencies exchange on (a case in SIENA's sense)."""

    __tablename__ = "exchange_cases"
    __table_args__ = (Index("ix_exchange_cases_public_id", "public_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    subject: Mapped[str] = mapped_column(String(300))
    crime_area: Mapped[str] = mapped_column(String(40))
    handling_code: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(16), default="open")
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # last message


class CaseParticipant(Base):
    """An agency taking part in a case: it may write in it and address its participants.

    Taking part does not show it every message: a message is seen by its author's agency and the
    agencies it is addressed to (:class:`MessageRecipient`) only."""

    __tablename__ = "exchange_case_participants"
    __table_args__ = (
        UniqueConstraint("case_id", "agency_id", name="uq_exchange_participants_case_agency"),
        Index("ix_exchange_participants_agency", "agency_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("exchange_cases.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    added_by: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Message(Base):
    __tablename__ = "exchange_messages"
    __table_args__ = (
        Index("ix_exchange_messages_public_id", "public_id", unique=True),
        Index("ix_exchange_messages_case", "case_id", "created_at"),
        Index("ix_exchange_messages_author", "author_agency_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # internal: never shown
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id)
    case_id: Mapped[int] = mapped_column(ForeignKey("exchange_cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24), default="message")
    author_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    author_username: Mapped[str] = mapped_column(String(64))
    in_reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_messages.id", ondelete="SET NULL"), nullable=True
    )
    forwarded_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("exchange_messages.id", ondelete="SET NULL"), nullable=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)  # never logged
    language: Mapped[str] = mapped_column(String(8))  # the writer's language; never translated
    handling_code: Mapped[str] = mapped_column(String(2))
    handling_note: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MessageRecipient(Base):
    """An agency holding a message (addressed, or the sender's SPOC copied), with its receipts."""

    __tablename__ = "exchange_message_recipients"
    __table_args__ = (
        UniqueConstraint("message_id", "agency_id", name="uq_exchange_recipients_message_agency"),
        Index("ix_exchange_recipients_inbox", "agency_id", "read_at", "message_id"),
        # the in box, newest first: a page is read in index order, not sorted (migration 0020)
        Index("ix_exchange_recipients_agency_message", "agency_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("exchange_messages.id", ondelete="CASCADE"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[str] = mapped_column(String(16), default="to")
    case_id: Mapped[int] = mapped_column(Integer)  # denormalised for the inbox filters
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    read_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MessageItem(Base):
    """One graded piece of information of a message (the 4x4: source A/B/C/X, information 1-4)."""

    __tablename__ = "exchange_message_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_messages.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    source_grade: Mapped[str] = mapped_column(String(1))
    info_grade: Mapped[str] = mapped_column(String(1))


class MessageEntity(Base):
    """A person, document, vehicle or firearm a message names in a structured field.

    ``fields`` is the JSON of the entity as given (names, date of birth, number, VIN, serial...);
    ``match_key`` is its normalised key (``document:AB123456``, ``vin:...``, ``person:<name key>
    |<birth year>``) so the clearing house finds other messages naming the same thing by index.
    """

    __tablename__ = "exchange_message_entities"
    __table_args__ = (Index("ix_exchange_entities_key", "match_key", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_messages.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(300))
    fields: Mapped[str] = mapped_column(Text)  # JSON
    match_key: Mapped[str] = mapped_column(String(200))
    source_grade: Mapped[str] = mapped_column(String(1))
    info_grade: Mapped[str] = mapped_column(String(1))
    # the watchlist cross-check, as the author's agency checked it when the message was sent:
    # JSON list of the hits it was shown ({hit_id, record_id, owner, label, score, band})
    watchlist_hits: Mapped[str] = mapped_column(Text, default="[]")


class Attachment(Base):
    """A file sent with a message. The bytes live outside the web root under their SHA-256
    (content-addressed: the same file sent twice is stored once)."""

    __tablename__ = "exchange_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id, unique=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_messages.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InfoRequest(Base):
    """The structured part of a request message (kind ``request``)."""

    __tablename__ = "exchange_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_messages.id", ondelete="CASCADE"), unique=True
    )
    question: Mapped[str] = mapped_column(Text)  # what is asked
    about: Mapped[str] = mapped_column(String(500))  # about whom or what
    legal_basis: Mapped[str] = mapped_column(String(500))
    purpose: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    urgency: Mapped[str] = mapped_column(String(16))
    directly_accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    urgency_reason: Mapped[str | None] = mapped_column(String(1000), nullable=True)


class RequestRecipient(Base):
    """One addressed agency of a request, with its own status and deadline."""

    __tablename__ = "exchange_request_recipients"
    __table_args__ = (
        UniqueConstraint("request_id", "agency_id", name="uq_exchange_request_agency"),
        Index("ix_exchange_request_recipients_due", "agency_id", "status", "due_at"),
        Index("ix_exchange_request_recipients_routed", "routed_agency_id", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_requests.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(String(24), default="sent")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    desk: Mapped[str | None] = mapped_column(String(100), nullable=True)  # routed to
    routed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    routed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # the agency of the same country the request was routed to (migration 0017): it holds the
    # request message and may answer for this row
    routed_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    refusal_reason: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ForwardPermission(Base):
    """An agency asking the owner of an H2 message to pass it on to another agency."""

    __tablename__ = "exchange_forward_permissions"
    __table_args__ = (Index("ix_exchange_permissions_message", "message_id", "target_agency_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), default=new_public_id, unique=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("exchange_messages.id", ondelete="CASCADE"))
    asking_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    target_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    state: Mapped[str] = mapped_column(String(16), default="asked")
    asked_by: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    request_message_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Spoc(Base):
    """A country's Single Point of Contact: the agency copied on its agencies' requests and
    routing the requests its country receives."""

    __tablename__ = "exchange_spocs"

    country: Mapped[str] = mapped_column(String(2), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))


class Webhook(Base):
    """Where an agency's national system is told of a new message (HMAC-signed POST)."""

    __tablename__ = "exchange_webhooks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_status: Mapped[str | None] = mapped_column(String(200), nullable=True)
    last_delivery_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
