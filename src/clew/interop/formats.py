"""The file formats Clew reads and writes, by name, and a guess at which one a file is in.

Each :class:`Format` pairs a reader (text stream -> :class:`~clew.interop.rows.ParsedRow`) with a
writer (records -> text stream, returning how many records the format could not carry). A new
format is one module and one line in :data:`FORMATS`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from types import MappingProxyType
from typing import Final, TextIO

from clew.errors import ValidationError
from clew.interop.csv_format import read_csv, write_csv
from clew.interop.ftm import read_ftm, write_ftm
from clew.interop.interpol import read_interpol, write_interpol
from clew.interop.rows import ParsedRow
from clew.records.schemas import RecordPublic

__all__ = ["FORMATS", "Format", "detect_format", "get_format"]

Reader = Callable[[TextIO], Iterator[ParsedRow]]
Writer = Callable[[Iterable[RecordPublic], TextIO], int]


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    label: str
    extensions: tuple[str, ...]
    media_type: str
    read: Reader
    write: Writer


FORMATS: Final[Mapping[str, Format]] = MappingProxyType(
    {
        "csv": Format(
            "csv", "CSV (spreadsheet)", (".csv", ".tsv", ".txt"), "text/csv", read_csv, write_csv
        ),
        "interpol": Format(
            "interpol", "INTERPOL red notices (JSON)", (".json",), "application/json",
            read_interpol, write_interpol,
        ),
        "ftm": Format(
            "ftm", "FollowTheMoney entities (JSON lines)",
            (".ftm", ".ijson", ".jsonl", ".ndjson"), "application/x-ndjson", read_ftm, write_ftm,
        ),
    }
)  # fmt: skip


def get_format(name: str) -> Format:
    """The format called ``name`` (any case); a field error on ``format`` when there is none."""
    found = FORMATS.get(name.strip().lower())
    if found is None:
        raise ValidationError.field("format", f"'{name[:20]}' is not one of {', '.join(FORMATS)}")
    return found


def detect_format(filename: str, first_bytes: bytes) -> str:
    """Name the format of a file from its first bytes, then from its name.

    The content decides first, since file names lie: a first line that is a JSON object with a
    ``schema`` (or, cut short, mentions ``schema`` or ``properties``) is FollowTheMoney; other
    JSON (``{`` or ``[``) is INTERPOL. Then the extension (``.csv``, ``.json``, ``.jsonl``...).
    Last, text whose first line has a ``kind`` column is CSV. Give at least the first line (a
    few kilobytes); a cut multi-byte character at the end is ignored. Raises a field error on
    ``format`` when nothing fits.
    """
    text = first_bytes.decode("utf-8", errors="ignore").lstrip("\ufeff").lstrip()
    first_line = text.partition("\n")[0].strip()
    if first_line.startswith("{"):
        try:
            entity = json.loads(first_line)
        except (ValueError, RecursionError):  # a cut line, a pretty-printed notice...
            entity = None
        if isinstance(entity, dict) and "schema" in entity:
            return "ftm"
        if entity is None and ('"schema"' in first_line or '"properties"' in first_line):
            return "ftm"  # a long first line, cut: INTERPOL notices have neither key
        return "interpol"
    if first_line.startswith("["):
        return "interpol"
    suffix = PurePath(filename).suffix.lower()
    for name, found in FORMATS.items():
        if suffix and suffix in found.extensions:
            return name
    if "kind" in first_line.lower():
        return "csv"
    raise ValidationError.field(
        "format", "cannot tell the format of this file: choose csv, interpol or ftm"
    )
