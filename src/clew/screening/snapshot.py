"""The person index on disk, mapped by every server process of a machine.

Building the index from the database takes minutes at a million persons and a full copy of
memory per process. Instead, the process that built it writes a *snapshot*: the compacted
postings (``indptr``, ``postings``), the per-slot arrays (``years``, ``dead``, ``record_ids``),
the vocabulary (each key's 64-bit BLAKE2b hash, sorted, with the key's bytes to confirm a hit)
and each slot's record as JSON (offsets + bytes, decoded on demand through a small LRU cache).
Every array is an ``.npy`` file opened with ``mmap_mode="r"``, so the pages are the operating
system's page cache, shared by every process that maps the same snapshot.

A snapshot is stamped with the change-feed position it reflects (the cursor's whole state:
:mod:`clew.records.feed`), the feed row at that position (its record and time, so that a
snapshot of another database, or of this one before it was emptied, is refused) and a format
version. It lives in one directory per database (:meth:`SnapshotStore.for_database`); each
snapshot is written to a temporary directory, renamed, and only then named in ``CURRENT``
(replaced atomically). Loading checks the version, the feed row, every file's size and digest
and the arrays' shapes; anything wrong and the snapshot is ignored: the caller builds fresh.

Slots are renumbered on writing: live records only, in record-id order (as a build from the
database lays them out), so ``record_ids`` is sorted and a record's slot is a binary search.

A snapshot holds the names on every watchlist, hidden records included: its directory is made
readable by its owner only (mode 0700).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from clew.records import feed
from clew.records.models import RecordChange
from clew.screening.entries import AlertInfo, Entry, screening_data
from clew.screening.index import CandidateIndex, Layout, Slots, folded_names

__all__ = ["FORMAT", "MappedBase", "SnapshotStore", "key_hash"]

log = logging.getLogger(__name__)

FORMAT = 2
"""Bumped whenever the files change meaning: a snapshot of another format is ignored (2: each
record carries its folded names)."""
ENTRY_CACHE = 20_000
"""Decoded records kept per process (a check decodes at most its ~100 best candidates)."""
KEEP = 2
"""Snapshots kept in a directory: the current one and the one before (a process may still be
opening it)."""
ARRAYS = (
    "indptr", "postings", "years", "dead", "record_ids", "hashes", "key_offsets", "key_bytes",
    "entry_offsets", "entry_bytes",
)  # fmt: skip
MANIFEST = "manifest.json"
CURRENT = "CURRENT"


def key_hash(text: str) -> int:
    """A key's 64-bit hash, the same in every process (unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def _hashes(keys: list[str]) -> npt.NDArray[np.uint64]:
    digests = b"".join(hashlib.blake2b(k.encode(), digest_size=8).digest() for k in keys)
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def _encode(entry: Entry) -> bytes:
    alert = entry.alert
    fields = [
        entry.record_id, entry.kind, entry.label, entry.owner_agency_id, entry.owner_code,
        entry.owner_country, entry.mode, sorted(entry.countries), entry.data,
        alert.alert_id, alert.category, alert.action, alert.handling_code,
        alert.expires_on.isoformat(),
        entry.folded if entry.folded is not None else folded_names(entry.data),
    ]  # fmt: skip
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


def _decode(raw: bytes) -> Entry:
    (record_id, kind, label, owner_id, owner_code, owner_country, mode, countries, data,
     alert_id, category, action, handling_code, expires_on, folded) = json.loads(raw)  # fmt: skip
    data = screening_data(data)
    entry = Entry(
        record_id, kind, label, owner_id, owner_code, owner_country, mode, frozenset(countries),
        data, AlertInfo(alert_id, category, action, handling_code, date.fromisoformat(expires_on)),
    )  # fmt: skip
    entry.folded = tuple(folded)  # folded when written: a check reads them for every candidate
    return entry


