"""Partial and obliterated firearm serials: wildcard patterns and how they are searched.

A pattern is a serial with wildcards: ``*`` stands for any run of characters (none included),
``?`` for exactly one. Like a serial, it is upper-cased and everything but letters, digits and
the two wildcards is dropped (``ab-12*45`` is ``AB12*45``). A pattern with no wildcard is an
exact serial and keeps the NCIC rule (:mod:`clew.identifiers.firearms`).

The search rule, so every search is an index range at 1.5 million records, whatever the shape:

- The pattern is matched against a record's serial *and* its NCIC core (letters between digits
  dropped), so ``1234*`` finds ``12AB345``, as an exact NCIC search would.
- Where the pattern starts with letters or digits (its *literal prefix*, ``AB12`` of
  ``AB12*45``), the search is a range scan of the ``(key, value)`` index of ``record_keys``
  (``AB12`` <= value < ``AB13``) filtered by the whole pattern: it reads only the serials with
  that prefix.
- Otherwise (``*1234``, ``??12345``, ``?B12*45``, ``*123*``) the search seeks the pattern's
  longest run of letters or digits (its *anchor*, ``1234``, ``12345``, ``B12``, ``123``) among
  the serials and their suffixes: a firearm record is also stored under every proper suffix of
  its serial and NCIC core at least :data:`MIN_LITERALS` long (``serial_suffix`` keys,
  :func:`suffix_keys`), so wherever the anchor stands in a serial, one key starts with it. The
  keys in the anchor's range that fit the rest of the pattern from the anchor on name the
  candidates; a candidate is found when its serial or core fits the whole pattern. What is read
  grows with the serials that hold the anchor, not with the table, and nothing is cut off: every
  record that fits is found (a hidden record takes no place of a visible one).
- Of several runs, the longest is sought (the first of equal length; the literal prefix first),
  as long as the pattern from it on holds at least :data:`MIN_LITERALS` characters besides
  ``*`` (the shortest suffix stored).
- A pattern needs at least :data:`MIN_LITERALS` letters or digits (``*``, ``A*`` or ``??1`` would
  match much of the table and say nothing).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sqlalchemy import Integer, TextClause, literal_column, select, text
from sqlalchemy.sql import Select

from clew.identifiers import serial_core
from clew.records.models import RecordKey

__all__ = [
    "MIN_LITERALS",
    "SUFFIX_KEY",
    "SerialPattern",
    "has_wildcards",
    "matching_records",
    "parse_pattern",
    "suffix_keys",
]

MIN_LITERALS = 3
WILDCARDS = "*?"
SERIAL_KEYS = ("serial", "serial_core")
SUFFIX_KEY = "serial_suffix"


def suffix_keys(*serials: str) -> list[str]:
    """The ``serial_suffix`` key values of a record's serial and NCIC core: every proper suffix
    of each at least :data:`MIN_LITERALS` long, once (``AB12345`` -> ``B12345`` ... ``345``).
    With the serials themselves (``serial``, ``serial_core``) they are every place a literal
    run of a pattern may start at, so any pattern is an index range (see the module rule)."""
    found = [value[i:] for value in serials for i in range(1, len(value) - MIN_LITERALS + 1)]
    return list(dict.fromkeys(found))


def has_wildcards(text: str) -> bool:
    return any(c in text for c in WILDCARDS)


@dataclass(frozen=True, slots=True)
class SerialPattern:
    """A normalised pattern: its text (``AB12*45``), literal prefix (``AB12``), its LIKE form
    (``AB12%45``) and a regular expression that tells whether a serial fits it."""

    text: str
    prefix: str
    like: str
    regex: re.Pattern[str]

    def fits(self, serial: str) -> bool:
        """Whether a serial (or its NCIC core) fits the pattern."""
        if self.regex.fullmatch(serial):
            return True
        try:
            return bool(self.regex.fullmatch(serial_core(serial)))
        except ValueError:
            return False


def parse_pattern(text: str) -> SerialPattern:
    """The pattern of ``text``; raises ``ValueError`` when it has no wildcard, fewer than
    :data:`MIN_LITERALS` letters or digits, or is longer than 30 characters."""
    value = "".join(c for c in text if c in WILDCARDS or (c.isascii() and c.isalnum())).upper()
    value = re.sub(r"\*+", "*", value)
    if not has_wildcards(value):
        raise ValueError("has no wildcard (* or ?)")
    if sum(c.isalnum() for c in value) < MIN_LITERALS:
        raise ValueError(f"needs at least {MIN_LITERALS} letters or digits besides * and ?")
    if len(value) > 30:
        raise ValueError("is longer than 30 characters")
    prefix = re.match(r"[A-Z0-9]*", value)
    regex = "".join(".*" if c == "*" else "." if c == "?" else c for c in value)
    like = value.replace("*", "%").replace("?", "_")
    return SerialPattern(value, prefix.group(0) if prefix else "", like, re.compile(regex))


ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""What a stored serial (and its NCIC core) is written in: normalised, upper-case ASCII letters
and digits."""


