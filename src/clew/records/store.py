"""Watchlist records: create, read, list, update, cancel, export, history.

Every function takes the acting user; reads go through :func:`visible_to`, so a record the
caller may not see is *not found*, exactly like a record that does not exist. Only the owning
agency changes a record. Every read and change is audited with the ids it touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import Select, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from clew.access import audit
from clew.access.actor import Actor
from clew.access.roles import Permission
from clew.errors import ForbiddenError, NotFoundError, ValidationError
from clew.records import feed
from clew.records.codec import decode, encode, fold
from clew.records.kinds import AlertCategory, AlertStatus, RecordKind, RecordSort, RecordStatus
from clew.records.models import Alert, Record, RecordChange, RecordCountry, RecordKey
from clew.records.schemas import (
    AlertIn,
    AlertPublic,
    ChangePublic,
    FirearmFields,
    RecordCreate,
    RecordPublic,
    RecordUpdate,
    Visibility,
)
from clew.records.serials import SerialPattern, matching_records
from clew.records.visibility import visible_to
from clew.settings import get_settings
from clew.storage import utcnow

__all__ = [
    "RecordFilter",
    "alert_dates",
    "alert_public",
    "cancel_record",
    "create_record",
    "filtered",
    "get_record",
    "history",
    "insert_records",
    "iter_export",
    "list_records",
    "owned_record",
    "public",
    "record_change",
    "search_words",
    "update_record",
]

REVIEW_WINDOW = timedelta(days=90)


def _writer(actor: Actor) -> None:
    actor.require(Permission.WRITE_RECORDS)
    if actor.agency_id is None or actor.country is None:
        raise ForbiddenError("Records belong to an agency: act for one (e.g. --agency).")


def alert_dates(kind: RecordKind, today: date, expires_on: date | None) -> tuple[date, date]:
    """(review_on, expires_on): the review window opens 90 days before expiry."""
    settings = get_settings()
    years = (
        settings.person_review_years if kind is RecordKind.PERSON else settings.object_review_years
    )
    expiry = expires_on or today + timedelta(days=365 * years)
    if expiry <= today:
        raise ValidationError.field("alert.expires_on", "must be in the future")
    return max(today, expiry - REVIEW_WINDOW), expiry


def _alert_row(record_id: int, kind: RecordKind, alert: AlertIn, today: date) -> dict[str, Any]:
    review_on, expires_on = alert_dates(kind, today, alert.expires_on)
    now = utcnow()
    return {
        "record_id": record_id, "category": alert.category, "action": alert.action,
        "reason": alert.reason, "handling_code": alert.handling_code,
        "handling_note": alert.handling_note, "status": AlertStatus.ACTIVE,
        "review_on": review_on, "expires_on": expires_on, "created_at": now, "updated_at": now,
    }  # fmt: skip


def record_change(
    session: Session, actor: Actor, record_id: int, action: str, changes: dict[str, Any]
) -> None:
    session.execute(
        insert(RecordChange),
        [{"record_id": record_id, "at": utcnow(), "username": actor.username,
          "agency_code": actor.agency_code, "action": action,
          "changes": json.dumps(changes, ensure_ascii=False, default=str)}],
    )  # fmt: skip
    feed.appended(session)


def insert_records(session: Session, actor: Actor, items: Sequence[RecordCreate]) -> list[int]:
    """Write new records owned by the actor's agency, in bulk (one statement per table).

    Used by single creates, imports and the synthetic world alike. Not audited here: the caller
    writes one audit entry for the whole operation.
    """
    _writer(actor)
    if not items:
        return []
    now = utcnow()
    today = now.date()
    encoded = [encode(item) for item in items]
    rows = [
        {"kind": item.kind, "owner_agency_id": actor.agency_id,
         "owner_country": actor.country, "external_id": item.external_id,
         "status": RecordStatus.ACTIVE, "visibility_mode": item.visibility.mode,
         "label": enc.label, "search_text": enc.search_text, "data": enc.data,
         "version": 1, "created_at": now, "updated_at": now}
        for item, enc in zip(items, encoded, strict=True)
    ]  # fmt: skip
    ids = _inserted_ids(session, rows)
    countries = [
        {"record_id": rid, "country": c}
        for rid, item in zip(ids, items, strict=True)
        for c in item.visibility.countries
    ]
    keys = [
        {"record_id": rid, "key": k, "value": v[:100]}
        for rid, enc in zip(ids, encoded, strict=True)
        for k, v in enc.keys
    ]
    alerts = [
        _alert_row(rid, RecordKind(item.kind), item.alert, today)
        for rid, item in zip(ids, items, strict=True)
        if item.alert is not None
    ]
    changes = [
        {"record_id": rid, "at": now, "username": actor.username,
         "agency_code": actor.agency_code, "action": "create", "changes": "{}"}
        for rid in ids
    ]  # fmt: skip
    for table, dependants in ((RecordCountry, countries), (RecordKey, keys), (Alert, alerts),
                              (RecordChange, changes)):  # fmt: skip
        if dependants:  # Core executemany: no ORM bookkeeping per row
            session.execute(insert(cast(Table, table.__table__)), dependants)
    feed.appended(session)
    return ids


def _inserted_ids(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the record rows; their ids in the order given.

    SQLite does not promise the order of a multi-row ``RETURNING``, so SQLAlchemy would send
    one statement per row. A SQLite write transaction holds the database's write lock from its
    start (``BEGIN IMMEDIATE``), so the next ids are the ones SQLite would choose (the highest
    plus one: no ``AUTOINCREMENT``): they are given explicitly and the rows go in one
    executemany. Other databases return the ids of a batched insert in parameter order.
    """
    if session.get_bind().dialect.name != "sqlite":
        stmt = insert(Record).returning(Record.id, sort_by_parameter_order=True)
        return list(session.execute(stmt, rows).scalars())
    first = session.execute(select(func.coalesce(func.max(Record.id), 0))).scalar_one() + 1
    ids = list(range(first, first + len(rows)))
    given = [row | {"id": rid} for rid, row in zip(ids, rows, strict=True)]
    session.execute(insert(cast(Table, Record.__table__)), given)
    return ids