def _blob(parts: list[bytes]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    offsets = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum([len(p) for p in parts], out=offsets[1:])
    return offsets, np.frombuffer(b"".join(parts), dtype=np.uint8)


def _arrays(layout: Layout) -> dict[str, npt.NDArray[Any]]:
    """The snapshot's arrays: live slots renumbered in record-id order, keys in hash order."""
    records = np.array(
        [e.record_id if isinstance(e, Entry) else -1 for e in layout.entries], dtype=np.int64
    )
    for slot, item in enumerate(layout.entries):
        if isinstance(item, bytes):
            records[slot] = json.loads(item)[0]
    live = np.flatnonzero(~layout.dead[: len(records)] & (records >= 0))
    order = live[np.argsort(records[live], kind="stable")]
    renumber = np.full(len(records), -1, dtype=np.int32)
    renumber[order] = np.arange(len(order), dtype=np.int32)
    postings, old_indptr = renumber[layout.postings], layout.indptr
    alive = postings >= 0
    if not alive.all():  # slots that died since the last compaction: leave their postings out
        owners = np.repeat(np.arange(len(old_indptr) - 1), np.diff(old_indptr))
        postings = postings[alive]
        old_indptr = np.zeros_like(layout.indptr)
        np.cumsum(np.bincount(owners[alive], minlength=len(layout.keys)), out=old_indptr[1:])
    hashes = _hashes(layout.keys)
    by_hash = np.argsort(hashes, kind="stable")
    counts = np.diff(old_indptr)[by_hash]
    indptr = np.zeros(len(by_hash) + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    starts = old_indptr[:-1][by_hash]
    gather = np.repeat(starts - indptr[:-1], counts) + np.arange(indptr[-1], dtype=np.int64)
    key_offsets, key_bytes = _blob([layout.keys[int(k)].encode() for k in by_hash])
    raw = [layout.entries[int(s)] for s in order]
    entry_offsets, entry_bytes = _blob(
        [item if isinstance(item, bytes) else _encode(item) for item in raw if item is not None]
    )
    return {
        "indptr": indptr,
        "postings": np.ascontiguousarray(postings[gather], dtype=np.int32),
        "years": layout.years[order].astype(np.int16),
        "dead": np.zeros(len(order), dtype=np.bool_),
        "record_ids": records[order],
        "hashes": hashes[by_hash],
        "key_offsets": key_offsets,
        "key_bytes": key_bytes,
        "entry_offsets": entry_offsets,
        "entry_bytes": entry_bytes,
    }


def _digest(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "blake2b").hexdigest()


class MappedBase:
    """A snapshot's arrays mapped read-only: the :class:`~clew.screening.index.FrozenPart` an
    index stands on."""

    def __init__(self, arrays: dict[str, npt.NDArray[Any]]) -> None:
        self.indptr: npt.NDArray[np.int64] = arrays["indptr"]
        self.postings: Slots = arrays["postings"]
        self.years: npt.NDArray[np.int16] = arrays["years"]
        self.dead: npt.NDArray[np.bool_] = arrays["dead"]
        self.record_ids: npt.NDArray[np.int64] = arrays["record_ids"]
        self._hashes: npt.NDArray[np.uint64] = arrays["hashes"]
        self._key_offsets: npt.NDArray[np.int64] = arrays["key_offsets"]
        self._key_bytes: npt.NDArray[np.uint8] = arrays["key_bytes"]
        self._entry_offsets: npt.NDArray[np.int64] = arrays["entry_offsets"]
        self._entry_bytes: npt.NDArray[np.uint8] = arrays["entry_bytes"]
        self.size = len(self.record_ids)
        self.vocab_size = len(self._hashes)
        self.entry = functools.lru_cache(maxsize=ENTRY_CACHE)(self._entry)

    def _check(self) -> None:
        """Raise ``ValueError`` unless the arrays fit together."""
        size, vocab, postings = self.size, self.vocab_size, self.postings
        checks = [
            len(self.indptr) == vocab + 1 and int(self.indptr[-1]) == len(postings),
            len(self.years) == size and len(self.dead) == size,
            len(self._key_offsets) == vocab + 1 and len(self._entry_offsets) == size + 1,
            int(self._key_offsets[-1]) == len(self._key_bytes),
            int(self._entry_offsets[-1]) == len(self._entry_bytes),
            bool(np.all(np.diff(self.indptr) >= 0)),
            bool(np.all(np.diff(self.record_ids) > 0)),
            bool(np.all(self._hashes[1:] >= self._hashes[:-1])),
            not len(postings) or (int(postings.min()) >= 0 and int(postings.max()) < size),
        ]
        if not all(checks):
            raise ValueError("snapshot arrays do not fit together")

    def key(self, text: str) -> int | None:
        wanted = np.uint64(key_hash(text))
        at = int(np.searchsorted(self._hashes, wanted))
        raw = text.encode()
        while at < self.vocab_size and self._hashes[at] == wanted:
            if self._key_bytes[self._key_offsets[at] : self._key_offsets[at + 1]].tobytes() == raw:
                return at
            at += 1
        return None

    def keys_of(self, texts: list[str]) -> list[int | None]:
        """:meth:`key` of each text, with one binary search for all."""
        if not texts or not self.vocab_size:
            return [None] * len(texts)
        raws = [t.encode() for t in texts]
        wanted = np.frombuffer(
            b"".join(hashlib.blake2b(r, digest_size=8).digest() for r in raws), dtype="<u8"
        )
        places = np.searchsorted(self._hashes, wanted).tolist()
        hashes, offsets, data = self._hashes, self._key_offsets, self._key_bytes
        found: list[int | None] = []
        for raw, at, value in zip(raws, places, wanted.tolist(), strict=True):
            key = None
            while at < self.vocab_size and int(hashes[at]) == value:
                if data[offsets[at] : offsets[at + 1]].tobytes() == raw:
                    key = at
                    break
                at += 1
            found.append(key)
        return found

    def keys(self) -> Iterator[str]:
        data, offsets = self._key_bytes.tobytes(), self._key_offsets.tolist()
        for at in range(self.vocab_size):
            yield data[offsets[at] : offsets[at + 1]].decode()

    def raw(self, slot: int) -> bytes:
        start, end = self._entry_offsets[slot], self._entry_offsets[slot + 1]
        return self._entry_bytes[start:end].tobytes()

    def _entry(self, slot: int) -> Entry:
        return _decode(self.raw(slot))

    def slot_of(self, record_id: int) -> int | None:
        at = int(np.searchsorted(self.record_ids, record_id))
        if at < self.size and int(self.record_ids[at]) == record_id:
            return at
        return None


def _cursor_state(cursor: feed.FeedCursor) -> dict[str, Any]:
    state: dict[str, Any] = {"position": cursor.position}
    if isinstance(cursor, feed.SnapshotCursor):
        state |= {"horizon": cursor.horizon, "seen": sorted(cursor.seen)}
    return state


def _restore(dialect: str, state: dict[str, Any]) -> feed.FeedCursor:
    cursor = feed.cursor_for(dialect)
    cursor.position = int(state["position"])
    if isinstance(cursor, feed.SnapshotCursor):
        cursor.horizon = int(state["horizon"])
        cursor.seen = frozenset(int(seq) for seq in state["seen"])
    return cursor


def _anchor(session: Session, position: int) -> list[Any] | None:
    """The feed row at ``position`` as [record id, time]: what ties a snapshot to a database's
    history (None when there is no such row). An empty feed has none: nothing worth sharing,
    and nothing to tell one empty database's snapshot from another's, so none is written."""
    row = session.execute(
        select(RecordChange.record_id, RecordChange.at).where(RecordChange.seq == position)
    ).one_or_none()
    return None if row is None else [row.record_id, row.at.isoformat()]


class SnapshotStore:
    """The snapshots of one database in one directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def for_database(cls, root: Path, url: str) -> SnapshotStore | None:
        """The directory of the database at ``url`` under ``root`` (the password left out);
        None for an in-memory SQLite database, which no other process can see."""
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and (
            not parsed.database or ":memory:" in parsed.database or "mode=memory" in url
        ):
            return None
        shown = parsed.render_as_string(hide_password=True)
        return cls(root / hashlib.blake2b(shown.encode(), digest_size=8).hexdigest())

    @contextlib.contextmanager
    def exclusive(self, *, wait: bool = True) -> Iterator[bool]:
        """Hold the directory's lock (one builder or writer per machine); yields whether it
        was taken: always when ``wait``, unless the directory cannot be written)."""
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            file = (self.directory / "lock").open("a")
        except OSError as error:
            log.warning("screening index snapshots unavailable: %s", error.strerror)
            yield False
            return
        with file:
            try:
                fcntl.flock(file, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(file, fcntl.LOCK_UN)

    def write(
        self, index: CandidateIndex, cursor: feed.FeedCursor, session: Session
    ) -> Path | None:
        """Write ``index`` as the current snapshot, stamped with ``cursor``; returns its path
        (None when the feed is empty: see :func:`_anchor`)."""
        anchor = _anchor(session, cursor.position)
        if anchor is None:
            return None
        arrays = _arrays(index.layout())
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = self.directory / f"tmp-{os.getpid()}-{secrets.token_hex(4)}"
        temporary.mkdir()
        try:
            files: dict[str, list[Any]] = {}
            for name, values in arrays.items():
                path = temporary / f"{name}.npy"
                np.save(path, values, allow_pickle=False)
                files[name] = [path.stat().st_size, _digest(path)]
            manifest = {
                "format": FORMAT,
                "dialect": session.get_bind().dialect.name,
                "cursor": _cursor_state(cursor),
                "anchor": anchor,
                "files": files,
            }
            (temporary / MANIFEST).write_text(json.dumps(manifest))
            final = self.directory / f"snap-{cursor.position}-{secrets.token_hex(4)}"
            temporary.rename(final)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        pointer = self.directory / f"{CURRENT}.{os.getpid()}"
        pointer.write_text(final.name)
        os.replace(pointer, self.directory / CURRENT)
        self._prune(final.name)
        return final

    def _prune(self, current: str) -> None:
        snapshots = sorted(
            (p for p in self.directory.glob("snap-*") if p.name != current),
            key=lambda p: p.stat().st_mtime,
        )
        for old in snapshots[: max(0, len(snapshots) - (KEEP - 1))]:
            shutil.rmtree(old, ignore_errors=True)
        for stale in self.directory.glob("tmp-*"):
            with contextlib.suppress(OSError, ValueError):
                if not _alive(int(stale.name.split("-")[1])):
                    shutil.rmtree(stale, ignore_errors=True)

    def load(self, session: Session) -> tuple[CandidateIndex, feed.FeedCursor] | None:
        """The current snapshot mapped as an index, with the cursor to catch up from; None
        when there is none, or it is of another format or database, or damaged."""
        try:
            name = (self.directory / CURRENT).read_text().strip()
        except OSError:
            return None
        try:
            return self._load(self.directory / name, session)
        except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
            log.warning("screening index snapshot ignored: %s", type(error).__name__)
            return None

    def _load(self, path: Path, session: Session) -> tuple[CandidateIndex, feed.FeedCursor]:
        manifest = json.loads((path / MANIFEST).read_text())
        dialect = session.get_bind().dialect.name
        if manifest.get("format") != FORMAT or manifest.get("dialect") != dialect:
            raise ValueError("another format or database")
        cursor = _restore(dialect, manifest["cursor"])
        anchor = _anchor(session, cursor.position)
        if anchor is None or manifest["anchor"] != anchor:
            raise ValueError("a snapshot of another database history")
        arrays: dict[str, npt.NDArray[Any]] = {}
        for name in ARRAYS:
            file = path / f"{name}.npy"
            size, digest = manifest["files"][name]
            if file.stat().st_size != size or _digest(file) != digest:
                raise ValueError("a damaged file")
            arrays[name] = np.asarray(np.load(file, mmap_mode="r", allow_pickle=False))
        base = MappedBase(arrays)
        base._check()
        index = CandidateIndex.over(base)
        index.last_seq = cursor.position
        return index, cursor


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
