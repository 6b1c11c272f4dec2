"""Objects found through the database's key index, not held in any process's memory.

Documents, vehicles and firearms (and a person, by the number of one of its documents) are
found by exact keys (:func:`~clew.screening.keys.object_keys`): ``record_keys`` holds them as
``(SCREEN_KEY, key)`` rows under the ``(key, value)`` index, so one indexed query finds the
records behind a check's keys whatever the number of documents on watchlists (68 million as
Python objects would take ~86 GiB per process). Each record found is read as the index keeper
reads a person (:func:`clew.screening.sync.convert`): active, with its newest live alert, its
visibility countries and its owner's code; hidden records included, the caller decides.

Two lookups behind one interface:

- :class:`DatabaseKeys` asks the database at each call (a check, with its session);
- :class:`MemoryKeys` answers from a mapping filled beforehand: :func:`prefetch` reads every key
  of many checks in a few queries, before matching runs outside the database (a job) or in
  forked workers, which cannot share the parent's connection.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from clew.access.models import Agency
from clew.records.kinds import RecordStatus
from clew.records.models import Alert, Record, RecordKey
from clew.records.serials import SerialPattern, matching_records
from clew.screening import matcher
from clew.screening.documents import ocr_fold
from clew.screening.entries import Entry
from clew.screening.keys import KEY_LENGTH, SCREEN_KEY
from clew.screening.schemas import CheckRequest
from clew.screening.sync import ALERT_COLUMNS, RECORD_COLUMNS, convert
from clew.storage import utcnow

__all__ = [
    "DatabaseKeys",
    "MemoryKeys",
    "ObjectKeys",
    "document_key",
    "lookup",
    "lookup_serials",
    "prefetch",
    "request_keys",
]

CHUNK = 500  # keys per query: well under every backend's limit on bound parameters
MAX_PATTERN_RECORDS = 1000  # records a partial serial may bring to scoring


def document_key(number: str) -> str:
    """The key a document number is looked up by (what a record's ``doc:`` key holds)."""
    return f"doc:{ocr_fold(number.upper())}"


def request_keys(request: CheckRequest) -> list[str]:
    """Every key a check looks up: the numbers of a person's documents, a document's number,
    a vehicle's VIN and plate, a firearm's serial."""
    keys: list[str] = []
    if request.person:
        keys += [document_key(n) for n in matcher.person_query(request.person).document_numbers]
    if request.document:
        keys.append(
            document_key("".join(c for c in request.document.number.upper() if c.isalnum()))
        )
    if request.vehicle:
        keys += matcher.vehicle_keys(request.vehicle)
    if request.firearm:
        keys += matcher.firearm_keys(request.firearm)
    return list(dict.fromkeys(keys))


def lookup(session: Session, keys: Iterable[str]) -> dict[str, list[Entry]]:
    """The active records with a live alert stored under each key (a key with none is absent),
    by record id; a record stored under several of ``keys`` is read once."""
    wanted = sorted({key[:KEY_LENGTH] for key in keys})
    found: dict[str, list[Entry]] = defaultdict(list)
    today = utcnow().date()
    for start in range(0, len(wanted), CHUNK):
        # One query per chunk: the key index, then each record by its primary key and its
        # alerts by ``record_id`` (a key that is absent costs one index probe, as a query of
        # the index alone did). No alert status in SQL: SQLite's planner (no statistics) would
        # take the (status, review_on) index and scan every active alert; convert checks it.
        chunk = wanted[start : start + CHUNK]
        rows = session.execute(_FOUND, {"keys": chunk}).all()
        if not rows:
            continue
        alerts = [row[_ALERT] for row in rows]
        entries = {
            record_id: entry
            for record_id, entry in _convert(session, rows, today, alerts)
            if entry is not None
        }
        listed: set[tuple[str, int]] = set()  # a row per alert: each (key, record) once
        for row in rows:
            key, record_id = str(row[_KEY]), row[0]
            entry = entries.get(record_id)
            if entry is not None and (key, record_id) not in listed:
                listed.add((key, record_id))
                found[key].append(entry)
    return dict(found)


_ALERTS = tuple(column.label(f"alert_{column.key}") for column in ALERT_COLUMNS)
_FOUND = (
    select(*RECORD_COLUMNS, Agency.code, RecordKey.value.label("key"), *_ALERTS)
    .join(Record, Record.id == RecordKey.record_id)
    .join(Agency, Agency.id == Record.owner_agency_id)
    .join(Alert, Alert.record_id == Record.id)
    .where(RecordKey.key == SCREEN_KEY, RecordKey.value.in_(bindparam("keys", expanding=True)))
    .where(Record.status == RecordStatus.ACTIVE)
    .order_by(Record.id)
)
"""The records under some keys, a row per alert (built once: a single check's lookup would
spend more building the statement than the database spends answering it)."""
# A row of a lookup: the record (RECORD_COLUMNS), its owner's code, the key, an alert.
_OWNER = [column.key for column in RECORD_COLUMNS].index("owner_agency_id")
_CODE = len(RECORD_COLUMNS)
_KEY = _CODE + 1
_ALERT = slice(_KEY + 1, None)


def lookup_serials(session: Session, pattern: SerialPattern) -> list[Entry]:
    """The active firearm records with a live alert whose serial fits a partial serial, by the
    indexed search of :mod:`clew.records.serials` (hidden records included)."""
    rows = session.execute(
        select(*RECORD_COLUMNS, Agency.code)
        .join(Agency, Agency.id == Record.owner_agency_id)
        .where(Record.id.in_(matching_records(pattern)))
        .where(Record.status == RecordStatus.ACTIVE, Record.kind == "firearm")
        .order_by(Record.id)
        .limit(MAX_PATTERN_RECORDS)
    ).all()
    return [e for _, e in _convert(session, rows, utcnow().date()) if e is not None]


def _convert(
    session: Session,
    rows: Sequence[Row[*tuple[Any, ...]]],
    today: date,
    alerts: Iterable[Any] | None = None,
) -> Iterator[tuple[int, Entry | None]]:
    """Each record of ``rows`` (:data:`~clew.screening.sync.RECORD_COLUMNS`, its owner's
    code, then anything; a record repeated under several keys and alerts) once, as
    :func:`~clew.screening.sync.convert` reads it, with the ``alerts`` read beside them."""
    records = list({row[0]: row for row in rows}.values())
    codes = {row[_OWNER]: row[_CODE] for row in records}
    return convert(session, records, codes, today, set(), alerts)


class ObjectKeys(ABC):
    """Where a check finds records by exact key (and firearms by a partial serial)."""

    @abstractmethod
    def find(self, keys: Iterable[str]) -> list[Entry]:
        """The records under any of ``keys``, once each, by record id."""

    def find_serials(self, pattern: SerialPattern) -> list[Entry]:
        """The firearm records whose serial fits a partial serial (none unless looked up)."""
        return []

    @staticmethod
    def _unique(found: Iterable[Entry]) -> list[Entry]:
        return sorted({entry.record_id: entry for entry in found}.values(), key=_record_id)


def _record_id(entry: Entry) -> int:
    return entry.record_id


class DatabaseKeys(ObjectKeys):
    """Asks the database at each call, in the caller's session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, keys: Iterable[str]) -> list[Entry]:
        keys = list(keys)
        if not keys:
            return []
        return self._unique(e for entries in lookup(self.session, keys).values() for e in entries)

    def find_serials(self, pattern: SerialPattern) -> list[Entry]:
        return self._unique(lookup_serials(self.session, pattern))


class MemoryKeys(ObjectKeys):
    """Answers from a mapping of key -> entries (a prefetch; benchmarks and tests fill one by
    hand). A key the mapping lacks finds nothing."""

    def __init__(
        self,
        entries: Mapping[str, Sequence[Entry]] | None = None,
        serials: Mapping[str, Sequence[Entry]] | None = None,
    ) -> None:
        self.entries: Mapping[str, Sequence[Entry]] = entries or {}
        self.serials: Mapping[str, Sequence[Entry]] = serials or {}  # by pattern text

    def find(self, keys: Iterable[str]) -> list[Entry]:
        return self._unique(e for key in keys for e in self.entries.get(key[:KEY_LENGTH], ()))

    def find_serials(self, pattern: SerialPattern) -> list[Entry]:
        return self._unique(self.serials.get(pattern.text, ()))


def prefetch(session: Session, requests: Iterable[CheckRequest]) -> MemoryKeys:
    """Every record many checks can find by key or by a partial serial, read now."""
    requests = list(requests)
    patterns = {
        pattern.text: pattern
        for r in requests
        if r.firearm and (pattern := matcher.serial_pattern(r.firearm)) is not None
    }
    return MemoryKeys(
        lookup(session, (key for r in requests for key in request_keys(r))),
        {text: lookup_serials(session, pattern) for text, pattern in patterns.items()},
    )
