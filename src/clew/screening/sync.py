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

With a :class:`~clew.screening.snapshot.SnapshotStore` (the server's), ``build`` first maps the
database's current snapshot, if a valid one exists, and catches up from the feed position it
is stamped with; otherwise it builds from the database and writes a snapshot for the other
processes (one builder per machine at a time: the others wait, then map what it wrote). A
large index (``CHILD_BUILD`` persons or more) is built by a helper process that writes the
snapshot and exits, so that the server's own memory holds only the mapped snapshot (a Python
process does not give back the heap a build fragmented). When the changes put since the
snapshot grow large, a process maps a newer snapshot or writes one.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import logging
import multiprocessing
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from clew.access.models import Agency
from clew.errors import StartingError
from clew.records import feed
from clew.records.kinds import AlertStatus, RecordStatus, VisibilityMode
from clew.records.models import Alert, Record, RecordCountry
from clew.screening.entries import AlertInfo, Entry, screening_data
from clew.screening.index import DELTA_LIMIT, CandidateIndex
from clew.screening.snapshot import SnapshotStore
from clew.storage import Database, utcnow

__all__ = [
    "ALERT_COLUMNS",
    "RECORD_COLUMNS",
    "IndexKeeper",
    "KeeperStatus",
    "RecordFields",
    "convert",
]

CHUNK = 5000
REFRESH = DELTA_LIMIT // 2
"""Postings put since the mapped snapshot past which a fresh snapshot is mapped or written
(before the index would compact them into a private copy)."""

CHILD_BUILD = 50_000
"""Active persons from which a snapshot is built by a helper process (below, in-process)."""

log = logging.getLogger(__name__)


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

ALERT_COLUMNS = (
    Alert.id, Alert.record_id, Alert.category, Alert.action, Alert.handling_code, Alert.status,
    Alert.expires_on,
)  # fmt: skip
"""The columns of ``alerts`` a record's live alert is chosen and built from, in the order
:func:`convert` reads them."""


def convert(session: Session, records: Sequence[RecordFields] | Sequence[Row[Any]],
            codes: dict[int, str], today: date, seen: set[int],
            alerts: Iterable[Any] | None = None) -> Iterator[tuple[int, Entry | None]]:  # fmt: skip
    """(record id, its entry, or None without a live alert) for each record, in order.

    ``records`` are ORM records, or rows that open with :data:`RECORD_COLUMNS` (read by
    position: a check that finds hundreds of records pays per object loaded and per attribute
    read). A record's alert is its newest live one (active, not expired on ``today``), whatever
    the order ``alerts`` come in: rows of :data:`ALERT_COLUMNS` read with the records (a lookup
    joins them, one query instead of two), or None to read them here. Only a record with a live
    alert that is shown to some countries has its visibility countries read (a record for every
    country has none: the schema refuses them)."""
    if not records:
        return
    width, by_name = len(RECORD_COLUMNS), attrgetter(*(c.key for c in RECORD_COLUMNS))
    fields = [r[:width] if isinstance(r, Row) else by_name(r) for r in records]
    if alerts is None:
        # By record only, the status checked here: with a status filter SQLite's planner (no
        # statistics) took the (status, review_on) index and scanned every active alert per call.
        ids = [f[0] for f in fields]
        alerts = session.execute(select(*ALERT_COLUMNS).where(Alert.record_id.in_(ids)))
    live: dict[int, AlertInfo] = {}
    for alert_id, record_id, category, action, handling_code, status, expires_on in alerts:
        if status == AlertStatus.ACTIVE and expires_on >= today:
            newest = live.get(record_id)
            if newest is None or alert_id > newest.alert_id:
                live[record_id] = AlertInfo(alert_id, category, action, handling_code, expires_on)
    countries: dict[int, set[str]] = {}
    shown = [f[0] for f in fields if f[0] in live and f[5] != VisibilityMode.ALL]
    if shown:
        listed = select(RecordCountry.record_id, RecordCountry.country)
        for record_id, country in session.execute(listed.where(RecordCountry.record_id.in_(shown))):
            countries.setdefault(record_id, set()).add(country)
    for record_id, kind, label, owner, owner_country, mode, data in fields:
        seen.add(record_id)
        current = live.get(record_id)
        if current is None:
            yield record_id, None
            continue
        yield record_id, Entry(
            record_id=record_id, kind=kind, label=label, owner_agency_id=owner,
            owner_code=codes.get(owner, "?"), owner_country=owner_country, mode=mode,
            countries=frozenset(countries.get(record_id, ())),
            data=screening_data(json.loads(data)), alert=current,
        )  # fmt: skip