def create_record(session: Session, actor: Actor, item: RecordCreate) -> Record:
    (record_id,) = insert_records(session, actor, [item])
    audit.record(
        session, actor, "record.create", target=f"record:{record_id}",
        query={"kind": item.kind}, result_ids=[record_id],
    )  # fmt: skip
    record = session.get(Record, record_id)
    assert record is not None
    return record


def _visible(actor: Actor) -> Select[Record]:
    actor.require(Permission.READ_RECORDS)
    return select(Record).where(visible_to(actor))


def _load(session: Session, actor: Actor, record_id: int) -> Record:
    record = session.execute(_visible(actor).where(Record.id == record_id)).scalar_one_or_none()
    if record is None:
        raise NotFoundError("Record not found.")
    return record


def get_record(session: Session, actor: Actor, record_id: int) -> Record:
    record = _load(session, actor, record_id)
    audit.record(
        session, actor, "record.view", target=f"record:{record.id}", result_ids=[record.id]
    )
    return record


@dataclass(frozen=True, slots=True)
class RecordFilter:
    kind: RecordKind | None = None
    text: str | None = None
    status: RecordStatus | None = RecordStatus.ACTIVE
    owner: str | None = None
    nationality: str | None = None
    key: tuple[str, str] | None = None
    serial_pattern: SerialPattern | None = None  # a partial serial: see clew.records.serials
    category: AlertCategory | None = None  # of the record's active alert
    sort: RecordSort = RecordSort.NEWEST

    def query(self) -> dict[str, Any]:
        return {k: v for k, v in {
            "kind": self.kind, "text": self.text, "status": self.status, "owner": self.owner,
            "category": self.category,
            "sort": self.sort if self.sort is not RecordSort.NEWEST else None,
            "nationality": self.nationality, "key": list(self.key) if self.key else None,
            "serial_pattern": self.serial_pattern.text if self.serial_pattern else None,
        }.items() if v}  # fmt: skip


NO_WORDS = "The search has no letters or digits to look for (only signs or emoji)."


def search_words(text: str | None) -> list[str]:
    """The folded words a search looks for; none for no search.

    A search of only signs, punctuation or emoji ("😀") folds to nothing: it is refused (on
    the ``q`` field) rather than read as no search at all, which would list everything.
    """
    if not text or not text.strip():
        return []
    words = fold(text).split()
    if not words:
        raise ValidationError.field("q", NO_WORDS)
    return words


