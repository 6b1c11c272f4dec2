"""Partial and obliterated firearm serials: wildcard patterns and how they are searched.

A pattern is a serial with wildcards: ``*`` stands for any run of characters (none included),
``?`` for exactly one. Like a serial, it is upper-cased and everything but letters, digits and
the two wildcards is dropped (``ab-12*45`` is ``AB12*45``). A pattern with no wildcard is an
exact serial and keeps the NCIC rule (:mod:`clew.identifiers.firearms`).

The search rule, so a search stays cheap at 1.5 million records:

- The pattern is matched against a record's serial *and* its NCIC core (letters between digits
  dropped), so ``1234*`` finds ``12AB345``, as an exact NCIC search would.
- Where the pattern starts with letters or digits (its *literal prefix*, ``AB12`` of
  ``AB12*45``), the search is a range scan of the ``(key, value)`` index of ``record_keys``
  (``AB12`` <= value < ``AB13``) filtered by the whole pattern: it reads only the serials with
  that prefix.
- A pattern that opens with one ``?`` before letters or digits (``?B12*45``, the first character
  ground off) is the same range scan for each of the 36 characters the ``?`` can be
  (``0B12``...``ZB12``): 36 index seeks, not a scan. At most :data:`SCAN_LIMIT` matches are kept
  (the newest records first), as for the scan below.
- Any other pattern that starts with a wildcard (``*1234``, ``??12*``) cannot use the index
  order: the serial keys are scanned, at most :data:`SCAN_LIMIT` matches are kept (the newest
  records first).
- A pattern needs at least :data:`MIN_LITERALS` letters or digits (``*``, ``A*`` or ``??1`` would
  match much of the table and say nothing).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, TextClause, and_, select, text
from sqlalchemy.sql import Select

from clew.identifiers import serial_core
from clew.records.models import RecordKey

__all__ = [
    "MIN_LITERALS",
    "SCAN_LIMIT",
    "SerialPattern",
    "has_wildcards",
    "matching_records",
    "parse_pattern",
]

MIN_LITERALS = 3
SCAN_LIMIT = 10_000
WILDCARDS = "*?"
SERIAL_KEYS = ("serial", "serial_core")


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


def _prefixes(pattern: SerialPattern) -> list[str]:
    """The literal prefixes every serial that fits starts with, one of them at least: the
    pattern's own (``AB12`` of ``AB12*45``); for a pattern that opens with a single ``?`` and
    then letters or digits (``?B12*45``), that ``?`` as each character of :data:`ALPHABET`
    (``0B12``, ..., ``ZB12``); none for any other pattern (``*1234``, ``??12*``: scanned)."""
    if pattern.prefix:
        return [pattern.prefix]
    opening = re.match(r"\?([A-Z0-9]+)", pattern.text)
    if opening is None:
        return []
    return [c + opening.group(1) for c in ALPHABET]


@functools.cache
def _ranges(bounded: tuple[bool, ...]) -> TextClause:
    """``OR`` of one term per literal prefix (``bounded``: whether each has a bound above): an
    index range of both serial keys filtered by the pattern, values left as parameters.

    Flat, so each term of the ``OR`` is an index search (SQLite does not spread a nested ``OR``
    over an index), and SQL text made once per shape: building the 36 terms of ``?B12*45`` as
    expressions, or copying them with new values, took longer than the index seeks themselves.
    """
    table = RecordKey.__tablename__
    key, value = f"{table}.key", f"{table}.value"
    serial_keys = ", ".join(f"'{k}'" for k in SERIAL_KEYS)
    terms = []
    for i, upper in enumerate(bounded):
        term = f"{key} IN ({serial_keys}) AND {value} >= :serial_from_{i}"
        if upper:
            term += f" AND {value} < :serial_below_{i}"
        terms.append(f"({term} AND {value} LIKE :serial_like)")
    return text(" OR ".join(terms))


def _condition(pattern: SerialPattern) -> ColumnElement[bool] | TextClause:
    # Values are upper-case letters and digits only: no LIKE escape is needed, and LIKE's case
    # folding (SQLite) changes nothing.
    prefixes = _prefixes(pattern)
    if not prefixes:  # the scan
        return and_(RecordKey.key.in_(SERIAL_KEYS), RecordKey.value.like(pattern.like))
    above = [_after(prefix) for prefix in prefixes]
    values: dict[str, str] = {"serial_like": pattern.like}
    for i, (prefix, below) in enumerate(zip(prefixes, above, strict=True)):
        values[f"serial_from_{i}"] = prefix
        if below is not None:
            values[f"serial_below_{i}"] = below
    return _ranges(tuple(b is not None for b in above)).bindparams(**values)


def matching_records(pattern: SerialPattern) -> Select[int]:
    """The ids of records whose serial or NCIC core fits the pattern (see the module rule).

    Without a literal prefix the scan keeps at most :data:`SCAN_LIMIT` ids, newest first."""
    stmt = select(RecordKey.record_id).where(_condition(pattern)).distinct()
    if not pattern.prefix:
        stmt = stmt.order_by(RecordKey.record_id.desc()).limit(SCAN_LIMIT)
    return stmt
