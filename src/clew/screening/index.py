"""The in-memory candidate index of one server process.

Persons are found by their name parts: every folded form of every part (the native script
transliterated, each Latin form, aliases), plus each part's one-deletion variants so that one
typo — a wrong, missing or extra letter — still meets (the symmetric-delete idea). Objects are
not held here: they are found by exact keys (:func:`~clew.screening.keys.object_keys`) through
the database's key index (:mod:`clew.screening.objects`), and so is a person by the number of
one of its documents; the memory of a process does not grow with the documents on watchlists.
Candidates are ranked by the rarity of the parts they share (a rare surname
counts more than "Ivan") and, when the query gives a year of birth, those born within a year of
it go first among the best by name; only the best few are scored.

The index holds *every* active person, hidden ones included: the caller decides what to show
(see :func:`~clew.screening.entries.can_see`) and the owner of a hidden record is told silently.
Updates and cancellations replace or drop one record's entries without a rebuild.

**Layout** (a million persons hold about 60 million name-part postings, which as Python sets
took 6.7 GB). Each record gets a *slot*, a dense integer; a slot is never reused, and a record
that is updated moves to a new slot while its old one is marked dead. Name-part keys are
interned to integers, and postings are numpy arrays in CSR form (``indptr``, ``slots``), built
vectorised by :meth:`CandidateIndex.compact`. Records put after the last compaction wait in a
small delta (per key, a list of slots) that queries read too; the delta is folded into the
arrays when it grows past ``DELTA_LIMIT`` postings, or at the first query after a bulk load.
Per slot, numpy arrays hold the year of birth (0 when unknown) and whether the slot is dead.
Ranking is vectorised: each query part's postings add its rarity into a scratch array of one
float per slot (one per thread).

**Shared base.** An index may stand on a read-only :class:`FrozenPart` (a snapshot mapped from
disk, :mod:`clew.screening.snapshot`) that every process of a machine shares page for page: its
postings and vocabulary are read in place, and its records are decoded on demand. Slots below
``base.size`` and keys below ``base.vocab_size`` are the base's; records put afterwards take
new slots and, for new name parts, new keys, held by this process. A base slot that is updated
or cancelled is marked dead in this process's own copy of the (small) per-slot arrays.
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from clew.names.fold import fold
from clew.names.search import search_keys
from clew.screening.entries import Entry
from clew.screening.keys import object_keys

__all__ = [
    "CandidateIndex",
    "FrozenPart",
    "Layout",
    "birth_year",
    "deletions",
    "folded_names",
    "object_keys",
    "person_tokens",
]

MIN_DELETION_LENGTH = 4
POOL = 2000
DELTA_LIMIT = 200_000
NEAR = 0.7  # what a part met through a one-letter difference counts, against 1 for the part

Slots = npt.NDArray[np.int32]
_EMPTY: Slots = np.zeros(0, dtype=np.int32)


def deletions(token: str) -> set[str]:
    """The token with each one letter left out (for tokens of 4+ letters)."""
    if len(token) < MIN_DELETION_LENGTH:
        return set()
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def _name_texts(data: dict[str, Any]) -> list[str]:
    texts: list[str] = []
    for name in data.get("names") or []:
        if isinstance(name, dict):
            texts += [str(name.get(k) or "") for k in ("full", "given", "family")]
    return texts


def folded_names(data: dict[str, Any]) -> tuple[str, ...]:
    """Each name's full text, folded (what the matcher's quick comparison reads)."""
    names = data.get("names") or []
    return tuple(fold(str(n.get("full") or "")) for n in names if isinstance(n, dict))


def person_tokens(data: dict[str, Any]) -> set[str]:
    """The retrieval keys of a record's names (:func:`clew.names.search.search_keys`, which a
    query's names go through too): folded words and their passport forms, national
    romanisations, consonant keys across Arabic script and Latin, given-name groups."""
    return search_keys(text for text in _name_texts(data) if text)


def birth_year(data: dict[str, Any]) -> int:
    """The year of a record's date of birth, 0 when it has none that reads as one."""
    born = str(data.get("date_of_birth") or "")[:4]
    return int(born) if born.isdigit() else 0