#: The order of each sort, the record's id breaking ties (so pages never overlap).
ORDERS = {
    RecordSort.NEWEST: (Record.id.desc(),),
    RecordSort.OLDEST: (Record.id.asc(),),
    RecordSort.NAME: (func.lower(Record.label), Record.id),
    RecordSort.UPDATED: (Record.updated_at.desc(), Record.id.desc()),
}


def filtered(session: Session, actor: Actor, flt: RecordFilter) -> Select[Record]:
    """The records the actor may see that pass the filter (unordered)."""
    stmt = _visible(actor)
    if flt.kind:
        stmt = stmt.where(Record.kind == flt.kind)
    if flt.status:
        stmt = stmt.where(Record.status == flt.status)
    if flt.owner:
        from clew.access.agencies import get_agency_by_code

        stmt = stmt.where(Record.owner_agency_id == get_agency_by_code(session, flt.owner).id)
    for word in search_words(flt.text)[:8]:
        stmt = stmt.where(Record.search_text.contains(word, autoescape=True))
    if flt.category:
        stmt = stmt.where(
            Record.id.in_(
                select(Alert.record_id).where(
                    Alert.category == flt.category, Alert.status == AlertStatus.ACTIVE
                )
            )
        )
    if flt.nationality:
        stmt = stmt.where(
            Record.id.in_(
                select(RecordKey.record_id).where(
                    RecordKey.key == "nationality", RecordKey.value == flt.nationality.upper()
                )
            )
        )
    if flt.key:
        stmt = stmt.where(
            Record.id.in_(
                select(RecordKey.record_id).where(
                    RecordKey.key == flt.key[0], RecordKey.value == flt.key[1]
                )
            )
        )
    if flt.serial_pattern:
        stmt = stmt.where(Record.id.in_(matching_records(flt.serial_pattern)))
    return stmt


def list_records(
    session: Session, actor: Actor, flt: RecordFilter, *, limit: int, offset: int
) -> tuple[list[Record], int]:
    stmt = filtered(session, actor, flt)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    rows = list(
        session.execute(stmt.order_by(*ORDERS[flt.sort]).limit(limit).offset(offset)).scalars()
    )
    audit.record(
        session, actor, "record.search", query=flt.query() | {"offset": offset},
        result_ids=[r.id for r in rows],
    )  # fmt: skip
    return rows, total


def iter_export(
    session: Session, actor: Actor, flt: RecordFilter, fmt: str
) -> Iterator[RecordPublic]:
    """Every matching record, oldest first, audited with all ids before the first is given."""
    stmt = filtered(session, actor, flt).order_by(Record.id)
    ids = list(session.execute(stmt.with_only_columns(Record.id)).scalars())
    audit.record(session, actor, "record.export", query=flt.query() | {"format": fmt},
                 result_ids=ids)  # fmt: skip
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        for record in session.execute(
            select(Record).where(Record.id.in_(chunk)).order_by(Record.id)
        ).scalars():
            yield public(record, actor)


def owned_record(session: Session, actor: Actor, record_id: int) -> Record:
    _writer(actor)
    record = _load(session, actor, record_id)
    if record.owner_agency_id != actor.agency_id:
        raise ForbiddenError("Only the owning agency changes this record.")
    return record


def _set_visibility(session: Session, record: Record, visibility: Visibility) -> None:
    record.visibility_mode = visibility.mode
    session.execute(delete(RecordCountry).where(RecordCountry.record_id == record.id))
    if visibility.countries:
        session.execute(
            insert(RecordCountry),
            [{"record_id": record.id, "country": c} for c in visibility.countries],
        )
    session.expire(record, ["countries"])


def _visibility(record: Record) -> Visibility:
    return Visibility(mode=record.visibility_mode, countries=[c.country for c in record.countries])