def _after(prefix: str) -> str | None:
    """The smallest serial above every serial starting with ``prefix``, in the order of the
    alphabet serials are written in (digits, then A-Z: the same in byte order and in the usual
    collations): ``AB12`` -> ``AB13``, ``AB19`` -> ``AB1A``, ``ABZ`` -> ``AC``; ``None`` for
    ``ZZ`` (no bound above)."""
    while prefix and prefix[-1] == "Z":
        prefix = prefix[:-1]
    if not prefix:
        return None
    return prefix[:-1] + ALPHABET[ALPHABET.index(prefix[-1]) + 1]


@dataclass(frozen=True, slots=True)
class _Anchor:
    """The run of letters or digits a search seeks: ``run`` itself, and ``tail``, the pattern
    from it on (the LIKE form) that a key starting with it must fit."""

    run: str
    tail: str


def _anchor(pattern: SerialPattern) -> _Anchor | None:
    """The run a pattern without a literal prefix seeks (see the module rule); ``None`` for a
    pattern with one (its prefix is sought among the serials themselves)."""
    if pattern.prefix:
        return None
    best: _Anchor | None = None
    for found in re.finditer(r"[A-Z0-9]+", pattern.text):
        rest = pattern.text[found.start() :]
        if len(rest) - rest.count("*") < MIN_LITERALS:
            break  # every later run leaves less
        if best is None or len(found.group(0)) > len(best.run):
            best = _Anchor(found.group(0), rest.replace("*", "%").replace("?", "_"))
    return best


def _range(alias: str, keys: tuple[str, ...], bounded: bool) -> str:
    column = f"{alias}.value"
    listed = ", ".join(f"'{k}'" for k in keys)
    term = f"{alias}.key IN ({listed}) AND {column} >= :serial_from"
    if bounded:
        term += f" AND {column} < :serial_below"
    return term


@functools.cache
def _prefix_search(bounded: bool) -> TextClause:
    """The serials (and cores) in the prefix's range that fit the pattern."""
    return text(
        f"{_range('record_keys', SERIAL_KEYS, bounded)} AND record_keys.value LIKE :serial_like"
    )


@functools.cache
def _anchored_search(bounded: bool) -> TextClause:
    """Keys starting with the anchor that fit the pattern from it on (``c``, an index range),
    then the same record's serial or core that fits the whole pattern (``s``). ``CROSS JOIN``
    keeps that order on SQLite (which would otherwise be free to scan ``s``); values are
    letters and digits only, so no LIKE escape is needed and LIKE's case folding changes
    nothing."""
    keys = (*SERIAL_KEYS, SUFFIX_KEY)
    serials = ", ".join(f"'{k}'" for k in SERIAL_KEYS)
    return text(
        f"{_range('c', keys, bounded)} AND c.value LIKE :serial_tail"
        f" AND s.record_id = c.record_id AND s.key IN ({serials}) AND s.value LIKE :serial_like"
    )


def matching_records(pattern: SerialPattern) -> Select[int]:
    """The ids of records whose serial or NCIC core fits the pattern (see the module rule)."""
    anchor = _anchor(pattern)
    run = anchor.run if anchor else pattern.prefix
    below = _after(run)
    values = {"serial_from": run, "serial_like": pattern.like}
    if below is not None:
        values["serial_below"] = below
    if anchor is None:
        condition = _prefix_search(below is not None).bindparams(**values)
        return select(RecordKey.record_id).where(condition).distinct()
    values["serial_tail"] = anchor.tail
    condition = _anchored_search(below is not None).bindparams(**values)
    found: Select[int] = (
        select(literal_column("s.record_id", Integer))
        .select_from(
            text(f"{RecordKey.__tablename__} AS c CROSS JOIN {RecordKey.__tablename__} AS s")
        )
        .where(condition)
        .distinct()
    )
    return found