SORT_SHARE = 256
"""A query's touched slots are sorted while they are fewer than one in this many slots of the
index; above that, found in one pass over the weights (:meth:`CandidateIndex._touched`)."""


class _Scratch(threading.local):
    """One float per slot for adding up a query's weights; per thread, so concurrent checks do
    not share it. Left all zero after each use."""

    def __init__(self) -> None:
        self.weights = np.zeros(0, dtype=np.float32)
        self.part = np.zeros(0, dtype=np.float32)

    def ensure(self, size: int) -> None:
        if len(self.weights) < size:
            self.weights = np.zeros(size + 65_536, dtype=np.float32)
            self.part = np.zeros(size + 65_536, dtype=np.float32)


class FrozenPart(Protocol):
    """The read-only base an index may stand on: slots ``0..size-1``, keys ``0..vocab_size-1``
    (postings in CSR form: ``indptr``, ``postings``), per slot the year of birth and whether it
    is dead, and the slot's record decoded on demand."""

    size: int
    vocab_size: int
    indptr: npt.NDArray[np.int64]
    postings: Slots
    years: npt.NDArray[np.int16]
    dead: npt.NDArray[np.bool_]
    record_ids: npt.NDArray[np.int64]  # per slot, ascending

    def key(self, text: str) -> int | None: ...
    def keys_of(self, texts: list[str]) -> list[int | None]: ...  # many at once
    def keys(self) -> Iterator[str]: ...  # in key order
    def entry(self, slot: int) -> Entry: ...
    def raw(self, slot: int) -> bytes: ...  # the slot's record as stored
    def slot_of(self, record_id: int) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Layout:
    """A compacted index as arrays (what a snapshot writes): the keys in key order, postings
    in CSR form, and per slot the year, whether dead, and the entry (for a base slot, its
    stored bytes; None when dead)."""

    keys: list[str]
    indptr: npt.NDArray[np.int64]
    postings: Slots
    years: npt.NDArray[np.int16]
    dead: npt.NDArray[np.bool_]
    entries: list[Entry | bytes | None]


class _Entries(Mapping[int, Entry]):
    """The live records of an index by id: those put in this process and the base's."""

    def __init__(self, index: CandidateIndex) -> None:
        self._index = index

    def __getitem__(self, record_id: int) -> Entry:
        entry = self._index.get(record_id)
        if entry is None:
            raise KeyError(record_id)
        return entry

    def __contains__(self, record_id: object) -> bool:
        return isinstance(record_id, int) and self._index.slot(record_id) is not None

    def __iter__(self) -> Iterator[int]:
        index = self._index
        yield from list(index._own)
        if index._base is not None:
            dead = np.frombuffer(index._dead, dtype=np.int8)[: index._first]
            for slot in np.flatnonzero(dead == 0):
                yield int(index._base.record_ids[slot])

    def __len__(self) -> int:
        return self._index._live


