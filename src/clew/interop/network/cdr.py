"""Call-detail records (CDR) in CSV: who called whom, when, for how long.

One row per call, columns through a mapping (:data:`~clew.interop.network.mapping.CDR_FIELDS`,
guessed from names such as ``caller``/``callee``, ``A-party``/``B-party``, ``calling
number``/``called number``, ``start time``, ``duration``). Each number becomes a ``phone``
node the first time it is seen (keyed and labelled by its normalised form, see
:func:`normalise_phone`), each call a directed ``called`` edge dated to its day, with
``duration`` (seconds) in its attrs when the file has it.

With ``aggregate=True`` a pair of numbers gets one edge, yielded after the last row at the line
of its first call: its weight is the number of calls, ``start``/``end`` the first and last
day, and its attrs ``calls`` (the count) and ``duration`` (the total, when known). A call from
a number to itself is read like any other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from clew.graph.items import Edge, Node
from clew.intel.vocabulary import EntityKind, LinkKind
from clew.interop.network.mapping import CDR_FIELDS, FieldMap
from clew.interop.network.parsed import ParsedItem, Source
from clew.interop.network.table import Cells, read_table
from clew.interop.network.values import parse_date, parse_duration

__all__ = ["normalise_phone", "read_cdr_csv"]

_SEPARATORS: Final = re.compile(r"[\s.\-/()\u00a0]")
_TRUNK: Final = re.compile(r"^(\+\d{1,3})\s*\(0\)")
_MIN_DIGITS, _MAX_DIGITS = 3, 15
_CLEAN: Final = re.compile(r"\+[0-9]{3,15}|(?!00)[0-9]{3,15}")


def normalise_phone(text: str) -> str:
    """A phone number as ``+`` and digits (international) or digits alone (national).

    Spaces, dots, hyphens, slashes and brackets are dropped; a ``tel:`` prefix too. A leading
    ``00`` is the international prefix and becomes ``+``; a ``(0)`` written after the country
    code (``+44 (0)20 ...``) is dropped. A national number (no ``+`` or ``00``) is kept as its
    digits, leading zero included: the file does not say its country, and guessing would join
    different subscribers. Raises :class:`ValueError` for any other character, and for fewer
    than 3 or more than 15 digits (the E.164 maximum). Normalising twice gives the same.
    """
    cleaned = text.strip()
    if _CLEAN.fullmatch(cleaned):  # already as it should be: the common case
        return cleaned
    if cleaned.lower().startswith("tel:"):
        cleaned = cleaned[4:]
    cleaned = _TRUNK.sub(r"\1", cleaned)
    cleaned = _SEPARATORS.sub("", cleaned)
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    digits = cleaned[1:] if cleaned.startswith("+") else cleaned
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"'{text[:30]}' is not a phone number (digits, + and spaces)")
    if not _MIN_DIGITS <= len(digits) <= _MAX_DIGITS:
        raise ValueError(
            f"'{text[:30]}' has {len(digits)} digits; a phone number has {_MIN_DIGITS} to"
            f" {_MAX_DIGITS}"
        )
    return cleaned


@dataclass(slots=True)
class _Pair:
    line: int
    source: str
    calls: int = 0
    first: date | None = None
    last: date | None = None
    duration: int | None = None

    def add(self, day: date | None, seconds: int | None) -> None:
        self.calls += 1
        if day is not None:
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
        if seconds is not None:
            self.duration = (self.duration or 0) + seconds


def read_cdr_csv(
    data: Source,
    mapping: FieldMap | None = None,
    *,
    aggregate: bool = False,
    kind: str = LinkKind.CALLED,
) -> Iterator[ParsedItem]:
    """Read call-detail records (see the module docstring); ``mapping`` guessed when ``None``."""
    link = LinkKind(kind).value
    seen: set[str] = set()
    pairs: dict[tuple[str, str], _Pair] = {}
    for row in read_table(data, CDR_FIELDS, mapping):
        if isinstance(row, ParsedItem):
            yield row
            continue
        cells = Cells(row)
        numbers = [cells.parse(name, normalise_phone) for name in ("caller", "callee")]
        for name in ("caller", "callee"):
            if name not in row.values:
                cells.fail(name, "is empty")
        day = cells.parse("start", parse_date)
        seconds = cells.parse("duration", parse_duration)
        caller, callee = numbers
        if cells.errors or caller is None or callee is None:
            yield ParsedItem(row.line, None, cells.errors, row.source)
            continue
        for number in (caller, callee):
            if number not in seen:
                seen.add(number)
                yield ParsedItem(
                    row.line, Node(number, EntityKind.PHONE.value, number), [], row.source
                )
        if aggregate:
            pairs.setdefault((caller, callee), _Pair(row.line, row.source)).add(day, seconds)
            continue
        attrs: dict[str, Any] = {} if seconds is None else {"duration": seconds}
        edge = Edge(caller, callee, link, 1.0, day, day, True, cells.text("key") or "", attrs)
        yield ParsedItem(row.line, edge, [], row.source)
    for (caller, callee), pair in pairs.items():
        attrs = {"calls": pair.calls}
        if pair.duration is not None:
            attrs["duration"] = pair.duration
        edge = Edge(caller, callee, link, float(pair.calls), pair.first, pair.last, True, "", attrs)
        yield ParsedItem(pair.line, edge, [], pair.source)
