"""The in-memory candidate index of one server process.

Persons are found by their name parts: every folded form of every part (the native script
transliterated, each Latin form, aliases), plus each part's one-deletion variants so that one
typo — a wrong, missing or extra letter — still meets (the symmetric-delete idea). Objects are
found by exact keys: document numbers, VINs, plates and firearm serials (NCIC core), in their
OCR-folded forms. Candidates are ranked by the rarity of the parts they share (a rare surname
counts more than "Ivan") and only the best few are scored.

The index holds *every* active record, hidden ones included: the caller decides what to show
(see :func:`~clew.screening.entries.can_see`) and the owner of a hidden record is told silently.
Updates and cancellations replace or drop one record's entries without a rebuild.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from clew.names.fold import fold
from clew.names.icao import icao_transliterate
from clew.screening.documents import ocr_fold
from clew.screening.entries import Entry

__all__ = ["CandidateIndex", "deletions", "object_keys", "person_tokens"]

MIN_DELETION_LENGTH = 4
POOL = 2000


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


def person_tokens(data: dict[str, Any]) -> set[str]:
    """Folded name parts, plus their passport (ICAO 9303) forms where those differ, so that a
    typo in a passport spelling (IULIIA) still meets a record written in Cyrillic (Юлия)."""
    texts = _name_texts(data)
    forms = [fold(text) for text in texts] + [fold(icao_transliterate(text)) for text in texts]
    return {t for form in forms for t in form.split() if len(t) > 1}


def object_keys(kind: str, data: dict[str, Any]) -> set[str]:
    from clew.identifiers import serial_core

    keys: set[str] = set()
    if kind == "document" and data.get("number"):
        keys.add("doc:" + ocr_fold(str(data["number"]).upper()))
    if kind == "vehicle":
        if data.get("vin"):
            keys.add("vin:" + ocr_fold(str(data["vin"]).upper()))
        if data.get("plate"):
            keys.add("plate:" + ocr_fold(fold(str(data["plate"])).replace(" ", "").upper()))
    if kind == "firearm" and data.get("serial_number"):
        keys.add("serial:" + ocr_fold(serial_core(str(data["serial_number"]))))
    if kind == "person":
        for identifier in data.get("identifiers") or []:
            if isinstance(identifier, dict) and identifier.get("number"):
                keys.add("doc:" + ocr_fold(str(identifier["number"]).upper()))
    return keys


class CandidateIndex:
    """Postings from name parts and object keys to record ids; thread-safe for one writer."""

    def __init__(self) -> None:
        self.entries: dict[int, Entry] = {}
        self._tokens: dict[str, set[int]] = defaultdict(set)
        self._typos: dict[str, set[int]] = defaultdict(set)
        self._keys: dict[str, set[int]] = defaultdict(set)
        self._by_record: dict[int, tuple[set[str], set[str], set[str]]] = {}
        self._lock = threading.Lock()
        self.last_seq = 0

    def __len__(self) -> int:
        return len(self.entries)

    def put(self, entry: Entry) -> None:
        """Add a record, or replace what the index held for it."""
        tokens = person_tokens(entry.data) if entry.kind == "person" else set()
        typos = {d for t in tokens for d in deletions(t)}
        keys = object_keys(entry.kind, entry.data)
        with self._lock:
            self._drop(entry.record_id)
            self.entries[entry.record_id] = entry
            for t in tokens:
                self._tokens[t].add(entry.record_id)
            for d in typos:
                self._typos[d].add(entry.record_id)
            for k in keys:
                self._keys[k].add(entry.record_id)
            self._by_record[entry.record_id] = (tokens, typos, keys)

    def put_many(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.put(entry)

    def remove(self, record_id: int) -> None:
        with self._lock:
            self._drop(record_id)

    def _drop(self, record_id: int) -> None:
        self.entries.pop(record_id, None)
        held = self._by_record.pop(record_id, None)
        if held is None:
            return
        for postings, values in zip((self._tokens, self._typos, self._keys), held, strict=True):
            for value in values:
                ids = postings.get(value)
                if ids is not None:
                    ids.discard(record_id)
                    if not ids:
                        del postings[value]

    def person_candidates(
        self, names: Iterable[str], *, birth_year: int | None = None, limit: int = 100
    ) -> list[Entry]:
        """Persons sharing name parts with the query, best first (rare parts weigh more).

        With a year of birth, the best ``POOL`` by name are re-ranked so that persons born within
        a year of it come first: among a million persons the namesakes of a common name would
        otherwise crowd the right one out.
        """
        query = {t for text in names for t in fold(text).split() if len(t) > 1}
        total = max(len(self.entries), 1)
        weights: dict[int, float] = defaultdict(float)
        for token in query:
            exact = self._tokens.get(token, set())
            near: set[int] = set()
            for variant in deletions(token) | {token}:
                near |= self._typos.get(variant, set())
            for variant in deletions(token):
                near |= self._tokens.get(variant, set())
            for ids, factor in ((exact, 1.0), (near - exact, 0.7)):
                if not ids:
                    continue
                rarity = math.log(1 + total / len(ids))
                for record_id in ids:
                    weights[record_id] += factor * rarity
        if birth_year is None:
            best = heapq.nlargest(limit, weights.items(), key=lambda item: item[1])
            return [self.entries[record_id] for record_id, _ in best if record_id in self.entries]
        pool = heapq.nlargest(POOL, weights.items(), key=lambda item: item[1])
        bonus = max((w for _, w in pool), default=0.0)
        ranked = []
        for record_id, weight in pool:
            entry = self.entries.get(record_id)
            if entry is None:
                continue
            born = str(entry.data.get("date_of_birth") or "")[:4]
            close = born.isdigit() and abs(int(born) - birth_year) <= 1
            ranked.append((weight + (bonus if close else 0.0), entry))
        ranked.sort(key=lambda item: -item[0])
        return [entry for _, entry in ranked[:limit]]

    def key_candidates(self, keys: Iterable[str]) -> list[Entry]:
        found: set[int] = set()
        for key in keys:
            found |= self._keys.get(key, set())
        return [self.entries[i] for i in sorted(found) if i in self.entries]
