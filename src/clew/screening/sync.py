"""Keeping the in-memory index in step with the database.

``build`` loads every person with an active alert (objects are looked up in the database at
each check: :mod:`clew.screening.objects`); ``catch_up`` follows the record change feed
(:mod:`clew.records.feed`) from the keeper's cursor and reloads just the records that changed,
so every server process converges on the same index without talking to the others. The
cursor never skips a change, whatever order transactions commit in; reloading a record is
idempotent (it reads the record's current state), so reading a change twice is harmless.

Who calls what:

- A server process catches up in the background (:class:`clew.screening.follow.Follower`), so
  a check does no database work for the index.
- A check calls ``settle``, which costs nothing unless the index is not built yet or *this*
  process committed a record change since the last catch-up; then it catches up first, so a
  user who cancels a record and checks again on the same process sees the cancellation.
- One-shot processes (the CLI) and tests call ``catch_up`` when they want the feed applied.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clew.access.models import Agency
from clew.errors import StartingError
from clew.records import feed
from clew.records.kinds import AlertStatus, RecordStatus
from clew.records.models import Alert, Record, RecordCountry
from clew.screening.entries import AlertInfo, Entry, screening_data
from clew.screening.index import CandidateIndex
from clew.storage import utcnow

__all__ = ["RECORD_COLUMNS", "IndexKeeper", "KeeperStatus", "RecordFields", "convert"]

CHUNK = 5000


def _entries(
    session: Session, record_ids: Iterable[int] | None
) -> Iterator[tuple[int, Entry | None]]:
    """(record id, entry or None when it is not a person on a watchlist any more). Objects
    stay in the database: :mod:`clew.screening.objects` looks them up by key."""
    today = utcnow().date()
    codes = dict(session.execute(select(Agency.id, Agency.code)).all())
    stmt = select(Record).where(Record.status == RecordStatus.ACTIVE, Record.kind == "person")
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
                yield from convert(session, batch, codes, today, seen)
                batch = []
        yield from convert(session, batch, codes, today, seen)
        for missing in set(chunk or ()) - seen:
            yield missing, None


class RecordFields(Protocol):
    """What :func:`convert` reads of a record: a :class:`~clew.records.models.Record` or a row
    of these columns (:data:`RECORD_COLUMNS`, read without loading ORM objects)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def owner_agency_id(self) -> int: ...
    @property
    def owner_country(self) -> str: ...
    @property
    def visibility_mode(self) -> str: ...
    @property
    def data(self) -> str: ...


RECORD_COLUMNS = (
    Record.id, Record.kind, Record.label, Record.owner_agency_id, Record.owner_country,
    Record.visibility_mode, Record.data,
)  # fmt: skip
"""The columns of ``records`` an entry is built from (not ``search_text``, nor timestamps)."""

_ALERT_COLUMNS = (
    Alert.id, Alert.record_id, Alert.category, Alert.action, Alert.handling_code, Alert.status,
    Alert.expires_on,
)  # fmt: skip


def convert(session: Session, records: Sequence[RecordFields], codes: dict[int, str],
            today: object, seen: set[int]) -> Iterator[tuple[int, Entry | None]]:  # fmt: skip
    """(record id, its entry, or None without a live alert) for each record, in order.

    Alerts and visibility countries are read as plain rows (no ORM objects: a check that finds
    hundreds of records pays per object loaded)."""
    if not records:
        return
    ids = [r.id for r in records]
    alerts: dict[int, AlertInfo] = {}
    # By record only, the status checked here: with a status filter SQLite's planner (no
    # statistics) took the (status, review_on) index and scanned every active alert per call.
    for alert in session.execute(
        select(*_ALERT_COLUMNS).where(Alert.record_id.in_(ids)).order_by(Alert.id)
    ):  # fmt: skip
        if alert.status == AlertStatus.ACTIVE and alert.expires_on >= today:
            alerts[alert.record_id] = AlertInfo(  # the newest active alert
                alert.id, alert.category, alert.action, alert.handling_code, alert.expires_on
            )
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
            data=screening_data(json.loads(record.data)), alert=current,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class KeeperStatus:
    """Where a keeper stands, for readiness and monitoring.

    ``progress`` is the share of records loaded while the index is first built (1.0 once
    built); ``position`` the highest change ``seq`` applied; ``lag_s`` how far behind the index
    may be: every change committed more than ``lag_s`` seconds ago is in it (None before the
    first build).
    """

    built: bool
    progress: float
    position: int
    lag_s: float | None


