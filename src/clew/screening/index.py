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
"""

from __future__ import annotations

import math
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import numpy as np
import numpy.typing as npt

from clew.names.fold import fold
from clew.names.search import search_keys
from clew.screening.entries import Entry
from clew.screening.keys import object_keys

__all__ = [
    "CandidateIndex",
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


class CandidateIndex:
    """Postings from name parts to persons; thread-safe for one writer."""

    def __init__(self) -> None:
        self.entries: dict[int, Entry] = {}
        self.last_seq = 0
        self._lock = threading.RLock()
        # Slots: the entry (None once dead), its year of birth, whether it is dead.
        self._slot_of: dict[int, int] = {}
        self._slot_entries: list[Entry | None] = []
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

    def __len__(self) -> int:
        return len(self.entries)

    # --- writing ------------------------------------------------------------------------------

    def _key(self, text: str) -> int:
        key = self._vocab.get(text)
        if key is None:
            key = self._vocab[text] = len(self._vocab)
        return key

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
            slot = len(self._slot_entries)
            self._slot_entries.append(entry)
            self._years.append(birth_year(entry.data) if entry.kind == "person" else 0)
            self._dead.append(0)
            self._slot_of[entry.record_id] = slot
            self.entries[entry.record_id] = entry
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
        self.entries.pop(record_id, None)
        slot = self._slot_of.pop(record_id, None)
        if slot is not None:
            self._slot_entries[slot] = None
            self._dead[slot] = 1
            if slot < len(self._dead_np):
                self._dead_np[slot] = True

    def compact(self) -> None:
        """Fold the pending and delta postings into the CSR arrays, dropping dead slots
        (vectorised: one stable sort of every (key, slot) pair)."""
        with self._lock:
            self._compact()

    def _compact(self) -> None:
        vocab = len(self._vocab)
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

    # --- reading ------------------------------------------------------------------------------

    def _ready(self) -> None:
        """Compact after a bulk load or when the live delta has grown large; keep the per-slot
        arrays as long as the slots."""
        if len(self._pending_keys) or self._delta_size > DELTA_LIMIT:
            self._compact()
        elif len(self._years_np) < len(self._years):
            self._years_np = np.frombuffer(self._years, dtype=np.int16).copy()
            self._dead_np = np.frombuffer(self._dead, dtype=np.int8).astype(np.bool_)

    def _slots(self, text: str) -> list[Slots]:
        key = self._vocab.get(text)
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
            total = max(len(self.entries), 1)
            scratch = self._scratch
            scratch.ensure(len(self._years_np))
            weights, part = scratch.weights, scratch.part
            touched: list[Slots] = []
            for token in query:
                exact = self._slots("=" + token)
                variants = deletions(token)
                near = [s for v in (*variants, token) for s in self._slots("~" + v)]
                near += [s for v in variants for s in self._slots("=" + v)]
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
            ids = np.unique(np.concatenate(touched))
            score = weights[ids]
            weights[ids] = 0.0
            score[self._dead_np[ids]] = -1.0
            chosen = self._rank(ids, score, birth_year, limit)
            found = [self._slot_entries[int(s)] for s in chosen]
        return [entry for entry in found if entry is not None]

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
