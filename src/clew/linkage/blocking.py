"""Blocking: which pairs are worth comparing, without comparing every entity with every other.

Each entity gets keys from several passes; two entities are a candidate pair when they share
a key of one pass (the union over passes), and only entities of the same kind are paired:

* ``identifier``: each identifier's type and number, OCR confusions folded (``O`` as ``0``),
  so exact and ``close`` numbers meet;
* ``phone``: the last seven digits of each phone;
* ``birth date``: a full date of birth (a year or a month alone is too common to block on);
* ``full name``: the skeletons (``clew.names.variants.skeleton``, the same key for
  ``Yulia``, ``IULIIA`` and ``Юлия``) of a name's parts, sorted: any order, any script, and
  particles and initials left out;
* ``name + year``: one part's skeleton with the year of birth (a typo in the other parts, or
  in the day or month);
* ``name + postcode``, ``name + locality``: one part's skeleton with the postcode, or with the
  locality's first word (the same person at the same place, date of birth unknown or
  mistyped);
* ``signature``: everything compared, exactly: two entities that say the same things always
  meet, whatever the other passes do.

A block that would make more than ``max_pairs`` pairs (a very common name in one year, a
placeholder date of birth) is skipped by every pass but ``signature``: it identifies nobody,
and its pairs are still found by the other, narrower passes when they have anything else in
common. Pairs come out in a deterministic order (by index).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from clew.linkage.candidate import MIN_PHONE_DIGITS, Prepared
from clew.names.compare import name_parts
from clew.screening.documents import ocr_fold

__all__ = ["MAX_PAIRS", "block_keys", "candidate_pairs", "dedupe_pairs"]

MAX_PAIRS = 20_000
"""The default largest block (in pairs) that blocking compares (see the module docstring)."""
MAX_COMBINATIONS = 8
"""At most this many spellings of one full-name key (a part with several romanisations)."""

Key = str
"""A blocking key: the pass, the kind and the values, joined by a unit separator (strings,
not tuples: the garbage collector need not track a million of them)."""
_SEP = "\x1f"
_SIGNATURE = "signature" + _SEP


def _name_keys(prepared: Prepared) -> tuple[list[str], list[str]]:
    """The full-name keys, and every part's skeletons (for the composite passes)."""
    full: list[str] = []
    parts: set[str] = set()
    for name in prepared.names:
        found = [p for p in name_parts(name, person=prepared.person)
                 if p.skeletons and not p.particle and not p.initial]  # fmt: skip
        if not found:
            continue
        spellings: list[list[str]] = [[]]
        for part in found:
            parts.update(part.skeletons)
            options = sorted(part.skeletons)
            spellings = [[*s, o] for s in spellings for o in options][:MAX_COMBINATIONS]
        full.extend(" ".join(sorted(s)) for s in spellings)
    return full, sorted(parts)


def block_keys(prepared: Prepared) -> set[Key]:
    """Every blocking key of one entity (see the module docstring)."""
    kind = prepared.candidate.kind + _SEP
    keys: set[Key] = set()
    for id_kind, number in prepared.identifiers.items():
        keys.add(f"identifier{_SEP}{kind}{id_kind}{_SEP}{ocr_fold(number)}")
    for phone in prepared.phones:
        keys.add(f"phone{_SEP}{kind}{phone[-MIN_PHONE_DIGITS:]}")
    date = prepared.birth_date
    if date is not None and date.day is not None:
        keys.add(f"birth date{_SEP}{kind}{date}")
    full, parts = _name_keys(prepared)
    keys.update(f"full name{_SEP}{kind}{key}" for key in full)
    town = prepared.locality.split()[0] if prepared.locality else ""
    year = str(date.year) if date is not None else ""
    for part in parts:
        if year:
            keys.add(f"name + year{_SEP}{kind}{part}{_SEP}{year}")
        if prepared.postcode:
            keys.add(f"name + postcode{_SEP}{kind}{part}{_SEP}{prepared.postcode}")
        if town:
            keys.add(f"name + locality{_SEP}{kind}{part}{_SEP}{town}")
    signature = prepared.signature()
    if any(signature[1:]):  # an entity that says nothing meets nobody
        keys.add(_SIGNATURE + repr(signature))
    return keys


def _index(items: Sequence[Prepared]) -> dict[Key, list[int]]:
    index: dict[Key, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for key in block_keys(item):
            index[key].append(i)
    return index


def candidate_pairs(
    left: Sequence[Prepared], right: Sequence[Prepared], *, max_pairs: int = MAX_PAIRS
) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of an entity of ``left`` and one of ``right`` sharing a key."""
    right_index = _index(right)
    pairs: set[tuple[int, int]] = set()
    for key, lefts in _index(left).items():
        rights = right_index.get(key)
        if not rights:
            continue
        if not key.startswith(_SIGNATURE) and len(lefts) * len(rights) > max_pairs:
            continue
        pairs.update((i, j) for i in lefts for j in rights)
    return sorted(pairs)


def dedupe_pairs(items: Sequence[Prepared], *, max_pairs: int = MAX_PAIRS) -> list[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, of entities of one list sharing a key."""
    pairs: set[tuple[int, int]] = set()
    for key, members in _index(items).items():
        if len(members) < 2:
            continue
        if not key.startswith(_SIGNATURE) and len(members) * (len(members) - 1) // 2 > max_pairs:
            continue
        pairs.update(_within(members))
    return sorted(pairs)


def _within(members: list[int]) -> Iterator[tuple[int, int]]:
    for n, i in enumerate(members):
        for j in members[n + 1 :]:
            yield (i, j) if i < j else (j, i)