#: How long a check that arrives while the server builds its index waits before it is told to
#: come back (503 "starting"); a small index is built well within it.
START_WAIT = 3.0


class IndexKeeper:
    """Owns one process's index: built once, then kept up with the change feed."""

    def __init__(self, *, background: bool = False) -> None:
        #: Built by the server in the background: until then a check is refused with
        #: ``StartingError`` (503) rather than made to wait for the whole build.
        self.background = background
        self._ready = threading.Event()
        self.index = CandidateIndex()
        self.built = False
        self._cursor: feed.FeedCursor | None = None
        self._lock = threading.Lock()
        self._local_commits = -1  # this process's committed changes at the last catch-up
        self._current_at: float | None = None  # monotonic start of the last catch-up
        self._loaded = 0
        self._total = 0

    @classmethod
    def keys_only(cls) -> IndexKeeper:
        """A keeper with an empty person index that counts as built: checks through it find
        records by key (document numbers, VINs, plates, serials) and no person by name. For
        work done before a server has built its index (the demo's seeding)."""
        keeper = cls()
        keeper.built = True
        keeper._local_commits = feed.local_commits()
        return keeper

    def build(self, session: Session) -> None:
        with self._lock:
            self._build(session)

    def _build(self, session: Session) -> None:
        started, local = time.monotonic(), feed.local_commits()
        cursor = feed.cursor_for(session.get_bind().dialect.name)
        cursor.start(session)  # before loading: a change the load misses is read again later
        active = select(func.count()).select_from(Record)
        active = active.where(Record.status == RecordStatus.ACTIVE, Record.kind == "person")
        self._total, self._loaded = session.execute(active).scalar_one(), 0
        index = CandidateIndex()
        for _, entry in _entries(session, None):
            self._loaded += 1
            if entry is not None:
                index.put(entry)
        index.compact()
        index.last_seq = cursor.position
        self.index, self._cursor, self.built = index, cursor, True
        self._local_commits, self._current_at = local, started
        self._ready.set()

    def catch_up(self, session: Session) -> int:
        """Apply every change committed since the last catch-up (building the index first if
        it is not built); returns how many records were reloaded."""
        with self._lock:
            if not self.built:
                self._build(session)
                return len(self.index)
            if self._cursor is None:  # an index filled by hand: follow the feed from its start
                self._cursor = feed.cursor_for(session.get_bind().dialect.name)
            started, local = time.monotonic(), feed.local_commits()
            batch = self._cursor.read(session)
            if batch.record_ids:
                for record_id, entry in _entries(session, batch.record_ids):
                    if entry is None:
                        self.index.remove(record_id)
                    else:
                        self.index.put(entry)
            self._cursor.advance(batch)
            self.index.last_seq = self._cursor.position
            self._local_commits, self._current_at = local, started
            return len(batch.record_ids)

    def settle(self, session: Session) -> None:
        """Before a check: catch up only if the index is not built or this process committed
        a record change since the last catch-up (the background follower does the rest)."""
        if self.built and self._local_commits == feed.local_commits():
            return
        if self.background and not self._ready.wait(START_WAIT):
            raise StartingError(int(100 * self.status().progress))
        self.catch_up(session)

    def status(self) -> KeeperStatus:
        progress = 1.0 if self.built else self._loaded / self._total if self._total else 0.0
        at = self._current_at
        return KeeperStatus(
            built=self.built,
            progress=progress,
            position=self._cursor.position if self._cursor is not None else 0,
            lag_s=None if at is None else max(0.0, time.monotonic() - at),
        )