class CandidateIndex:
    """Postings from name parts to persons; thread-safe for one writer."""

    def __init__(self) -> None:
        self.entries: Mapping[int, Entry] = _Entries(self)
        self.last_seq = 0
        self._lock = threading.RLock()
        self._base: FrozenPart | None = None
        self._first = 0  # the first slot of this process's own (the base's size)
        self._first_key = 0  # the first key of this process's own (the base's vocabulary)
        self._own: dict[int, Entry] = {}  # records put in this process
        self._live = 0
        # Slots: the entry (None once dead), its year of birth, whether it is dead.
        self._slot_of: dict[int, int] = {}
        self._slot_entries: list[Entry | None] = []  # from slot ``_first`` on
        self._years = array("h")
        self._dead = array("b")
        # Name-part keys: "=" + part (exact) and "~" + a one-deletion variant, interned.
        self._vocab: dict[str, int] = {}
        self._indptr = np.zeros(1, dtype=np.int64)
        self._postings: Slots = _EMPTY
        self._pending_keys = array("i")  # bulk loads: (key, slot) pairs not yet compacted
        self._pending_slots = array("i")
        self._delta: dict[int, list[int]] = defaultdict(list)  # live updates after compaction
        self._delta_size = 0
        self._compacted = False
        self._years_np = np.zeros(0, dtype=np.int16)
        self._dead_np = np.zeros(0, dtype=np.bool_)
        self._scratch = _Scratch()

    @classmethod
    def over(cls, base: FrozenPart) -> CandidateIndex:
        """An index standing on ``base``, read in place (only the per-slot arrays are copied:
        two bytes and one a slot)."""
        index = cls()
        index._base = base
        index._first, index._first_key = base.size, base.vocab_size
        index._indptr, index._postings = base.indptr, base.postings
        index._years = array("h", np.asarray(base.years, dtype=np.int16).tobytes())
        index._dead = array("b", np.asarray(base.dead, dtype=np.int8).tobytes())
        index._years_np = np.frombuffer(index._years, dtype=np.int16).copy()
        index._dead_np = np.frombuffer(index._dead, dtype=np.int8).astype(np.bool_)
        index._live = base.size - int(np.count_nonzero(base.dead))
        index._compacted = True
        return index

    def __len__(self) -> int:
        return self._live

    @property
    def shared(self) -> bool:
        """Whether the postings are still read from a shared base (no private compaction)."""
        return self._base is not None and self._postings is self._base.postings

    @property
    def delta_size(self) -> int:
        """Postings put since the last compaction (or since the base)."""
        return self._delta_size + len(self._pending_keys)

    def slot(self, record_id: int) -> int | None:
        """The live slot of a record, None when the index does not hold it."""
        slot = self._slot_of.get(record_id)
        if slot is None and self._base is not None:
            slot = self._base.slot_of(record_id)
            if slot is not None and self._dead[slot]:
                return None
        return slot

    def get(self, record_id: int) -> Entry | None:
        entry = self._own.get(record_id)
        if entry is None and self._base is not None:
            slot = self.slot(record_id)
            return None if slot is None else self._base.entry(slot)
        return entry

    def _entry(self, slot: int) -> Entry | None:
        if slot >= self._first:
            return self._slot_entries[slot - self._first]
        if self._dead[slot] or self._base is None:
            return None
        return self._base.entry(slot)

    # --- writing ------------------------------------------------------------------------------

    def _find(self, text: str) -> int | None:
        key = self._vocab.get(text)
        if key is None and self._base is not None:
            key = self._base.key(text)
        return key

    def _key(self, text: str) -> int:
        key = self._find(text)
        if key is None:
            key = self._vocab[text] = self._first_key + len(self._vocab)
        return key

    def _vocab_size(self) -> int:
        return self._first_key + len(self._vocab)

    def put(self, entry: Entry) -> None:
        """Add a person, or replace what the index held for it (an object is refused: objects
        are looked up in the database)."""
        if entry.kind != "person":
            raise ValueError(f"the index holds persons, not a {entry.kind}")
        tokens = person_tokens(entry.data)
        entry.folded = folded_names(entry.data)  # fold is cached: nearly free here
        parts = {"=" + t for t in tokens} | {"~" + d for t in tokens for d in deletions(t)}
        with self._lock:
            self._drop(entry.record_id)
            slot = self._first + len(self._slot_entries)
            self._slot_entries.append(entry)
            self._years.append(birth_year(entry.data) if entry.kind == "person" else 0)
            self._dead.append(0)
            self._slot_of[entry.record_id] = slot
            self._own[entry.record_id] = entry
            self._live += 1
            ids = [self._key(part) for part in parts]
            if self._compacted:
                for key in ids:
                    self._delta[key].append(slot)
                self._delta_size += len(ids)
            else:
                self._pending_keys.extend(ids)
                self._pending_slots.extend([slot] * len(ids))

    def put_many(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.put(entry)
        self.compact()

    def remove(self, record_id: int) -> None:
        with self._lock:
            self._drop(record_id)

    def _drop(self, record_id: int) -> None:
        slot = self._slot_of.pop(record_id, None)
        if slot is not None:
            del self._own[record_id]
            self._slot_entries[slot - self._first] = None
        else:
            slot = self.slot(record_id)  # a base slot, masked in this process only
            if slot is None:
                return
        self._live -= 1
        self._dead[slot] = 1
        if slot < len(self._dead_np):
            self._dead_np[slot] = True

    def compact(self) -> None:
        """Fold the pending and delta postings into the CSR arrays, dropping dead slots
        (vectorised: one stable sort of every (key, slot) pair)."""
        with self._lock:
            self._compact()

    def _compact(self) -> None:
        vocab = self._vocab_size()
        counts = np.diff(self._indptr)
        old_keys = np.repeat(np.arange(len(counts), dtype=np.int32), counts)
        delta_keys = np.fromiter(
            (k for k, slots in self._delta.items() for _ in slots), dtype=np.int32
        )
        delta_slots = np.fromiter(
            (s for slots in self._delta.values() for s in slots), dtype=np.int32
        )
        keys = np.concatenate(
            [old_keys, np.frombuffer(self._pending_keys, dtype=np.int32), delta_keys]
        )
        slots = np.concatenate(
            [self._postings, np.frombuffer(self._pending_slots, dtype=np.int32), delta_slots]
        )
        dead = np.frombuffer(self._dead, dtype=np.int8).astype(np.bool_)
        alive = ~dead[slots]
        keys, slots = keys[alive], slots[alive]
        order = np.argsort(keys, kind="stable")
        self._postings = np.ascontiguousarray(slots[order])
        indptr = np.zeros(vocab + 1, dtype=np.int64)
        np.cumsum(np.bincount(keys, minlength=vocab), out=indptr[1:])
        self._indptr = indptr
        self._pending_keys = array("i")
        self._pending_slots = array("i")
        self._delta = defaultdict(list)
        self._delta_size = 0
        self._years_np = np.frombuffer(self._years, dtype=np.int16).copy()
        self._dead_np = dead
        self._compacted = True

    def layout(self) -> Layout:
        """The index compacted, as arrays (copies of the per-slot arrays; the postings may
        still hold slots that died since the last compaction)."""
        with self._lock:
            if self.delta_size:
                self._compact()
            base = list(self._base.keys()) if self._base is not None else []
            entries: list[Entry | bytes | None] = [
                None if self._dead[slot] or self._base is None else self._base.raw(slot)
                for slot in range(self._first)
            ]
            return Layout(
                keys=base + list(self._vocab),
                indptr=self._indptr,
                postings=self._postings,
                years=self._years_np.copy(),
                dead=self._dead_np.copy(),
                entries=entries + list(self._slot_entries),
            )

    # --- reading ------------------------------------------------------------------------------

    def _ready(self) -> None:
        """Compact after a bulk load or when the live delta has grown large; keep the per-slot
        arrays as long as the slots."""
        if len(self._pending_keys) or self._delta_size > DELTA_LIMIT:
            self._compact()
        elif len(self._years_np) < len(self._years):
            self._years_np = np.frombuffer(self._years, dtype=np.int16).copy()
            self._dead_np = np.frombuffer(self._dead, dtype=np.int8).astype(np.bool_)

    def _query_keys(self, query: Iterable[str]) -> dict[str, int | None]:
        """The key of every text a query's parts look up (one batch against the base)."""
        texts: set[str] = set()
        for token in query:
            variants = deletions(token)
            texts.add("=" + token)
            texts.update("~" + v for v in (*variants, token))
            texts.update("=" + v for v in variants)
        found: dict[str, int | None] = {t: self._vocab.get(t) for t in texts}
        if self._base is not None:
            rest = [t for t, key in found.items() if key is None]
            found.update(zip(rest, self._base.keys_of(rest), strict=True))
        return found

    def _slots(self, text: str, keys: dict[str, int | None] | None = None) -> list[Slots]:
        key = self._find(text) if keys is None else keys.get(text)
        if key is None:
            return []
        found = (
            [self._postings[self._indptr[key] : self._indptr[key + 1]]]
            if (key + 1 < len(self._indptr))
            else []
        )
        extra = self._delta.get(key)
        if extra:
            found.append(np.array(extra, dtype=np.int32))
        return [f for f in found if len(f)]

    def person_candidates(
        self, names: Iterable[str], *, birth_year: int | None = None, limit: int = 100
    ) -> list[Entry]:
        """Persons sharing name parts with the query, best first (rare parts weigh more).

        With a year of birth, among the best ``POOL`` by name those born within a year of it
        come first: among a million persons the namesakes of a common name would otherwise
        crowd the right one out.
        """
        query = search_keys(names)
        with self._lock:
            self._ready()
            total = max(self._live, 1)
            scratch = self._scratch
            scratch.ensure(len(self._years_np))
            weights, part = scratch.weights, scratch.part
            touched: list[Slots] = []
            keys = self._query_keys(query)
            for token in query:
                exact = self._slots("=" + token, keys)
                variants = deletions(token)
                near = [s for v in (*variants, token) for s in self._slots("~" + v, keys)]
                near += [s for v in variants for s in self._slots("=" + v, keys)]
                if not exact and not near:
                    continue
                if near:
                    size = sum(len(s) for s in near)
                    value = NEAR * math.log(1 + total / size)
                    for slots in near:
                        part[slots] = value
                if exact:
                    value = math.log(1 + total / sum(len(s) for s in exact))
                    for slots in exact:
                        part[slots] = value
                ids = (
                    np.concatenate(exact + near)
                    if len(exact) + len(near) > 1
                    else (exact or near)[0]
                )
                weights[ids] += part[ids]  # repeated slots add once: the sum is buffered
                part[ids] = 0.0
                touched.append(ids)
            if not touched:
                return []
            ids = self._touched(touched, weights)
            score = weights[ids]
            weights[ids] = 0.0
            score[self._dead_np[ids]] = -1.0
            chosen = self._rank(ids, score, birth_year, limit)
            found = [self._entry(int(s)) for s in chosen]
        return [entry for entry in found if entry is not None]

    @staticmethod
    def _touched(touched: list[Slots], weights: npt.NDArray[np.float32]) -> Slots:
        """Every slot a query touched, once, in order. A touched slot's weight is above zero and
        every other is zero (the scratch is left all zero after each use), so when the slots
        are many (the common names of a million persons: 21% of a check went to sorting them)
        one pass over the weights replaces the sort; few slots are sorted. At a million slots
        the pass costs 0.5-1.6 ms and sorting 5,000 / 20,000 / 60,000 slots 0.7 / 2.3 / 8.5 ms:
        the two meet near one slot in 256."""
        if sum(len(slots) for slots in touched) * SORT_SHARE < len(weights):
            return np.unique(np.concatenate(touched))
        return np.flatnonzero(weights > 0).astype(np.int32)

    @staticmethod
    def _top(score: npt.NDArray[np.float32], count: int) -> npt.NDArray[np.intp]:
        """Positions of the ``count`` best scores, best first (ties by position)."""
        if len(score) > count:
            best = np.argpartition(-score, count - 1)[:count]
        else:
            best = np.arange(len(score))
        return best[np.lexsort((best, -score[best]))]

    def _rank(
        self, ids: Slots, score: npt.NDArray[np.float32], year: int | None, limit: int
    ) -> Slots:
        if year is None:
            best = self._top(score, limit)
            return ids[best][score[best] >= 0]
        pool = self._top(score, POOL)
        pool = pool[score[pool] >= 0]
        ids, score = ids[pool], score[pool]
        bonus = float(score.max()) if len(score) else 0.0
        born = self._years_np[ids].astype(np.int32)
        close = (born != 0) & (np.abs(born - year) <= 1)
        ranked = score + np.float32(bonus) * close
        return ids[self._top(ranked.astype(np.float32), limit)]