def _release_memory() -> None:
    """Collect, then ask the C allocator to return free pages to the system (glibc only)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _build_snapshot(url: str, directory: Path, progress: Any) -> None:
    """In a helper process: build the index of the database at ``url`` and write its snapshot
    to ``directory`` (the caller holds the directory's lock); ``progress`` is a shared
    [loaded, total]."""
    database = Database(url)
    try:
        keeper = IndexKeeper()

        def report(loaded: int, total: int) -> None:
            progress[0], progress[1] = loaded, total

        keeper._on_progress = report
        with database.reading() as session:
            keeper.build(session)
            assert keeper._cursor is not None
            SnapshotStore(directory).write(keeper.index, keeper._cursor, session)
    finally:
        database.dispose()


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

    def __init__(self, *, background: bool = False, snapshots: SnapshotStore | None = None) -> None:
        #: Built by the server in the background: until then a check is refused with
        #: ``StartingError`` (503) rather than made to wait for the whole build.
        self.background = background
        #: Where this database's index snapshots are mapped from and written to (None: build
        #: from the database, keep nothing).
        self.snapshots = snapshots
        self.mapped_at: int | None = None  # the feed position of the snapshot mapped
        self.from_snapshot = False  # started from a snapshot another start wrote
        self._on_progress: Callable[[int, int], None] | None = None
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
            self._start(session)

    def _start(self, session: Session) -> None:
        if self.snapshots is None:
            self._build(session)
            return
        if self._map(session):
            return
        with self.snapshots.exclusive() as held:  # another process building: wait, then map
            if held and self._map(session):
                return
            large = held and self._active(session) >= CHILD_BUILD
            if large and self._build_elsewhere(session) and self._map(session):
                return
            self._build(session)
            if held:
                self._save(session)

    @staticmethod
    def _active(session: Session) -> int:
        active = select(func.count()).select_from(Record)
        active = active.where(Record.status == RecordStatus.ACTIVE, Record.kind == "person")
        return int(session.execute(active).scalar_one())

    def _build_elsewhere(self, session: Session) -> bool:
        """Build and write the snapshot in a helper process; whether it succeeded."""
        assert self.snapshots is not None
        url = session.get_bind().engine.url.render_as_string(hide_password=False)
        context = multiprocessing.get_context("spawn")
        progress = context.Array("q", 2)
        helper = context.Process(
            target=_build_snapshot, args=(url, self.snapshots.directory, progress),
            name="clew-index-build", daemon=True,
        )  # fmt: skip
        helper.start()
        while helper.is_alive():
            helper.join(0.5)
            self._loaded, self._total = progress[0], progress[1]
        if helper.exitcode != 0:
            log.warning("screening index helper failed (exit %s): building here", helper.exitcode)
        return helper.exitcode == 0

    def _map(self, session: Session) -> bool:
        """Stand on the current snapshot, caught up; False when there is no valid one."""
        assert self.snapshots is not None
        loaded = self.snapshots.load(session)
        if loaded is None:
            return False
        self.index, self._cursor = loaded
        self.mapped_at, self.from_snapshot = self._cursor.position, True
        self._apply(session)
        self._total = self._loaded = len(self.index)
        self.built = True
        self._ready.set()
        return True

    def _save(self, session: Session) -> None:
        """Write the index as the current snapshot and stand on it (the same records)."""
        assert self.snapshots is not None and self._cursor is not None
        try:
            if self.snapshots.write(self.index, self._cursor, session) is None:
                return
        except Exception:  # the index itself is fine: serve it, and build again next start
            log.exception("screening index snapshot not written")
            return
        loaded = self.snapshots.load(session)
        if loaded is not None:
            self.index = loaded[0]
            self.mapped_at = self._cursor.position
            _release_memory()  # the built copy is garbage now: give its pages back

    def _refresh(self, session: Session) -> None:
        """Many changes since the snapshot: map a newer one, or write one (unless another
        process is writing)."""
        assert self.snapshots is not None
        with self.snapshots.exclusive(wait=False) as mine:
            if not mine:
                return
            loaded = self.snapshots.load(session)
            if loaded is not None and loaded[1].position > (self.mapped_at or 0):
                self.index, self._cursor = loaded
                self.mapped_at = self._cursor.position
                self._apply(session)
            else:
                self._save(session)

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
            if self._on_progress is not None and self._loaded % CHUNK == 0:
                self._on_progress(self._loaded, self._total)
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
                self._start(session)
                return len(self.index)
            changed = self._apply(session)
            if self.snapshots is not None and self.index.delta_size > REFRESH:
                self._refresh(session)
            return changed

    def _apply(self, session: Session) -> int:
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
