"""Keeping the in-memory index in step with the database.

``build`` loads every record with an active alert; ``refresh`` follows ``record_changes`` from
the last sequence number it saw and reloads just the records that changed, so every server
process converges on the same index without talking to the others.

Transactions can commit out of sequence order (a lower ``seq`` becoming visible after a higher
one), so ``refresh`` looks back ``WINDOW`` sequence numbers and applies any it has not applied
yet. Reloading a record is idempotent: it reads the record's current state.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clew.access.models import Agency
from clew.records.kinds import AlertStatus, RecordStatus
from clew.records.models import Alert, Record, RecordChange, RecordCountry
from clew.screening.entries import AlertInfo, Entry, screening_data
from clew.screening.index import CandidateIndex
from clew.storage import utcnow

__all__ = ["IndexKeeper"]

CHUNK = 5000
WINDOW = 1000


def _entries(
    session: Session, record_ids: Iterable[int] | None
) -> Iterator[tuple[int, Entry | None]]:
    """(record id, entry or None when it is not on a watchlist any more)."""
    today = utcnow().date()
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    stmt = select(Record).where(Record.status == RecordStatus.ACTIVE)
    ids = list(record_ids) if record_ids is not None else None
    chunks: Iterable[list[int] | None] = (
        [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)] if ids is not None else [None]
    )
    for chunk in chunks:
        query = stmt if chunk is None else stmt.where(Record.id.in_(chunk))
        seen: set[int] = set()
        rows = session.execute(
            query.execution_options(yield_per=CHUNK).order_by(Record.id)
        ).scalars()
        batch: list[Record] = []
        for record in rows:
            batch.append(record)
            if len(batch) >= CHUNK:
                yield from _convert(session, batch, codes, today, seen)
                batch = []
        yield from _convert(session, batch, codes, today, seen)
        for missing in set(chunk or ()) - seen:
            yield missing, None


def _convert(session: Session, records: list[Record], codes: dict[int, str], today: object,
             seen: set[int]) -> Iterator[tuple[int, Entry | None]]:  # fmt: skip
    if not records:
        return
    ids = [r.id for r in records]
    alerts: dict[int, Alert] = {}
    for alert in session.execute(
        select(Alert).where(Alert.record_id.in_(ids), Alert.status == AlertStatus.ACTIVE)
        .order_by(Alert.id)
    ).scalars():  # fmt: skip
        if alert.expires_on >= today:  # type: ignore[operator]
            alerts[alert.record_id] = alert  # the newest active alert
    countries: dict[int, set[str]] = {}
    listed = select(RecordCountry.record_id, RecordCountry.country)
    for record_id, country in session.execute(listed.where(RecordCountry.record_id.in_(ids))).all():
        countries.setdefault(record_id, set()).add(country)
    for record in records:
        seen.add(record.id)
        current = alerts.get(record.id)
        if current is None:
            yield record.id, None
            continue
        yield record.id, Entry(
            record_id=record.id, kind=record.kind, label=record.label,
            owner_agency_id=record.owner_agency_id,
            owner_code=codes.get(record.owner_agency_id, "?"),
            owner_country=record.owner_country, mode=record.visibility_mode,
            countries=frozenset(countries.get(record.id, ())),
            data=screening_data(json.loads(record.data)),
            alert=AlertInfo(current.id, current.category, current.action,
                            current.handling_code, current.expires_on),
        )  # fmt: skip


class IndexKeeper:
    """Owns one process's index: built once, refreshed from the change log before use."""

    def __init__(self) -> None:
        self.index = CandidateIndex()
        self.built = False
        self._applied: set[int] = set()
        self._lock = threading.Lock()

    def build(self, session: Session) -> None:
        index = CandidateIndex()
        index.last_seq = session.execute(
            select(func.coalesce(func.max(RecordChange.seq), 0))
        ).scalar_one()
        for _, entry in _entries(session, None):
            if entry is not None:
                index.put(entry)
        index.compact()
        self.index = index
        self.built = True

    def refresh(self, session: Session) -> int:
        """Apply the changes since the last refresh; returns how many records were reloaded."""
        with self._lock:
            if not self.built:
                self.build(session)
                return len(self.index)
            low = self.index.last_seq - WINDOW
            rows = session.execute(
                select(RecordChange.seq, RecordChange.record_id)
                .where(RecordChange.seq > low)
                .order_by(RecordChange.seq)
            ).all()
            fresh = [(seq, rid) for seq, rid in rows if seq not in self._applied]
            if not fresh:
                return 0
            changed = {record_id for _, record_id in fresh}
            for record_id, entry in _entries(session, changed):
                if entry is None:
                    self.index.remove(record_id)
                else:
                    self.index.put(entry)
            self._applied.update(seq for seq, _ in fresh)
            self.index.last_seq = max(self.index.last_seq, rows[-1][0])
            floor = self.index.last_seq - WINDOW
            self._applied = {seq for seq in self._applied if seq > floor}
            return len(changed)