def update_record(session: Session, actor: Actor, record_id: int, update: RecordUpdate) -> Record:
    record = owned_record(session, actor, record_id)
    if record.status != RecordStatus.ACTIVE:
        raise ValidationError.field("status", "a cancelled record cannot be changed")
    if update.data.kind != record.kind:
        raise ValidationError.field("data.kind", f"must stay '{record.kind}'")
    before = json.loads(record.data)
    data = update.data
    if isinstance(data, FirearmFields) and data.located is None and before.get("located"):
        # a locate is a transaction of its own (clew.records.transactions): an edit keeps it
        data = data.model_copy(update={"located": decode(record.data).located})  # type: ignore[union-attr]
    encoded = encode(data)
    after = json.loads(encoded.data)
    changes: dict[str, Any] = {
        k: [before.get(k), after.get(k)] for k in sorted(set(before) | set(after))
        if before.get(k) != after.get(k)
    }  # fmt: skip
    if update.visibility is not None:
        old = _visibility(record)
        if old != update.visibility:
            changes["visibility"] = [
                old.model_dump(mode="json"),
                update.visibility.model_dump(mode="json"),
            ]
            _set_visibility(session, record, update.visibility)
    if update.external_id is not None and update.external_id != record.external_id:
        changes["external_id"] = [record.external_id, update.external_id]
        record.external_id = update.external_id
    if changes:
        record.data, record.label, record.search_text = (
            encoded.data,
            encoded.label,
            encoded.search_text,
        )
        session.execute(delete(RecordKey).where(RecordKey.record_id == record.id))
        if encoded.keys:
            session.execute(
                insert(RecordKey),
                [{"record_id": record.id, "key": k, "value": v[:100]} for k, v in encoded.keys],
            )
        record.version += 1
        record.updated_at = utcnow()
        record_change(session, actor, record.id, "update", changes)
    audit.record(
        session, actor, "record.update", target=f"record:{record.id}",
        query={"fields": sorted(changes)}, result_ids=[record.id],
    )  # fmt: skip
    return record


def cancel_record(session: Session, actor: Actor, record_id: int, reason: str) -> Record:
    record = owned_record(session, actor, record_id)
    if record.status == RecordStatus.CANCELLED:
        return record
    record.status = RecordStatus.CANCELLED
    record.version += 1
    record.updated_at = utcnow()
    for alert in record.alerts:
        if alert.status == AlertStatus.ACTIVE:
            alert.status = AlertStatus.CANCELLED
            alert.updated_at = record.updated_at
    record_change(session, actor, record.id, "cancel", {"reason": reason})
    audit.record(session, actor, "record.cancel", target=f"record:{record.id}",
                 query={"reason": reason}, result_ids=[record.id])  # fmt: skip
    return record


def history(session: Session, actor: Actor, record_id: int) -> list[ChangePublic]:
    """The record's changes, for its owning agency."""
    record = _load(session, actor, record_id)
    if record.owner_agency_id != actor.agency_id and actor.agency_id is not None:
        raise ForbiddenError("Only the owning agency sees a record's history.")
    rows = session.execute(
        select(RecordChange).where(RecordChange.record_id == record.id).order_by(RecordChange.seq)
    ).scalars()
    audit.record(session, actor, "record.history", target=f"record:{record.id}",
                 result_ids=[record.id])  # fmt: skip
    return [
        ChangePublic(seq=c.seq, at=c.at, username=c.username, agency_code=c.agency_code,
                     action=c.action, changes=json.loads(c.changes))
        for c in rows
    ]  # fmt: skip


def alert_public(alert: Alert, today: date | None = None) -> AlertPublic:
    status = AlertStatus(alert.status)
    if status is AlertStatus.ACTIVE and alert.expires_on < (today or utcnow().date()):
        status = AlertStatus.LAPSED  # expired alerts stop being active, swept or not
    return AlertPublic(
        id=alert.id, category=alert.category, action=alert.action, reason=alert.reason,
        handling_code=alert.handling_code, handling_note=alert.handling_note, status=status,
        review_on=alert.review_on, expires_on=alert.expires_on, created_at=alert.created_at,
    )  # fmt: skip


def public(record: Record, actor: Actor) -> RecordPublic:
    from clew.access.models import Agency

    session = Session.object_session(record)
    assert session is not None
    agency = session.get(Agency, record.owner_agency_id)  # identity map: one query per agency
    owner = agency.code if agency else "?"
    is_owner = actor.agency_id is None or actor.agency_id == record.owner_agency_id
    return RecordPublic(
        id=record.id, kind=record.kind, owner=owner, owner_country=record.owner_country,
        external_id=record.external_id, status=record.status, label=record.label,
        version=record.version, created_at=record.created_at, updated_at=record.updated_at,
        data=decode(record.data), alerts=[alert_public(a) for a in record.alerts],
        visibility=_visibility(record) if is_owner else None,
    )  # fmt: skip
